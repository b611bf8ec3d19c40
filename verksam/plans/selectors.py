"""Reads of plans that join several models, each in a fixed number of queries."""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format
from django.utils.text import Truncator

from verksam.organisations.models import Organisation
from verksam.plans.choices import DecisionRequestState, PlanStatus
from verksam.plans.models import Contribution, DecisionRequest, Item, Plan
from verksam.plans.permissions import can_create_plan, readable_plan_ids, visible_plans
from verksam.plans.services import next_period_title

#: A stand-in id that URL patterns accept, replaced by the real ids (see ``item_urls``).
_SOME_ID = 2_147_483_647
ITEM_PAGES = ("detail", "edit", "move", "shift", "delete", "links", "trace")


@functools.lru_cache(maxsize=16)
def _item_url_templates(script_prefix: str) -> dict[str, str]:
    """The address of each item page with {plan} and {item} to fill in: one reverse() per
    page name and process, not one per item shown."""
    return {
        name: reverse(f"plans:item_{name}", args=[_SOME_ID - 1, _SOME_ID])
        .replace(str(_SOME_ID - 1), "{plan}")
        .replace(str(_SOME_ID), "{item}")
        for name in ITEM_PAGES
    }


class ItemUrls:
    """The addresses of one item's pages, by page name: ``urls.edit`` in a template."""

    __slots__ = ("_templates", "_plan", "_item")

    def __init__(self, plan_id: int, item_id: int) -> None:
        self._templates = _item_url_templates(get_script_prefix())
        self._plan, self._item = plan_id, item_id

    def __getitem__(self, name: str) -> str:
        return self._templates[name].format(plan=self._plan, item=self._item)


def _period(item: Item) -> str:
    """The item's time as the card shows it, "1 January 2026 – …"; "" without dates."""
    if not (item.start_date or item.end_date):
        return ""
    start = date_format(item.start_date, "j F Y") if item.start_date else "…"
    end = date_format(item.end_date, "j F Y") if item.end_date else "…"
    return f"{start} – {end}"


def item_url(item: Item) -> str:
    """The address of an item's page, without a reverse() of its own."""
    return ItemUrls(item.plan_id, item.pk)["detail"]


@dataclass
class ItemNode:
    """An item with its children and its links, ready for a template.

    Plain values for the template's loop: the addresses (``urls``, ``url``) and the
    tags and responsible people as lists, so no manager or reverse() per item.
    """

    item: Item
    children: list["ItemNode"] = field(default_factory=list)
    contributes_to: list[Item] = field(default_factory=list)
    contributors: list[Item] = field(default_factory=list)
    #: The item's rolled-up status in the chosen follow-up round, if one is chosen.
    derivation: object = None
    tags: list = field(default_factory=list)
    #: The names of the responsible people, as the card lists them.
    people: str = ""
    urls: ItemUrls | None = None
    url: str = ""
    level: str = ""
    heading: str = "h5"
    summary: str = ""
    period: str = ""
    explanation: str = ""

    @property
    def level_name(self) -> str:
        return self.item.level_name


def _linked_fields(end: str) -> list[str]:
    """What a link shows of the item at its other `end`: title, level, plan and organisation."""
    return [
        f"{end}__{name}"
        for name in (
            "id",
            "plan_id",
            "title",
            "depth",
            "position",
            "plan__id",
            "plan__title",
            "plan__level_names",
            "plan__organisation_id",
            "plan__organisation__id",
            "plan__organisation__name",
        )
    ]


def _linked_items(user, items: list[Item]) -> tuple[dict[int, list[Item]], dict[int, list[Item]]]:
    """Both directions of contributes-to links of `items`, limited to plans the user may read.

    Three queries: the links each way by the items' ids, then which of the plans
    at their other ends the user may read.
    """
    ids = [item.pk for item in items]
    outgoing: dict[int, list[Item]] = {}
    incoming: dict[int, list[Item]] = {}
    if not ids:
        return outgoing, incoming
    targets = list(
        Contribution.objects.filter(source_id__any_of=ids)
        .select_related("target__plan__organisation")
        .only("source_id", "target_id", *_linked_fields("target"))
        .order_by("target__plan__title", "target__depth", "target__position")
    )
    sources = list(
        Contribution.objects.filter(target_id__any_of=ids)
        .select_related("source__plan__organisation")
        .only("source_id", "target_id", *_linked_fields("source"))
        .order_by("source__plan__title", "source__depth", "source__position")
    )
    readable = readable_plan_ids(
        user,
        {link.target.plan_id for link in targets} | {link.source.plan_id for link in sources},
    )
    for link in targets:
        if link.target.plan_id in readable:
            link.target.url = item_url(link.target)
            outgoing.setdefault(link.source_id, []).append(link.target)
    for link in sources:
        if link.source.plan_id in readable:
            link.source.url = item_url(link.source)
            incoming.setdefault(link.target_id, []).append(link.source)
    return outgoing, incoming


def plan_items(plan: Plan) -> QuerySet[Item]:
    """The items of a plan with what their cards show, parents before children."""
    return (
        plan.items.select_related("responsible_organisation")
        .only(
            "id",
            "plan_id",
            "parent_id",
            "title",
            "description",
            "depth",
            "position",
            "start_date",
            "end_date",
            "version",
            "carried_from_year",
            "responsible_organisation__id",
            "responsible_organisation__name",
            "responsible_organisation__path",
        )
        .order_by("depth", "position", "id")
    )


def _tags_and_people(item_ids: list[int]) -> tuple[dict[int, list], dict[int, list[str]]]:
    """Each item's tags and the names of its responsible people, {item id: [...]}, in two
    queries, as plain lists (no related manager per item).

    By the items' ids: PostgreSQL reads the tags of a list of items by their index, but
    joined to the items of a plan it scans every item's tags in the country.
    """
    tags: dict[int, list] = defaultdict(list)
    if not item_ids:
        return tags, {}
    for link in (
        Item.tags.through.objects.filter(item_id__any_of=item_ids)
        .select_related("tag")
        .order_by("pk")
    ):
        tags[link.item_id].append(link.tag)
    people: dict[int, list[str]] = defaultdict(list)
    for item_id, first, last, username in (
        Item.responsible_people.through.objects.filter(item_id__any_of=item_ids)
        .order_by("pk")
        .values_list("item_id", "user__first_name", "user__last_name", "user__username")
    ):
        people[item_id].append(f"{first} {last}".strip() or username)
    return tags, people


#: The heading of an item card by the item's depth; deeper items share the last.
_HEADINGS = ("h3", "h4", "h5")


def plan_tree(user, plan: Plan, *, statuses_of=None) -> list[ItemNode]:
    """The plan's items as a tree of ItemNodes, with their links, in constant queries.

    `statuses_of`, given the ids of the items, answers {item id: status} for the
    follow-up round shown (the stored statuses of exactly these items). What every
    card shows is made here once (addresses, level, heading, a shortened description,
    dates, the explanation), so the template only puts it in place.
    """
    items = list(plan_items(plan))
    outgoing, incoming = _linked_items(user, items)
    derivations = statuses_of([item.pk for item in items]) if statuses_of and items else {}
    tags, people = _tags_and_people([item.pk for item in items])
    nodes = {}
    roots: list[ItemNode] = []
    for item in items:
        item.plan = plan
        urls = ItemUrls(plan.pk, item.pk)
        derivation = derivations.get(item.pk)
        node = ItemNode(
            item=item,
            contributes_to=outgoing.get(item.pk, []),
            contributors=incoming.get(item.pk, []),
            derivation=derivation,
            tags=tags.get(item.pk, []),
            people=", ".join(people.get(item.pk, [])),
            urls=urls,
            url=urls["detail"],
            level=" · ".join(filter(None, [plan.level_name(item.depth), item.carried_label])),
            heading=_HEADINGS[min(item.depth, len(_HEADINGS) - 1)],
            summary=Truncator(item.description).words(40, truncate=" …")
            if item.description
            else "",
            period=_period(item),
            explanation=derivation.explanation() if derivation else "",
        )
        nodes[item.pk] = node
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def item_context(user, item: Item) -> dict:
    """An item's ancestors, children and links for its page, in constant queries."""
    plan = item.plan
    all_items = {
        other.pk: other for other in plan.items.only("id", "plan_id", "parent_id", "title", "depth")
    }
    ancestors = []
    parent_id = item.parent_id
    while parent_id:
        ancestor = all_items[parent_id]
        ancestor.plan = plan
        ancestors.insert(0, ancestor)
        parent_id = ancestor.parent_id
    children = list(
        item.children.select_related("responsible_organisation").order_by("position", "id")
    )
    for child in children:
        child.plan = plan
    outgoing, incoming = _linked_items(user, [item])
    return {
        "ancestors": ancestors,
        "children": children,
        "contributes_to": outgoing.get(item.pk, []),
        "contributors": incoming.get(item.pk, []),
        "tags": list(item.tags.all()),
        "responsible_people": list(item.responsible_people.all()),
    }


def plan_context(user, plan: Plan) -> dict:
    """Everything the plan page shows besides the item tree.

    The related plans are read by the plan's own links, then kept where the user may
    read them (one query by their ids, see readable_plan_ids).
    """
    derived_from = list(plan.derived_from.select_related("organisation"))
    derived_plans = list(plan.derived_plans.select_related("organisation"))
    next_versions = list(plan.next_versions.all())
    related = [other.pk for other in (*derived_from, *derived_plans, *next_versions)]
    if plan.previous_version_id:
        related.append(plan.previous_version_id)
    readable = readable_plan_ids(user, related)
    return {
        "sections": list(plan.sections.all()),
        "decisions": list(plan.decisions.all()),
        "derived_from": [other for other in derived_from if other.pk in readable],
        "derived_plans": [other for other in derived_plans if other.pk in readable],
        "next_versions": [other for other in next_versions if other.pk in readable],
        "previous_version": (
            plan.previous_version if plan.previous_version_id in readable else None
        ),
    }


def contribution_candidates(
    user,
    item: Item,
    query: str,
    *,
    plan_pk: int | None = None,
    everywhere: bool = False,
    limit: int = 20,
) -> list[Item]:
    """Items of other plans `item` may be linked to, matching the search.

    They come from the related plans (see `related_plans`), or from every
    readable plan when `everywhere` is set. A chosen plan lists its own items;
    a search matches titles and descriptions; with neither, the items of the
    plans this plan derives from are offered, the usual targets.
    """
    scope = (
        visible_plans(user) if everywhere else related_plans(user, item.plan.organisation)
    ).exclude(pk=item.plan_id)
    candidates = Item.objects.filter(plan__in=scope.values("pk"))
    if plan_pk is not None:
        candidates = candidates.filter(plan_id=plan_pk)
    elif not query:
        candidates = candidates.filter(plan__in=item.plan.derived_from.values("pk"))
    if query:
        candidates = candidates.filter(Q(title__icontains=query) | Q(description__icontains=query))
    already = item.outgoing_contributions.values("target_id")
    return list(
        candidates.exclude(pk__in=already)
        .select_related("plan__organisation")
        .order_by("plan__organisation__path", "plan__title", "depth", "position")[:limit]
    )


def related_plans(user, organisation: Organisation) -> QuerySet[Plan]:
    """Readable plans an organisation's plans may derive from or contribute to.

    Those of the organisation's own tree (its owner, board and units) and, for a
    municipality's libraries, those of the region of the same county: Statistics
    Sweden's municipality code begins with the county code.
    """
    root_id = organisation.ancestor_ids[0]
    related = Q(organisation__path__startswith=f"/{root_id}/")
    county_codes = set(
        Organisation.objects.filter(pk__in=organisation.ancestor_ids)
        .exclude(municipality_code="")
        .values_list("municipality_code", flat=True)
    )
    county_codes = {code[:2] for code in county_codes}
    if organisation.county_code:
        county_codes.add(organisation.county_code)
    if county_codes:
        regions = Organisation.objects.filter(kind="region", county_code__in=county_codes)
        for path in regions.values_list("path", flat=True):
            related |= Q(organisation__path__startswith=path)
    return visible_plans(user).filter(related)


def tree_order(items: list[Item]) -> list[Item]:
    """Items in reading order: each followed by its children."""
    by_parent: dict[int | None, list[Item]] = {}
    for item in sorted(items, key=lambda i: (i.position, i.pk)):
        by_parent.setdefault(item.parent_id, []).append(item)
    ordered: list[Item] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(by_parent.get(item.pk, [])))
    return ordered


def plans_to_continue(user, plans: list[Plan], *, today: datetime.date) -> list[tuple[Plan, str]]:
    """This year's annual plans among `plans` that the user may start next year's plan of.

    A plan qualifies when it covers exactly today's calendar year, is not
    archived, the user may create plans in its organisation, and the
    organisation has no plan of the same kind for next year yet. Answers each
    plan with the title its successor would get, in one query beyond `plans`.
    """
    year = today.year
    candidates = [
        plan
        for plan in plans
        if plan.period_start == datetime.date(year, 1, 1)
        and plan.period_end == datetime.date(year, 12, 31)
        and plan.status != PlanStatus.ARCHIVED
        and can_create_plan(user, plan.organisation)
    ]
    if not candidates:
        return []
    taken = set(
        Plan.objects.filter(
            organisation__in={plan.organisation_id for plan in candidates},
            period_start=datetime.date(year + 1, 1, 1),
        ).values_list("organisation_id", "kind")
    )
    return [
        (plan, next_period_title(plan))
        for plan in candidates
        if (plan.organisation_id, plan.kind) not in taken
    ]


# --- Sending for decision ---


def latest_decision_request(plan: Plan) -> DecisionRequest | None:
    """The plan's latest sending for decision, with its people, board and decision (one query)."""
    return (
        DecisionRequest.objects.filter(plan=plan)
        .select_related("sent_by", "answered_by", "board", "decision")
        .order_by("-created_at", "-pk")
        .first()
    )


def pending_decision_request(plan: Plan) -> DecisionRequest | None:
    """The sending of the plan that awaits its decision, if there is one (one query)."""
    return (
        DecisionRequest.objects.filter(plan=plan, state=DecisionRequestState.PENDING)
        .select_related("sent_by", "board")
        .first()
    )


def organisation_page_plans(user, organisation: Organisation) -> dict:
    """The plans part of an organisation's page: its plans and its units' plans that the user
    may read, and whether the user may start a plan there.

    Registered with verksam.organisations.page_parts by PlansConfig.ready().
    """
    units = Organisation.objects.descendants_of(organisation, include_self=False)
    plans = list(
        visible_plans(user).filter(organisation=organisation).order_by("-period_start", "title")
    )
    unit_plans = list(
        visible_plans(user)
        .filter(organisation__in=units.values("pk"))
        .select_related("organisation")
        .order_by("organisation__path", "-period_start")
    )
    return {
        "plans": plans,
        "unit_plans": unit_plans,
        "can_create_plan": can_create_plan(user, organisation),
    }
