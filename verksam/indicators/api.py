"""The API of indicators and measured values (mätvärden).

Access is decided by verksam.indicators.permissions, as on the pages: shared
indicators are read by everyone, an organisation's own indicators by its
members; measured values are read by readers of their organisation and entered
by its reporters. Values are entered through the same service as the form,
verksam.indicators.services.measurement_save.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from verksam.core.api import (
    MAX_ID,
    NO_NUL,
    READ_ERRORS,
    WRITE_AUTH,
    WRITE_ERRORS,
    Id,
    PageQuery,
    caller,
    expected_version,
    invalid,
    page_schema,
    paginate,
    text_of,
    version_conflict,
    version_conflict_schema,
)
from verksam.core.services import ConcurrentEdit, VersionRequired
from verksam.indicators import services
from verksam.indicators.choices import Direction, IndicatorSource, MeasurementSource
from verksam.indicators.models import Indicator, Measurement
from verksam.indicators.periods import PeriodError, format_period, parse_period
from verksam.indicators.permissions import (
    measurement_for_user,
    measurement_organisation_for_user,
    visible_indicators,
    visible_measurements,
)
from verksam.organisations.api import OrganisationRef

router = Router(tags=["indicators"])


# Indicators -------------------------------------------------------------------------------


class IndicatorOut(Schema):
    id: int
    key: str = Field(description="Identifies the indicator in import files, e.g. Besok01.")
    name: str
    unit: str
    direction: Direction
    decimals: int = Field(description="Decimals its values are shown with.")
    description: str
    source: IndicatorSource
    organisation: OrganisationRef | None = Field(
        description="The organisation that owns it; null for one shared by all."
    )
    url: str = Field(description="Its page in Verksam.")

    @staticmethod
    def resolve_url(indicator: Indicator, context) -> str:
        return context["request"].build_absolute_uri(indicator.get_absolute_url())


IndicatorPage = page_schema("IndicatorPage", IndicatorOut)


class IndicatorFilters(Schema):
    organisation: Id | None = Field(None, description="Indicators owned by this organisation.")
    shared: bool | None = Field(None, description="true: only those shared by all.")
    key: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    source: IndicatorSource | None = None


@router.get(
    "/indicators",
    response={200: IndicatorPage, **READ_ERRORS},
    url_name="indicator_list",
    summary="List indicators",
)
def indicator_list(request: HttpRequest, filters: Query[IndicatorFilters], page: Query[PageQuery]):
    indicators = (
        visible_indicators(caller(request))
        .select_related("organisation")
        .order_by("name", "key", "id")
    )
    if filters.organisation:
        indicators = indicators.filter(organisation_id=filters.organisation)
    if filters.shared is not None:
        indicators = indicators.filter(organisation__isnull=filters.shared)
    if filters.key:
        indicators = indicators.filter(key__iexact=filters.key)
    if filters.source:
        indicators = indicators.filter(source=filters.source)
    return paginate(indicators, page)


# Measurements -----------------------------------------------------------------------------


class IndicatorRef(Schema):
    id: int
    key: str
    name: str
    unit: str


def _plain_decimal(value: Decimal) -> str:
    """1200.000000 as "1200", 12.500000 as "12.5": exact, with a dot, never an exponent."""
    return format(value.normalize(), "f")


class MeasurementOut(Schema):
    id: int
    indicator: IndicatorRef
    organisation: OrganisationRef
    period: str = Field(description="The period as a label: 2025, 2025-T1, 2025-03 or two dates.")
    period_start: datetime.date
    period_end: datetime.date
    value: str = Field(description='The value as an exact decimal number with a dot, e.g. "12.5".')
    source: MeasurementSource
    note: str
    version: int = Field(description="Send it back when you change the value.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_period(measurement: Measurement) -> str:
        return format_period(measurement.period_start, measurement.period_end)

    @staticmethod
    def resolve_value(measurement: Measurement) -> str:
        return _plain_decimal(measurement.value)


MeasurementPage = page_schema("MeasurementPage", MeasurementOut)

PeriodLabel = Annotated[str, Field(max_length=40, pattern=NO_NUL)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]


class MeasurementFilters(Schema):
    indicator: Id | None = None
    organisation: Id | None = None
    period: PeriodLabel | None = Field(
        None, description="Exactly this period: 2025, 2025-T1, 2025-H2, 2025-Q3, 2025-03 …"
    )
    year: int | None = Field(
        None, ge=1900, le=2200, description="Periods that overlap this calendar year."
    )


def _period(field: str, label: str) -> tuple[datetime.date, datetime.date]:
    try:
        return parse_period(label)
    except PeriodError as error:
        raise invalid(field, error.message) from None


@router.get(
    "/measurements",
    response={200: MeasurementPage, **READ_ERRORS},
    url_name="measurement_list",
    summary="List measured values",
)
def measurement_list(
    request: HttpRequest, filters: Query[MeasurementFilters], page: Query[PageQuery]
):
    measurements = visible_measurements(caller(request)).order_by(
        "indicator__name", "organisation__path", "period_start", "period_end", "id"
    )
    if filters.indicator:
        measurements = measurements.filter(indicator_id=filters.indicator)
    if filters.organisation:
        measurements = measurements.filter(organisation_id=filters.organisation)
    if filters.period:
        start, end = _period("period", filters.period)
        measurements = measurements.filter(period_start=start, period_end=end)
    if filters.year:
        measurements = measurements.filter(
            period_start__lte=datetime.date(filters.year, 12, 31),
            period_end__gte=datetime.date(filters.year, 1, 1),
        )
    return paginate(measurements, page)


MeasuredValue = Annotated[Decimal, Field(max_digits=18, decimal_places=6)]
Note = text_of(Measurement, "note", one_line=True)


class MeasurementIn(Schema):
    indicator: Id
    organisation: Id
    period: PeriodLabel | None = Field(
        None, description="The period as a label; or give period_start and period_end."
    )
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    value: MeasuredValue
    note: Note = ""
    version: Version | None = Field(
        None,
        description=(
            "The version you read (or send If-Match); needed when the period already has a "
            "value, which is refused if someone saved after it."
        ),
    )


class MeasurementUpdateIn(Schema):
    value: MeasuredValue
    note: Note = ""
    version: Version | None = Field(
        None, description="The version you read (or send If-Match); required."
    )


MeasurementConflictOut = version_conflict_schema("MeasurementConflictOut", MeasurementOut)
#: A write refused because of its version: stale in the body (409) or If-Match (412), or missing.
VERSION_ERRORS = dict.fromkeys((409, 412, 428), MeasurementConflictOut)


def _save_or_conflict(request: HttpRequest, data, **values):
    """Save through the service with the version the caller read; a change needs one."""
    version, from_header = expected_version(request, data.version)
    try:
        return services.measurement_save(
            expected_version=version,
            require_version=True,
            value=data.value,
            note=data.note,
            **values,
        )
    except (ConcurrentEdit, VersionRequired) as error:
        current = Measurement.objects.select_related("indicator", "organisation").get(
            indicator=values["indicator"],
            organisation=values["organisation"],
            period_start=values["period_start"],
            period_end=values["period_end"],
        )
        return version_conflict(
            error, version=version, from_header=from_header, yours=data, current=current
        )


def _period_of(data: MeasurementIn) -> tuple[datetime.date, datetime.date]:
    if data.period:
        return _period("period", data.period)
    if data.period_start is None:
        raise invalid(
            "period_start", _("Give the date the period starts, or the period as a label.")
        )
    if data.period_end is None:
        raise invalid("period_end", _("Give the date the period ends, or the period as a label."))
    return data.period_start, data.period_end


@router.post(
    "/measurements",
    response={200: MeasurementOut, 201: MeasurementOut, **WRITE_ERRORS, **VERSION_ERRORS},
    auth=WRITE_AUTH,
    url_name="measurement_create",
    summary="Enter a measured value",
)
def measurement_create(request: HttpRequest, data: MeasurementIn):
    """Enter the value of an indicator for an organisation and a period.

    A value already entered for the same indicator, organisation and period is
    replaced (answer 200) when the version you read is given; a new value
    answers 201. A replacement without a version answers 428, with a stale one
    409 (412 with If-Match), with both versions in the answer.
    """
    user = caller(request)
    organisation = measurement_organisation_for_user(user, data.organisation, write=True)
    indicator = visible_indicators(user).filter(pk=data.indicator).first()
    if indicator is None:
        raise invalid("indicator", _("Choose one of the indicators in the list."))
    period_start, period_end = _period_of(data)
    existed = Measurement.objects.filter(
        indicator=indicator,
        organisation=organisation,
        period_start=period_start,
        period_end=period_end,
    ).exists()
    measurement = _save_or_conflict(
        request,
        data,
        user=user,
        indicator=indicator,
        organisation=organisation,
        period_start=period_start,
        period_end=period_end,
    )
    if isinstance(measurement, Status):
        return measurement
    return Status(200 if existed else 201, measurement)


@router.put(
    "/measurements/{measurement_id}",
    response={200: MeasurementOut, **WRITE_ERRORS, **VERSION_ERRORS},
    auth=WRITE_AUTH,
    url_name="measurement_update",
    summary="Change a measured value",
)
def measurement_update(request: HttpRequest, measurement_id: Id, data: MeasurementUpdateIn):
    """Change the value and the note of a measured value; its period stays.

    Needs the version you read (`version`, or `If-Match: "3"`).
    """
    user = caller(request)
    measurement = measurement_for_user(user, measurement_id, write=True)
    return _save_or_conflict(
        request,
        data,
        user=user,
        indicator=measurement.indicator,
        organisation=measurement.organisation,
        period_start=measurement.period_start,
        period_end=measurement.period_end,
    )
