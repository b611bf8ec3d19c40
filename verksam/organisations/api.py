"""The API of organisations: the organisation tree, which anyone may read, as on the pages.

The people of an organisation (its leader, its members) are not part of the
open data; only the leader's title is.
"""

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, Id, PageQuery, page_schema, paginate
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation

router = Router(tags=["organisations"])


class OrganisationRef(Schema):
    """An organisation named inside another object."""

    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    parent_id: int | None = Field(description="The organisation it is part of.")
    depth: int = Field(description="0 for an organisation at the top of the tree.")
    position: int
    description: str
    website: str
    municipality_code: str
    county_code: str
    library_statistics_id: str
    leader_title: str
    url: str = Field(description="Its page in Verksam.")

    @staticmethod
    def resolve_url(organisation: Organisation, context) -> str:
        return context["request"].build_absolute_uri(organisation.get_absolute_url())


OrganisationPage = page_schema("OrganisationPage", OrganisationOut)


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    county_code: str | None = Field(None, pattern=r"^\d{2}$", description="E.g. 08.")
    municipality_code: str | None = Field(None, pattern=r"^\d{4}$", description="E.g. 0880.")
    parent: Id | None = Field(None, description="Only the units directly below this one.")


@router.get(
    "/organisations",
    response={200: OrganisationPage, **READ_ERRORS},
    url_name="organisation_list",
    summary="List organisations",
)
def organisation_list(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageQuery]
):
    organisations = Organisation.objects.order_by("path")
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.county_code:
        organisations = organisations.filter(county_code=filters.county_code)
    if filters.municipality_code:
        organisations = organisations.filter(municipality_code=filters.municipality_code)
    if filters.parent:
        organisations = organisations.filter(parent_id=filters.parent)
    return paginate(organisations, page)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    url_name="organisation_detail",
    summary="One organisation",
)
def organisation_detail(request: HttpRequest, organisation_id: Id):
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation
