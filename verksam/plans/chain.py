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
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.page_parts import followup_parts
from verksam.plans.permissions import visible_plans
from verksam.plans.selectors import ItemUrls

#: How many links up or down the chain is followed; real chains are three or four long.
MAX_CHAIN_DEPTH = 8


@dataclass(slots=True)
class ChainPlan:
    """A plan as a trace node names it: plain values read once per plan, not per node."""

    pk: int
    title: str
    organisation_name: str
    level_names: list[str]
    url: str

    def level_name(self, depth: int) -> str:
        if 0 <= depth < len(self.level_names):
            return self.level_names[depth]
        return str(_("Item"))


@dataclass(slots=True)
class ChainNode:
    """An item in a traceability tree with the items linked to it one step further.

    Plain values, no model object: a focus area of a regional plan has hundreds of
    contributing items, and making an item, a plan and an organisation for each cost
    more than all the rest of the page.
    """

    pk: int
    title: str
    depth: int
    plan: ChainPlan
    children: list[ChainNode] = field(default_factory=list)
    #: The item's status in its plan's current follow-up round; "" without a round or
    #: a status in it.
    status: str = ""
    #: "Status in <round>:" for a node whose plan has a current round, otherwise "".
    status_in: str = ""
    #: What the template shows, made once per node or per plan (``_add_addresses``).
    url: str = ""
    level: str = ""


#: A stand-in id that the plan page's URL pattern accepts, replaced by the real ids.
_SOME_PLAN = 2_147_483_647


def _plan_url_template() -> str:
    """The address of a plan's page with {plan} to fill in: one reverse() per page."""
    return reverse("plans:plan_detail", args=[_SOME_PLAN]).replace(str(_SOME_PLAN), "{plan}")


def _readable_plans(user, plan_ids: set[int], plan_url: str) -> dict[int, ChainPlan]:
    """The plans among `plan_ids` that the user may read, with what a node shows of them,
    in one query (by the plans' ids, like ``readable_plan_ids``)."""
    if not plan_ids:
        return {}
    return {
        pk: ChainPlan(
            pk=pk,
            title=title,
            organisation_name=organisation_name,
            level_names=level_names or [],
            url=plan_url.format(plan=pk),
        )
        for pk, title, organisation_name, level_names in visible_plans(user)
        .filter(pk__in=plan_ids)
        .values_list("pk", "title", "organisation__name", "level_names")
    }


def _walk(
    user, root: ChainNode, plans: dict[int, ChainPlan | None], *, upwards: bool, plan_url: str
) -> tuple[list[ChainNode], bool]:
    """The items linked to `root` in one direction, as trees, and whether the walk stopped
    at ``MAX_CHAIN_DEPTH`` with items whose links were not followed.

    Two queries per level, the links by the ids of the level's items, as plain values,
    and which of their plans not met before the user may read; `plans` holds the
    plans met so far, None for those the user may not read (both directions share it).
    An item already in the tree (a cycle, or reached twice) is not followed again, so
    each item appears once.
    """
    near, far = ("source", "target") if upwards else ("target", "source")
    seen = {root.pk}
    nodes = {root.pk: ChainNode(pk=root.pk, title=root.title, depth=root.depth, plan=root.plan)}
    frontier = [root.pk]
    levels = 0
    while frontier and levels < MAX_CHAIN_DEPTH:
        levels += 1
        links = list(
            Contribution.objects.filter(**{f"{near}_id__in": frontier})
            .order_by(f"{far}__plan__title", f"{far}__depth", f"{far}__position", f"{far}_id")
            .values_list(
                f"{near}_id", f"{far}_id", f"{far}__title", f"{far}__depth", f"{far}__plan_id"
            )
        )
        new_plans = {link[4] for link in links} - plans.keys()
        readable = _readable_plans(user, new_plans, plan_url)
        plans.update({pk: readable.get(pk) for pk in new_plans})
        next_frontier = []
        for near_id, pk, title, depth, plan_id in links:
            plan = plans[plan_id]
            if pk in seen or plan is None:
                continue
            seen.add(pk)
            node = ChainNode(pk=pk, title=title, depth=depth, plan=plan)
            nodes[pk] = node
            nodes[near_id].children.append(node)
            next_frontier.append(pk)
        frontier = next_frontier
    return nodes[root.pk].children, bool(frontier)


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
    rounds = parts.current_rounds({node.plan.pk for node in nodes})
    if not rounds:
        return
    wanted: dict[object, set[int]] = {r: set() for r in rounds.values()}
    for node in nodes:
        followup_round = rounds.get(node.plan.pk)
        if followup_round is not None:
            wanted[followup_round].add(node.pk)
    found = parts.statuses(wanted, only_status=True)
    # Rounds are named alike across plans ("T1 2026"): one sentence per name.
    status_in = {r.name: "" for r in rounds.values()}
    for name in status_in:
        status_in[name] = _("Status in %(name)s:") % {"name": name}
    for node in nodes:
        followup_round = rounds.get(node.plan.pk)
        if followup_round is not None:
            node.status = found[followup_round.pk].get(node.pk, "")
            node.status_in = status_in[followup_round.name]


