"""Reads of the steering chain across plans: an item's traceability and a plan's coverage.

Both follow contributes-to links between plans, and only ever show items of
plans the user may read. Every read takes a fixed number of queries: the chain
is walked one level at a time (one query per level, at most ``MAX_CHAIN_DEPTH``
levels), and statuses are read for all plans involved at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.page_parts import followup_parts
from verksam.plans.permissions import readable_plan_ids, visible_plans
from verksam.plans.selectors import ItemUrls

#: How many links up or down the chain is followed; real chains are three or four long.
MAX_CHAIN_DEPTH = 8


@dataclass
class ChainNode:
    """An item in a traceability tree with the items linked to it one step further."""

    item: Item
    children: list[ChainNode] = field(default_factory=list)
    #: The latest started follow-up round of the item's plan, or None.
    followup_round: object = None
    #: The item's rolled-up status in that round, or None.
    derivation: object = None
    #: What the template shows, made once per node or per round (``_add_statuses``).
    url: str = ""
    plan_url: str = ""
    level: str = ""
    status_in: str = ""


def _walk(user, item: Item, *, upwards: bool) -> tuple[list[ChainNode], bool]:
    """The items linked to `item` in one direction, as trees, and whether the walk stopped
    at ``MAX_CHAIN_DEPTH`` with items whose links were not followed.

    Two queries per level, the links by the ids of the level's items and which of
    their plans the user may read; an item already in the tree (a cycle, or
    reached twice) is not followed again, so each item appears once.
    """
    near, far = ("source", "target") if upwards else ("target", "source")
    seen = {item.pk}
    nodes = {item.pk: ChainNode(item=item)}
    frontier = [item.pk]
    levels = 0
    readable: set[int] = set()
    asked: set[int] = set()
    while frontier and levels < MAX_CHAIN_DEPTH:
        levels += 1
        links = list(
            Contribution.objects.filter(**{f"{near}_id__in": frontier})
            .select_related(f"{far}__plan__organisation")
            # Only what a node shows: no timestamps or texts to read and convert.
            .only(
                "source_id",
                "target_id",
                f"{far}__title",
                f"{far}__depth",
                f"{far}__plan_id",
                f"{far}__plan__title",
                f"{far}__plan__level_names",
                f"{far}__plan__status",
                f"{far}__plan__is_published",
                f"{far}__plan__organisation__name",
                f"{far}__plan__organisation__path",
            )
            .order_by(f"{far}__plan__title", f"{far}__depth", f"{far}__position", f"{far}_id")
        )
        new_plans = {getattr(link, far).plan_id for link in links} - asked
        readable |= readable_plan_ids(user, new_plans)
        asked |= new_plans
        next_frontier = []
        for link in links:
            linked = getattr(link, far)
            if linked.pk in seen or linked.plan_id not in readable:
                continue
            seen.add(linked.pk)
            node = ChainNode(item=linked)
            nodes[linked.pk] = node
            nodes[getattr(link, f"{near}_id")].children.append(node)
            next_frontier.append(linked.pk)
        frontier = next_frontier
    return nodes[item.pk].children, bool(frontier)


def _all_nodes(nodes: list[ChainNode]):
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _add_statuses(nodes: list[ChainNode]) -> None:
    """Each node's status in its plan's current round (the one the plan's page shows
    first): the stored statuses of these items only, in a fixed number of queries."""
    parts = followup_parts()
    plans = {node.item.plan_id: node.item.plan for node in nodes}
    rounds = parts.current_rounds(list(plans.values()))
    if not rounds:
        return
    wanted: dict[object, set[int]] = {r: set() for r in rounds.values()}
    for node in nodes:
        followup_round = rounds.get(node.item.plan_id)
        if followup_round is not None:
            wanted[followup_round].add(node.item.pk)
    found = parts.statuses(wanted)
    status_in = {r.pk: _("Status in %(name)s:") % {"name": r.name} for r in rounds.values()}
    for node in nodes:
        followup_round = rounds.get(node.item.plan_id)
        if followup_round is not None:
            node.followup_round = followup_round
            node.derivation = found[followup_round.pk].get(node.item.pk)
            node.status_in = status_in[followup_round.pk]


def _add_addresses(nodes: list[ChainNode]) -> None:
    """Each node's addresses and level, without a reverse() per node."""
    plan_urls: dict[int, str] = {}
    for node in nodes:
        item = node.item
        if item.plan_id not in plan_urls:
            plan_urls[item.plan_id] = item.plan.get_absolute_url()
        node.url = ItemUrls(item.plan_id, item.pk)["detail"]
        node.plan_url = plan_urls[item.plan_id]
        node.level = item.plan.level_name(item.depth)


