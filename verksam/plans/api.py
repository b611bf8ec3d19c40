"""The API of plans, their items and the contributes-to links between items.

What a caller sees is decided by verksam.plans.permissions, as on the pages:
published, adopted plans for everyone; every plan of their organisations (and
of the units below and the organisations above them) for members. A link is
shown only when the caller may read the plans at both of its ends. The people
responsible for an item are not part of the open data.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, Id, PageQuery, caller, page_schema, paginate
from verksam.organisations.api import OrganisationRef
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup, SectionKind
from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.permissions import item_for_user, plan_for_user, visible_plans
from verksam.plans.selectors import item_context

router = Router(tags=["plans"])


def _absolute_url(obj, context) -> str:
    return context["request"].build_absolute_uri(obj.get_absolute_url())


# Plans ------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    organisation: OrganisationRef
    kind: PlanKind
    title: str
    summary: str
    period_start: datetime.date
    period_end: datetime.date
    status: PlanStatus
    awaiting_decision: bool = Field(
        description="A draft sent for decision: locked until an administrator records the "
        "decision or sends it back."
    )
    is_published: bool
    level_names: list[str] = Field(description="The names of the plan's levels, top first.")
    activity_from_level: int | None = Field(
        description="Items from this level down (1 is the top) are followed up as activities."
    )
    derived_from: list[int] = Field(description="Ids of the plans it derives from.")
    previous_version_id: int | None = Field(description="The plan this one revises.")
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str = Field(description="Its page in Verksam.")

    @staticmethod
    def resolve_derived_from(plan: Plan) -> list[int]:
        return [other.pk for other in plan.derived_from.all()]

    @staticmethod
    def resolve_previous_version_id(plan: Plan) -> int | None:
        previous = plan.previous_version
        return previous.pk if previous is not None else None

    @staticmethod
    def resolve_url(plan: Plan, context) -> str:
        return _absolute_url(plan, context)


class SectionOut(Schema):
    kind: SectionKind
    title: str
    body: str
    position: int


class DecisionOut(Schema):
    body: str = Field(description="The board or body that took the decision.")
    decided_on: datetime.date
    case_number: str
    note: str


class PlanDetailOut(PlanOut):
    sections: list[SectionOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_sections(plan: Plan) -> list:
        return list(plan.sections.all())

    @staticmethod
    def resolve_decisions(plan: Plan) -> list:
        return list(plan.decisions.all())


PlanPage = page_schema("PlanPage", PlanOut)


class PlanFilters(Schema):
    organisation: Id | None = None
    kind: PlanKind | None = None
    status: PlanStatus | None = None
    year: int | None = Field(
        None, ge=1900, le=2200, description="Plans whose period overlaps this calendar year."
    )


def readable_plans(user) -> QuerySet[Plan]:
    """The plans the user may read, with what their API objects show, in constant queries.

    The plans a plan derives from and its previous version are shown only when
    the user may read them too.
    """
    readable = visible_plans(user)
    return (
        readable.select_related("organisation")
        .prefetch_related(
            Prefetch("derived_from", queryset=readable.only("id").order_by("id")),
            Prefetch("previous_version", queryset=readable.only("id")),
        )
        .order_by("organisation__path", "-period_start", "title", "id")
    )


@router.get(
    "/plans",
    response={200: PlanPage, **READ_ERRORS},
    url_name="plan_list",
    summary="List plans",
)
def plan_list(request: HttpRequest, filters: Query[PlanFilters], page: Query[PageQuery]):
    plans = readable_plans(caller(request))
    if filters.organisation:
        plans = plans.filter(organisation_id=filters.organisation)
    if filters.kind:
        plans = plans.filter(kind=filters.kind)
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.year:
        plans = plans.filter(
            period_start__lte=datetime.date(filters.year, 12, 31),
            period_end__gte=datetime.date(filters.year, 1, 1),
        )
    return paginate(plans, page)


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **READ_ERRORS},
    url_name="plan_detail",
    summary="One plan, with its text sections and decisions",
)
def plan_detail(request: HttpRequest, plan_id: Id):
    user = caller(request)
    plan_for_user(user, plan_id)  # 404 for a plan the user may not read
    return readable_plans(user).prefetch_related("sections", "decisions").get(pk=plan_id)


# Items ------------------------------------------------------------------------------------


class TagOut(Schema):
    name: str
    priority_group: PriorityGroup | None = Field(
        description="Set when the tag is one of the Library Act's priority groups."
    )

    @staticmethod
    def resolve_priority_group(tag) -> str | None:
        return tag.priority_group or None


class ItemOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None = Field(description="The item it is part of; null at the top level.")
    depth: int = Field(description="The item's level: 0 for the top level.")
    level_name: str = Field(description="The name of the level in the plan, e.g. Goal.")
    position: int = Field(description="The order among the items of the same parent, from 0.")
    title: str
    description: str
    responsible_organisation: OrganisationRef | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    carried_from_year: int | None = Field(
        description="The year whose plan this unfinished activity was carried over from "
        "when next period's plan was made; null for other items."
    )
    tags: list[TagOut]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str = Field(description="Its page in Verksam.")

    @staticmethod
    def resolve_tags(item: Item) -> list:
        return list(item.tags.all())

    @staticmethod
    def resolve_url(item: Item, context) -> str:
        return _absolute_url(item, context)


class ItemRef(Schema):
    """An item named inside another object."""

    id: int
    title: str
    plan_id: int


class ItemDetailOut(ItemOut):
    children: list[int] = Field(description="Ids of the items directly below, in order.")
    contributes_to: list[ItemRef] = Field(description="Items of other plans it contributes to.")
    contributors: list[ItemRef] = Field(description="Items of other plans contributing to it.")

    # item_detail puts the item's context (verksam.plans.selectors.item_context) on it.
    @staticmethod
    def resolve_children(item: Item) -> list[int]:
        return [child.pk for child in item.context["children"]]

    @staticmethod
    def resolve_contributes_to(item: Item) -> list:
        return item.context["contributes_to"]

    @staticmethod
    def resolve_contributors(item: Item) -> list:
        return item.context["contributors"]


ItemPage = page_schema("ItemPage", ItemOut)


class ItemFilters(Schema):
    plan: Id | None = None
    parent: Id | None = Field(None, description="Only the items directly below this one.")
    depth: int | None = Field(None, ge=0, le=10, description="Only items at this level (0: top).")


def readable_items(user) -> QuerySet[Item]:
    return (
        Item.objects.filter(plan__in=visible_plans(user).values("pk"))
        .select_related("plan", "responsible_organisation")
        .prefetch_related("tags")
    )


@router.get(
    "/items",
    response={200: ItemPage, **READ_ERRORS},
    url_name="item_list",
    summary="List items of plans",
)
def item_list(request: HttpRequest, filters: Query[ItemFilters], page: Query[PageQuery]):
    items = readable_items(caller(request)).order_by("plan_id", "depth", "position", "id")
    if filters.plan:
        items = items.filter(plan_id=filters.plan)
    if filters.parent:
        items = items.filter(parent_id=filters.parent)
    if filters.depth is not None:
        items = items.filter(depth=filters.depth)
    return paginate(items, page)


@router.get(
    "/items/{item_id}",
    response={200: ItemDetailOut, **READ_ERRORS},
    url_name="item_detail",
    summary="One item, with its children and links",
)
def item_detail(request: HttpRequest, item_id: Id):
    user = caller(request)
    plan_id = Item.objects.filter(pk=item_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    item = item_for_user(user, plan_id, item_id)  # 404 for an item the user may not read
    item = readable_items(user).get(pk=item.pk)
    item.context = item_context(user, item)
    return item


# Contributes-to links ---------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    source: ItemRef = Field(description="The item that contributes.")
    target: ItemRef = Field(description="The item of another plan it contributes to.")
    created_at: datetime.datetime


LinkPage = page_schema("LinkPage", LinkOut)


class LinkFilters(Schema):
    source_plan: Id | None = Field(None, description="Links from items of this plan.")
    target_plan: Id | None = Field(None, description="Links to items of this plan.")
    source_item: Id | None = None
    target_item: Id | None = None


@router.get(
    "/links",
    response={200: LinkPage, **READ_ERRORS},
    url_name="link_list",
    summary="List contributes-to links between items",
)
def link_list(request: HttpRequest, filters: Query[LinkFilters], page: Query[PageQuery]):
    readable = visible_plans(caller(request)).values("pk")
    links = (
        Contribution.objects.filter(Q(source__plan__in=readable) & Q(target__plan__in=readable))
        .select_related("source", "target")
        .order_by("source__plan_id", "source_id", "target_id", "id")
    )
    if filters.source_plan:
        links = links.filter(source__plan_id=filters.source_plan)
    if filters.target_plan:
        links = links.filter(target__plan_id=filters.target_plan)
    if filters.source_item:
        links = links.filter(source_id=filters.source_item)
    if filters.target_item:
        links = links.filter(target_id=filters.target_item)
    return paginate(links, page)
