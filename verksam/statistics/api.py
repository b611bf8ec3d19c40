"""The API of Sweden's areas, the statistics catalogue and the stored values.

Published statistics are open data: every route is readable without a token.
Each value carries its provenance (source, where and when it was retrieved,
licence) and the credit line its source asks for.
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, PageQuery, page_schema, paginate
from verksam.organisations.areas import AreaCodeError, all_areas, area_list, area_name
from verksam.organisations.areas import normalise_code as normalise_area_code
from verksam.statistics import catalogue, selectors
from verksam.statistics.choices import ValueSource

router = Router(tags=["statistics"])


class AreaOut(Schema):
    code: str = Field(
        description="SCB's code: 00 Sweden, two digits a county, four a municipality."
    )
    name: str
    kind: str = Field(description="country, county or municipality.")
    county_code: str


class AreaListOut(Schema):
    valid_from: str = Field(description="The date the list holds from.")
    source: str
    items: list[AreaOut]


class AreaFilters(Schema):
    kind: str = Field("", pattern=r"^(|country|county|municipality)$")


@router.get(
    "/statistics/areas",
    response={200: AreaListOut, **READ_ERRORS},
    url_name="statistics_area_list",
    summary="Sweden's areas",
)
def area_list_route(request: HttpRequest, filters: Query[AreaFilters]):
    shipped = area_list()
    areas = [area for area in all_areas() if not filters.kind or area.kind == filters.kind]
    return {"valid_from": shipped.valid_from, "source": shipped.source, "items": areas}


class TermOut(Schema):
    source: str = Field(description="bibstat (KB) or kolada.")
    key: str
    name: str
    description: str
    unit: str
    kind: str = Field(description="count or ratio.")
    direction: str
    retired: bool


class TermFilters(Schema):
    q: str = Field("", max_length=100, description="Words to find, in Swedish.")
    source: str = Field("", pattern=r"^(|bibstat|kolada)$")


TermPage = page_schema("StatisticsTermPage", TermOut)


@router.get(
    "/statistics/terms",
    response={200: TermPage, **READ_ERRORS},
    url_name="statistics_term_list",
    summary="Search the statistics catalogue",
)
def term_list(request: HttpRequest, filters: Query[TermFilters], page: Query[PageQuery]):
    found = catalogue.search(filters.q, source=filters.source)
    return {
        "count": len(found),
        "limit": page.limit,
        "offset": page.offset,
        "items": found[page.offset : page.offset + page.limit],
    }


class ValueOut(Schema):
    term: str
    area_code: str
    area_name: str
    year: int
    value: Decimal
    source: ValueSource
    retrieved_at: datetime.datetime
    retrieved_from: str = Field(description="The address or file the value was read from.")
    licence: str
    credit: str = Field(description="The credit line the source asks for.")
    library_name: str

    @staticmethod
    def resolve_area_name(value) -> str:
        return area_name(value.area_code)

    @staticmethod
    def resolve_retrieved_from(value) -> str:
        return value.origin


class ValueFilters(Schema):
    term: str = Field("", max_length=40, pattern=r"^[A-Za-z0-9_.-]*$")
    area: str = Field("", max_length=4, pattern=r"^\d{0,4}$", description="E.g. 0880 or 08.")
    year: int | None = Field(None, ge=1990, le=2100)


ValuePage = page_schema("StatisticValuePage", ValueOut)


@router.get(
    "/statistics/values",
    response={200: ValuePage, **READ_ERRORS},
    url_name="statistics_value_list",
    summary="Stored statistics values with their provenance",
)
def value_list(request: HttpRequest, filters: Query[ValueFilters], page: Query[PageQuery]):
    area = ""
    if filters.area:
        try:
            area = normalise_area_code(filters.area)
        except AreaCodeError:
            area = filters.area
    values = selectors.values_page(term=filters.term, area_code=area, year=filters.year)
    return paginate(values, page)