def item_trace(user, item: Item) -> dict:
    """What `item` contributes to, up to the top, and what contributes to it, down to the
    bottom, as trees of ChainNodes with statuses; only items of plans the user may read.

    One query per level walked in each direction (at most ``MAX_CHAIN_DEPTH``
    each), then a fixed number for the statuses of every plan involved.
    """
    up, up_cut_off = _walk(user, item, upwards=True)
    down, down_cut_off = _walk(user, item, upwards=False)
    root = ChainNode(item=item)
    nodes = [root, *_all_nodes(up), *_all_nodes(down)]
    _add_statuses(nodes)
    _add_addresses(nodes)
    return {
        "root": root,
        "up": up,
        "down": down,
        "up_cut_off": up_cut_off,
        "down_cut_off": down_cut_off,
        "max_depth": MAX_CHAIN_DEPTH,
    }


#: Plans whose items contributing to nothing one page of the coverage lists.
COVERAGE_PLANS_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class CoverageItem:
    """An item as the coverage page lists it: plain values, no model object."""

    pk: int
    title: str
    level_name: str
    url: str


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """An item of a plan linked to the plan under review that contributes to nothing."""

    plan: Plan
    item: CoverageItem
    plan_url: str


def plan_coverage(user, plan: Plan, *, page_number: object = 1) -> dict:
    """How the plan is linked to the plans below it, in five queries whatever their size.

    ``uncovered``: the plan's items that no item of another readable plan
    contributes to. ``related_plans``: readable plans derived from this plan or
    with an item contributing to it. ``unlinked``: the items of those plans that
    contribute to nothing, neither themselves nor through an item above them in
    their own plan (an activity under a linked goal counts as linked), nor
    through items below them (a heading whose activities are linked counts too),
    for the ``COVERAGE_PLANS_PER_PAGE`` related plans of page `page_number`
    (``unlinked_page``, a page of related plans): only their items are read, as
    plain values, with addresses made from one reverse() per page.
    """
    readable = visible_plans(user).values("pk")
    covering = Contribution.objects.filter(
        target=OuterRef("pk"), source__plan__in=readable
    ).exclude(source__plan_id=plan.pk)
    uncovered = [
        CoverageItem(
            pk=pk, title=title, level_name=plan.level_name(depth), url=_item_url(plan.pk, pk)
        )
        for pk, title, depth in plan.items.annotate(is_covered=Exists(covering))
        .filter(is_covered=False)
        .order_by("depth", "position", "id")
        .values_list("id", "title", "depth")
    ]

    # The contributing plans by a subquery of their ids: joining every link (thousands
    # for a regional plan) and making the plans distinct afterwards cost the most.
    contributing = Contribution.objects.filter(target__plan=plan).values("source__plan_id")
    related_plans = list(
        visible_plans(user)
        .filter(Q(derived_from=plan) | Q(pk__in=contributing))
        .exclude(pk=plan.pk)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "title", "pk")
    )
    page = Paginator(related_plans, COVERAGE_PLANS_PER_PAGE).get_page(page_number)
    plans_by_id = {other.pk: other for other in page.object_list}
    items = list(
        Item.objects.filter(plan_id__in=plans_by_id)
        .order_by("plan_id", "depth", "position", "id")
        .values_list("id", "plan_id", "parent_id", "title", "depth")
    )
    linked_ids = set(
        Contribution.objects.filter(
            source__plan_id__in=plans_by_id, target__plan__in=readable
        ).values_list("source_id", flat=True)
    )
    # A heading whose activities contribute contributes through them: walk up
    # from the deepest items first, so a parent hears of every linked child.
    linked_below: set[int] = set()
    for pk, _plan, parent_id, _title, _depth in reversed(items):
        if (pk in linked_ids or pk in linked_below) and parent_id is not None:
            linked_below.add(parent_id)
    # Items come top level first, so a parent is always decided before its children.
    linked: set[int] = set()
    unlinked_of: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for pk, plan_id, parent_id, title, depth in items:
        if pk in linked_ids or parent_id in linked:
            linked.add(pk)
        elif pk not in linked_below:
            unlinked_of[plan_id].append((pk, title, depth))
    unlinked = []
    for other in page.object_list:
        plan_url = other.get_absolute_url()
        unlinked += [
            CoverageRow(
                plan=other,
                item=CoverageItem(
                    pk=pk,
                    title=title,
                    level_name=other.level_name(depth),
                    url=_item_url(other.pk, pk),
                ),
                plan_url=plan_url,
            )
            for pk, title, depth in unlinked_of[other.pk]
        ]
    return {
        "uncovered": uncovered,
        "related_plans": related_plans,
        "unlinked": unlinked,
        "unlinked_page": page,
    }


def _item_url(plan_id: int, item_id: int) -> str:
    return ItemUrls(plan_id, item_id)["detail"]