def _add_addresses(nodes: list[ChainNode]) -> None:
    """Each node's address and level, without a reverse() per node."""
    for node in nodes:
        node.url = ItemUrls(node.plan.pk, node.pk)["detail"]
        node.level = node.plan.level_name(node.depth)


def item_trace(user, item: Item) -> dict:
    """What `item` contributes to, up to the top, and what contributes to it, down to the
    bottom, as trees of ChainNodes with statuses; only items of plans the user may read.

    One query per level walked in each direction (at most ``MAX_CHAIN_DEPTH``
    each) and one per level for the plans met there, then a fixed number for the
    statuses of every plan involved.
    """
    plan_url = _plan_url_template()
    plan = ChainPlan(
        pk=item.plan_id,
        title=item.plan.title,
        organisation_name=item.plan.organisation.name,
        level_names=item.plan.level_names or [],
        url=plan_url.format(plan=item.plan_id),
    )
    plans: dict[int, ChainPlan | None] = {plan.pk: plan}
    root = ChainNode(pk=item.pk, title=item.title, depth=item.depth, plan=plan)
    up, up_cut_off = _walk(user, root, plans, upwards=True, plan_url=plan_url)
    down, down_cut_off = _walk(user, root, plans, upwards=False, plan_url=plan_url)
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
    # The links into the plan from other plans, as (item, plan it comes from): a few
    # thousand pairs for a regional plan. Which of those plans the reader may read is
    # known from the related plans, so neither database has to match every link
    # against the readable plans (PostgreSQL guessed a handful of links and compared
    # each item with every link of the country; SQLite walked every readable plan's
    # items).
    links_in = set(
        Contribution.objects.filter(target__plan_id=plan.pk)
        .exclude(source__plan_id=plan.pk)
        .values_list("target_id", "source__plan_id")
    )
    derived = Plan.derived_from.through.objects.filter(to_plan_id=plan.pk).values("from_plan_id")
    related_plans = list(
        visible_plans(user)
        .filter(Q(pk__in=derived) | Q(pk__in={plan_id for _item, plan_id in links_in}))
        .exclude(pk=plan.pk)
        .select_related("organisation")
        .only("title", "level_names", "organisation__name")
        .order_by("organisation__name", "title", "pk")
    )
    readable_ids = {other.pk for other in related_plans}
    covered = {item_id for item_id, plan_id in links_in if plan_id in readable_ids}
    uncovered = [
        CoverageItem(
            pk=pk, title=title, level_name=plan.level_name(depth), url=_item_url(plan.pk, pk)
        )
        for pk, title, depth in plan.items.order_by("depth", "position", "id").values_list(
            "id", "title", "depth"
        )
        if pk not in covered
    ]

    page = Paginator(related_plans, COVERAGE_PLANS_PER_PAGE).get_page(page_number)
    plans_by_id = {other.pk: other for other in page.object_list}
    items = list(
        Item.objects.filter(plan_id__in=plans_by_id)
        .order_by("plan_id", "depth", "position", "id")
        .values_list("id", "plan_id", "parent_id", "title", "depth")
    )
    linked_ids = set(
        Contribution.objects.filter(
            source__plan_id__in=plans_by_id, target__plan__in=visible_plans(user).values("pk")
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
