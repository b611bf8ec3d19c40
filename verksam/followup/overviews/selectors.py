"""Reads of the county overview and the national overview, in a fixed number of queries.

The county overview (länsöversikt) shows, for one region, how the plans of the
county's libraries contribute to the focus areas (the top-level items) of a
regional plan; the national overview (riksöversikt) shows, for every region,
how many items of the county's plans are tagged with each of the Library Act's
priority groups. Both give each count with the rolled-up status of the items in
a chosen year. What is counted is described for librarians in
``docs/overviews.md``.

Visibility goes through the one permission layer: only plans the user may read
(``visible_plans``) are read, so an anonymous visitor's counts come from
published, adopted plans only. Statuses are the stored ones (``followup.stored``), in
which only approved assessments ever count, so nobody's counts move with a
draft, a submitted or a returned assessment (what ``can_see_unapproved`` guards
elsewhere is never shown here).

Every page reads its data in a number of queries that does not depend on the
number of libraries, focus areas, items, rounds or regions: the county's plans
in one query, every contributes-to link between them in one more (the chain is
then walked in memory, at most ``MAX_CHAIN_DEPTH`` links from a focus area),
the rounds of the year in one, and the roll-up of all those rounds together.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from verksam.followup import rollup, stored
from verksam.followup.choices import GoalStatus
from verksam.followup.models import FollowUpRound
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import member_paths
from verksam.plans.chain import MAX_CHAIN_DEPTH
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup
from verksam.plans.models import Contribution, Item, Plan, Tag
from verksam.plans.permissions import visible_plans

#: The order in which the statuses of a summary are listed.
STATUS_ORDER = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET, GoalStatus.NOT_ASSESSED)


# --- Statuses of a group of items ---


@dataclass(frozen=True)
class StatusSummary:
    """A number of items with their statuses, and one status for them all.

    ``status`` combines the items' statuses by the roll-up rule for parts
    (``rollup.derive``): met only when every item is met, not assessed when none
    is assessed, and so on; it is None when there are no items.
    """

    count: int
    counts: dict[str, int]
    status: str | None

    @property
    def tally(self) -> list[tuple[str, int, str]]:
        """The statuses that occur as (status, how many items, label), in the usual order."""
        return [
            (status, self.counts[status], str(GoalStatus(status).label))
            for status in STATUS_ORDER
            if self.counts[status]
        ]


def summarise(statuses: Iterable[str]) -> StatusSummary:
    """The summary of items with these (goal-scale) statuses."""
    return summarise_counts(Counter(statuses))


def summarise_counts(counted: dict[str, int]) -> StatusSummary:
    """The summary of items counted by status ({status: how many}).

    The rule for parts looks only at which statuses occur (all met, none met or
    partly met, all not assessed …), never at how often, so it is given one part
    per status that occurs: the same result as one per item, without an object
    for each of the country's items.
    """
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for status, count in counted.items():
        counts[status] += count
    total = sum(counts.values())
    combined = None
    if total:
        parts = [rollup.ChildStatus(item_id=None, status=s) for s in STATUS_ORDER if counts[s]]
        combined = rollup.derive(own=None, children=parts, indicators=[]).status
    return StatusSummary(count=total, counts=counts, status=combined)


# --- Years and rounds ---


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def plan_runs_in(plan: Plan, year: int) -> bool:
    """Whether the plan's period overlaps the calendar year."""
    start, end = year_bounds(year)
    return plan.period_start <= end and plan.period_end >= start


def default_year(today: datetime.date, plan: Plan | None = None) -> int:
    """The latest year that has ended, kept within the plan's period when there is a plan:
    its year-end follow-up is the latest complete picture."""
    year = today.year - 1
    if plan is not None:
        year = max(min(year, plan.period_end.year), plan.period_start.year)
    return year


def _years_with_plans(
    spans: Iterable[tuple[int, int]], today: datetime.date, *extra: int
) -> list[int]:
    """The years to choose from, newest first: those in which some plan runs (from the
    (first year, last year) of each plan's period), up to this year, since a later year
    has nothing followed up yet; with `extra` (the year shown when none is asked for)."""
    years = set(extra)
    for first, last in spans:
        years.update(range(first, min(last, today.year) + 1))
    return sorted(years, reverse=True)


def rounds_of_year(plans: Iterable[Plan], year: int) -> dict[int, FollowUpRound]:
    """Each plan's round for `year`, {plan id: round}, in one query.

    The plan's year-end round whose period ends in the year; without one, the
    latest round whose period ends in the year. Plans with neither are left out.
    """
    plans_by_id = {plan.pk: plan for plan in plans}
    if not plans_by_id:
        return {}
    start, end = year_bounds(year)
    chosen: dict[int, FollowUpRound] = {}
    for followup_round in FollowUpRound.objects.filter(
        plan_id__in=plans_by_id, period_end__gte=start, period_end__lte=end
    ).order_by("plan_id", "period_end", "period_start", "pk"):
        current = chosen.get(followup_round.plan_id)
        # Rounds come in time order: a later round replaces an earlier one, except
        # that a year-end round is never replaced by one that is not.
        if current is None or followup_round.is_year_end or not current.is_year_end:
            followup_round.plan = plans_by_id[followup_round.plan_id]
            chosen[followup_round.plan_id] = followup_round
    return chosen


@dataclass
class YearStatuses:
    """Each plan's round of a year and the rolled-up status of its items in it."""

    rounds: dict[int, FollowUpRound] = field(default_factory=dict)
    #: {plan id: {item id: status}} for the plans with a round in the year.
    by_plan: dict[int, dict[int, str]] = field(default_factory=dict)

    def status(self, plan_id: int, item_id: int) -> str:
        """An item's status; not assessed when its plan has no round in the year."""
        return self.by_plan.get(plan_id, {}).get(item_id, GoalStatus.NOT_ASSESSED)


def statuses_in_year(
    plans: Iterable[Plan],
    year: int,
    plan_of_item: dict[int, int],
    *,
    many: bool = False,
    rows_where: Q | None = None,
) -> YearStatuses:
    """The round of `year` of each plan and the rolled-up status of the items in
    `plan_of_item` ({item id: plan id}) in it.

    The stored statuses of those items only (``followup.stored``): one query for the
    rounds and two for the statuses, whatever the number of plans, items and rounds.
    """
    plans = list(plans)
    rounds = rounds_of_year(plans, year)
    if not rounds:
        return YearStatuses()
    wanted: dict[FollowUpRound, set[int]] = {r: set() for r in rounds.values()}
    for item_id, plan_id in plan_of_item.items():
        if plan_id in rounds:
            wanted[rounds[plan_id]].add(item_id)
    found = stored.statuses(wanted, only_status=True, many=many, rows_where=rows_where)
    return YearStatuses(
        rounds=rounds,
        by_plan={plan_id: found[followup_round.pk] for plan_id, followup_round in rounds.items()},
    )


def plan_kind_matches(plan: Plan, kind: str) -> bool:
    return not kind or plan.kind == kind


# --- The county ---


def county_regions() -> QuerySet[Organisation]:
    """The regions an overview is made for: those with a county code."""
    return Organisation.objects.filter(kind=OrganisationKind.REGION).exclude(county_code="")


def region_for_overview(pk: int) -> Organisation:
    """The region with this id, otherwise 404; regions are public, their plans are not."""
    try:
        return county_regions().get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


class RowKind:
    """What a row of the county overview stands for."""

    LIBRARY = "library"  # a library organisation of one of the county's municipalities
    REGION_UNIT = "region_unit"  # a library organisation of the region
    MUNICIPALITY = "municipality"  # a municipality's plans outside its library organisations
    REGION = "region"  # the region's plans outside its library organisations


@dataclass
class CountyRow:
    """A row of the county overview: an organisation whose plans (and its units') count."""

    organisation: Organisation
    kind: str
    municipality: Organisation | None = None

    @property
    def shown_always(self) -> bool:
        """A municipality's library organisation is always shown: contributing nothing is
        information too. The other rows only when there is something in them."""
        return self.kind == RowKind.LIBRARY


@dataclass
class CountyScope:
    """The county of a region: its organisations, the rows and the readable plans.

    ``plans`` are every plan of the county the user may read, of any kind and
    period, with their organisations; ``region_plans`` those of the region and
    its units, the choices for the plan whose focus areas make the columns.
    """

    region: Organisation
    rows: list[CountyRow]
    row_of_organisation: dict[int, int]
    plans: list[Plan]
    region_plans: list[Plan]
    years: list[int]
    today: datetime.date

    def row_of_plan(self, plan: Plan) -> int | None:
        """The id of the row organisation a plan counts in (None outside every row)."""
        return self.row_of_organisation.get(plan.organisation_id)

    def row(self, organisation_pk: int) -> CountyRow:
        """The row of this organisation, otherwise 404."""
        for row in self.rows:
            if row.organisation.pk == organisation_pk:
                return row
        raise Http404

    @property
    def default_plan(self) -> Plan | None:
        """The region's current adopted regional library plan, else its latest adopted one,
        else its latest regional library plan the user may read; None without any."""
        regional = [p for p in self.region_plans if p.kind == PlanKind.REGIONAL_LIBRARY_PLAN]
        adopted = [p for p in regional if p.status == PlanStatus.ADOPTED]
        current = [p for p in adopted if p.period_start <= self.today <= p.period_end]
        for candidates in (current, adopted, regional):
            if candidates:
                return max(candidates, key=lambda p: (p.period_start, p.period_end, p.pk))
        return None

    def plan(self, pk: int | None) -> Plan | None:
        """One of the region's readable plans by its id; None for any other id."""
        return next((p for p in self.region_plans if p.pk == pk), None)


def _county_organisations(region: Organisation) -> tuple[list[Organisation], list[Organisation]]:
    """The county's municipalities, and every organisation of the region and of those
    municipalities, in two queries. A municipality's code begins with its county's code
    (Statistics Sweden)."""
    municipalities = list(
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, municipality_code__startswith=region.county_code
        ).order_by("municipality_code", "name", "pk")
    )
    within = Q(path__startswith=region.path)
    for municipality in municipalities:
        within |= Q(path__startswith=municipality.path)
    organisations = list(
        Organisation.objects.filter(within)
        .only("id", "name", "short_name", "kind", "path", "depth", "parent_id")
        .order_by("path")
    )
    return municipalities, organisations


def _rows(
    region: Organisation,
    municipalities: list[Organisation],
    organisations: list[Organisation],
) -> tuple[list[CountyRow], dict[int, int]]:
    """The rows in their order, and for every organisation of the county the row it counts in.

    An organisation counts in the topmost library organisation above it or itself;
    outside every library organisation, in its municipality, or in the region.
    """
    by_id = {organisation.pk: organisation for organisation in organisations}
    municipality_ids = {m.pk for m in municipalities}
    row_of: dict[int, int] = {}
    libraries: dict[int, Organisation] = {}
    municipality_of_library: dict[int, Organisation | None] = {}
    for organisation in organisations:
        ancestors = [by_id[pk] for pk in organisation.ancestor_ids if pk in by_id]
        library = next(
            (o for o in ancestors if o.kind == OrganisationKind.LIBRARY_ORGANISATION), None
        )
        municipality = next((o for o in ancestors if o.pk in municipality_ids), None)
        if library is not None:
            row_of[organisation.pk] = library.pk
            libraries[library.pk] = library
            municipality_of_library[library.pk] = municipality
        elif municipality is not None:
            row_of[organisation.pk] = municipality.pk
        else:
            row_of[organisation.pk] = region.pk
    rows = [
        CountyRow(organisation=library, kind=RowKind.REGION_UNIT)
        for library in sorted(libraries.values(), key=lambda o: (o.name, o.pk))
        if municipality_of_library[library.pk] is None
    ]
    rows.append(CountyRow(organisation=region, kind=RowKind.REGION))
    for municipality in municipalities:
        rows.extend(
            CountyRow(organisation=library, kind=RowKind.LIBRARY, municipality=municipality)
            for library in sorted(libraries.values(), key=lambda o: (o.name, o.pk))
            if municipality_of_library[library.pk] == municipality
        )
        rows.append(
            CountyRow(
                organisation=municipality, kind=RowKind.MUNICIPALITY, municipality=municipality
            )
        )
    return rows, row_of


def county_scope(user, region: Organisation, *, today: datetime.date) -> CountyScope:
    """The county of `region` as `user` may see it, in three queries (besides the
    memberships that the permission layer reads once per user)."""
    municipalities, organisations = _county_organisations(region)
    rows, row_of = _rows(region, municipalities, organisations)
    plans = list(
        visible_plans(user)
        .filter(organisation_id__in=[o.pk for o in organisations])
        .select_related("organisation")
        .order_by("organisation__path", "-period_start", "title", "pk")
    )
    region_plans = sorted(
        (p for p in plans if p.organisation.path.startswith(region.path)),
        key=lambda p: (
            p.kind != PlanKind.REGIONAL_LIBRARY_PLAN,
            -p.period_start.toordinal(),
            p.title,
            p.pk,
        ),
    )
    spans = {(p.period_start.year, p.period_end.year) for p in plans}
    return CountyScope(
        region=region,
        rows=rows,
        row_of_organisation=row_of,
        plans=plans,
        region_plans=region_plans,
        years=_years_with_plans(spans, today, default_year(today)),
        today=today,
    )


@dataclass
class Contributor:
    """An item reaching a focus area through contributes-to links.

    ``path`` holds the ids from the item to the focus area, both included: two
    ids for a direct link, more through the chain.
    """

    item_id: int
    plan_id: int
    path: tuple[int, ...]

    @property
    def links(self) -> int:
        return len(self.path) - 1


def contributors(
    scope: CountyScope, plan: Plan, focus_area_ids: Sequence[int]
) -> dict[int, dict[int, Contributor]]:
    """For each focus area, every item of the county's readable plans that contributes to
    it, directly or through a chain of at most ``MAX_CHAIN_DEPTH`` links:
    {focus area id: {item id: Contributor}}, in one query.

    Only links between readable plans of the county are followed, so no step of
    a chain runs through a plan the user may not read. Items of `plan` itself
    are never contributors. The shortest chain is kept for each item.
    """
    found: dict[int, dict[int, Contributor]] = {focus_id: {} for focus_id in focus_area_ids}
    plan_ids = [p.pk for p in scope.plans]
    if not focus_area_ids or not plan_ids:
        return found
    sources_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for source_id, target_id, source_plan_id in (
        Contribution.objects.filter(source__plan_id__in=plan_ids, target__plan_id__in=plan_ids)
        .exclude(source__plan_id=plan.pk)
        .order_by("target_id", "source_id")
        .values_list("source_id", "target_id", "source__plan_id")
    ):
        sources_of[target_id].append((source_id, source_plan_id))
    for focus_id in focus_area_ids:
        reached = found[focus_id]
        paths = {focus_id: (focus_id,)}
        frontier = [focus_id]
        for _level in range(MAX_CHAIN_DEPTH):
            next_frontier = []
            for target_id in frontier:
                for source_id, source_plan_id in sources_of.get(target_id, ()):
                    if source_id in paths:
                        continue  # reached already by a chain as short or shorter
                    paths[source_id] = (source_id, *paths[target_id])
                    reached[source_id] = Contributor(
                        item_id=source_id, plan_id=source_plan_id, path=paths[source_id]
                    )
                    next_frontier.append(source_id)
            frontier = next_frontier
            if not frontier:
                break
    return found


@dataclass
class CountyCell:
    focus_area: Item
    summary: StatusSummary


@dataclass
class CountyOverviewRow:
    row: CountyRow
    cells: list[CountyCell]
    #: The row's distinct contributing items: one contributing to two focus areas counts once.
    total: StatusSummary

    @property
    def organisation(self) -> Organisation:
        return self.row.organisation


@dataclass
class CountyOverview:
    scope: CountyScope
    plan: Plan | None
    year: int
    kind: str
    focus_areas: list[Item] = field(default_factory=list)
    rows: list[CountyOverviewRow] = field(default_factory=list)
    column_totals: list[StatusSummary] = field(default_factory=list)
    total: StatusSummary = field(default_factory=lambda: summarise([]))
    #: Plans with contributing items but no round in the year: their items are not assessed.
    plans_without_round: list[Plan] = field(default_factory=list)

    @property
    def region(self) -> Organisation:
        return self.scope.region


def counted_plans(scope: CountyScope, plan: Plan | None, *, year: int, kind: str) -> list[Plan]:
    """The plans whose items are counted: the county's readable plans (not the chosen plan
    itself) of the kind asked for whose period overlaps the year and that belong to a row."""
    return [
        p
        for p in scope.plans
        if (plan is None or p.pk != plan.pk)
        and plan_kind_matches(p, kind)
        and plan_runs_in(p, year)
        and scope.row_of_plan(p) is not None
    ]


def focus_areas_of(plan: Plan | None) -> list[Item]:
    """The plan's top-level items in their order (one query)."""
    if plan is None:
        return []
    items = list(plan.items.filter(depth=0).order_by("position", "pk"))
    for item in items:
        item.plan = plan
    return items


def county_overview(
    scope: CountyScope, plan: Plan | None, *, year: int, kind: str = ""
) -> CountyOverview:
    """The matrix of the county's rows against the focus areas of `plan` in `year`.

    A cell counts the items of the row's counted plans (``counted_plans``) that
    contribute to the focus area (``contributors``), with their statuses in each
    plan's round of the year (``rounds_of_year``). Besides the scope, one query
    for the focus areas, one for the links and the year's statuses (at most
    seven), whatever the size of the county.
    """
    overview = CountyOverview(scope=scope, plan=plan, year=year, kind=kind)
    overview.focus_areas = focus_areas_of(plan)
    plans = {p.pk: p for p in counted_plans(scope, plan, year=year, kind=kind)}
    reached = contributors(scope, plan, [f.pk for f in overview.focus_areas]) if plan else {}
    cell_items: dict[tuple[int, int], list[int]] = defaultdict(list)
    row_items: dict[int, set[int]] = defaultdict(set)
    plan_of_item: dict[int, int] = {}
    for focus_area in overview.focus_areas:
        for contributor in reached[focus_area.pk].values():
            counted = plans.get(contributor.plan_id)
            if counted is None:
                continue
            row_id = scope.row_of_plan(counted)
            cell_items[row_id, focus_area.pk].append(contributor.item_id)
            row_items[row_id].add(contributor.item_id)
            plan_of_item[contributor.item_id] = counted.pk
    involved = {plan_id: plans[plan_id] for plan_id in set(plan_of_item.values())}
    year_statuses = statuses_in_year(involved.values(), year, plan_of_item)
    overview.plans_without_round = sorted(
        (p for p in involved.values() if p.pk not in year_statuses.rounds),
        key=lambda p: (p.organisation.name, p.title, p.pk),
    )

    def statuses(item_ids: Iterable[int]) -> list[str]:
        return [year_statuses.status(plan_of_item[i], i) for i in item_ids]

    rows_with_plans = {scope.row_of_plan(p) for p in plans.values()}
    columns: dict[int, list[str]] = defaultdict(list)
    every: set[int] = set()
    for row in scope.rows:
        row_id = row.organisation.pk
        if row.kind in (RowKind.MUNICIPALITY, RowKind.REGION):
            shown = row_id in row_items
        else:
            shown = row.shown_always or row_id in rows_with_plans
        if not shown:
            continue
        cells = []
        for focus_area in overview.focus_areas:
            item_statuses = statuses(cell_items.get((row_id, focus_area.pk), []))
            columns[focus_area.pk].extend(item_statuses)
            cells.append(CountyCell(focus_area=focus_area, summary=summarise(item_statuses)))
        every |= row_items.get(row_id, set())
        overview.rows.append(
            CountyOverviewRow(
                row=row, cells=cells, total=summarise(statuses(row_items.get(row_id, ())))
            )
        )
    overview.column_totals = [summarise(columns[f.pk]) for f in overview.focus_areas]
    overview.total = summarise(statuses(every))
    return overview


# --- One cell: the contributing items of a row to a focus area ---


@dataclass
class ContributingItem:
    """An item of a row's plans that contributes to a focus area, with its chain."""

    item: Item
    chain: list[Item]
    round: FollowUpRound | None
    status: str

    @property
    def plan(self) -> Plan:
        return self.item.plan

    @property
    def links(self) -> int:
        return len(self.chain) - 1


def focus_area_for_overview(scope: CountyScope, item_pk: int) -> Item:
    """A top-level item of one of the region's readable plans, otherwise 404."""
    plans = {p.pk: p for p in scope.region_plans}
    try:
        item = Item.objects.get(pk=item_pk, depth=0, plan_id__in=plans)
    except Item.DoesNotExist:
        raise Http404 from None
    item.plan = plans[item.plan_id]
    return item


def county_cell(
    scope: CountyScope, row: CountyRow, focus_area: Item, *, year: int, kind: str = ""
) -> list[ContributingItem]:
    """The items of `row` counted in the cell of `focus_area` in `year`, each with its chain
    from the item to the focus area and its status in its plan's round of the year.

    One query for the links, one for the items of the chains, and the year's
    statuses, whatever the number of items.
    """
    plan = focus_area.plan
    plans = {
        p.pk: p
        for p in counted_plans(scope, plan, year=year, kind=kind)
        if scope.row_of_plan(p) == row.organisation.pk
    }
    reached = [
        contributor
        for contributor in contributors(scope, plan, [focus_area.pk])[focus_area.pk].values()
        if contributor.plan_id in plans
    ]
    if not reached:
        return []
    readable = {p.pk: p for p in scope.plans}
    readable[plan.pk] = plan
    on_chains = {item_id for contributor in reached for item_id in contributor.path}
    items = {item.pk: item for item in Item.objects.filter(pk__in=on_chains)}
    for item in items.values():
        item.plan = readable[item.plan_id]
    involved = {contributor.plan_id: plans[contributor.plan_id] for contributor in reached}
    year_statuses = statuses_in_year(
        involved.values(), year, {c.item_id: c.plan_id for c in reached}
    )
    found = [
        ContributingItem(
            item=items[contributor.item_id],
            chain=[items[item_id] for item_id in contributor.path],
            round=year_statuses.rounds.get(contributor.plan_id),
            status=year_statuses.status(contributor.plan_id, contributor.item_id),
        )
        for contributor in reached
    ]
    found.sort(key=lambda c: (c.plan.title, c.plan.pk, c.item.depth, c.item.position, c.item.pk))
    return found


# --- The national overview ---


@dataclass
class NationalRow:
    region: Organisation
    #: One summary per priority group, in ``PriorityGroup`` order.
    cells: list[StatusSummary]
    all_items: StatusSummary
    plan_count: int


@dataclass
class NationalOverview:
    year: int
    kind: str
    years: list[int]
    groups: list[tuple[str, str]]
    rows: list[NationalRow] = field(default_factory=list)
    column_totals: list[StatusSummary] = field(default_factory=list)
    all_items: StatusSummary = field(default_factory=lambda: summarise([]))
    #: When the figures were counted; a kept overview is shown with its time.
    counted_at: datetime.datetime | None = None


def national_years(user, today: datetime.date) -> list[int]:
    """The years to choose from: those in which a readable plan runs (one query)."""
    spans = (
        visible_plans(user)
        .values_list(ExtractYear("period_start"), ExtractYear("period_end"))
        .distinct()
        .order_by()
    )
    return _years_with_plans(spans, today, default_year(today))


def _county_of_plans(plans: list[Plan], places: list[Organisation]) -> dict[int, Organisation]:
    """The region each plan's county belongs to, {plan id: region}: a plan of the region or
    of its units, or of a municipality of its county code or of the municipality's units."""
    regions = {o.pk: o for o in places if o.kind == OrganisationKind.REGION}
    region_of_code: dict[str, Organisation] = {}
    for region in sorted(regions.values(), key=lambda o: o.pk):
        region_of_code.setdefault(region.county_code, region)
    municipality_code = {
        o.pk: o.municipality_code for o in places if o.kind == OrganisationKind.MUNICIPALITY
    }
    found = {}
    for plan in plans:
        for organisation_id in plan.organisation.ancestor_ids:
            if organisation_id in regions:
                found[plan.pk] = regions[organisation_id]
                break
            code = municipality_code.get(organisation_id)
            if code and code[:2] in region_of_code:
                found[plan.pk] = region_of_code[code[:2]]
                break
    return found


def kept_national_overview(user, *, year: int, kind: str, years: list[int]) -> NationalOverview:
    """`national_overview`, kept for a few minutes (VERKSAM_OVERVIEW_CACHE_SECONDS).

    Counting the whole country rolls up every item of every plan in the year,
    which takes seconds at national scale; the figures change slowly, so
    everyone who may read the same plans shares one count for a while. Readers
    are told apart by the organisations they belong to, the only thing
    `visible_plans` asks, so nobody gets figures counted for somebody who may
    read more.
    """
    seconds = settings.VERKSAM_OVERVIEW_CACHE_SECONDS
    if seconds <= 0:
        return national_overview(user, year=year, kind=kind, years=years)
    if user.is_authenticated and user.is_superuser:
        readers = "all"
    else:
        paths = "|".join(sorted(member_paths(user)))
        readers = hashlib.sha256(paths.encode()).hexdigest()[:32]
    key = f"national-overview:{readers}:{year}:{kind}:{get_language()}"
    overview = cache.get(key)
    if overview is None or overview.years != years:
        overview = national_overview(user, year=year, kind=kind, years=years)
        cache.set(key, overview, seconds)
    return overview


def national_overview(user, *, year: int, kind: str, years: list[int]) -> NationalOverview:
    """Every region's county against the Library Act's priority groups in `year`.

    A cell counts the items of the county's readable plans (of the kind asked
    for, whose period overlaps the year) tagged with the group, with their
    statuses in each plan's round of the year; "all items" counts every item of
    those plans. Queries: the regions and municipalities, the plans, the tags,
    the item counts, and the year's statuses (at most seven), whatever the
    number of regions, plans and items.
    """
    groups = [(str(value), str(label)) for value, label in PriorityGroup.choices]
    overview = NationalOverview(year=year, kind=kind, years=years, groups=groups)
    places = list(
        Organisation.objects.filter(
            Q(kind=OrganisationKind.REGION) & ~Q(county_code="")
            | Q(kind=OrganisationKind.MUNICIPALITY) & ~Q(municipality_code="")
        ).only("id", "name", "kind", "path", "county_code", "municipality_code")
    )
    start, end = year_bounds(year)
    plans_query = (
        visible_plans(user)
        .filter(period_start__lte=end, period_end__gte=start)
        .select_related("organisation")
    )
    if kind:
        plans_query = plans_query.filter(kind=kind)
    plans = list(plans_query)
    region_of = _county_of_plans(plans, places)
    plans = [p for p in plans if p.pk in region_of]
    plan_ids = [p.pk for p in plans]

    group_items: dict[tuple[int, str], set[tuple[int, int]]] = defaultdict(set)
    item_counts: dict[int, int] = {}
    if plan_ids:
        for item_id, plan_id, group in (
            Tag.items.through.objects.filter(item__plan_id__in=plan_ids)
            .exclude(tag__priority_group="")
            .values_list("item_id", "item__plan_id", "tag__priority_group")
        ):
            group_items[region_of[plan_id].pk, group].add((plan_id, item_id))
        item_counts = dict(
            Item.objects.filter(plan_id__in=plan_ids)
            .order_by()
            .values("plan_id")
            .annotate(n=Count("pk"))
            .values_list("plan_id", "n")
        )
    tagged = {
        item_id: plan_id
        for (_region, _group), pairs in group_items.items()
        for plan_id, item_id in pairs
    }
    # The rounds' rows of tagged items only, picked out by the database: a quarter of
    # the rows of every item.
    year_statuses = statuses_in_year(
        plans,
        year,
        tagged,
        many=True,
        rows_where=Exists(
            Tag.items.through.objects.filter(item_id=OuterRef("item_id")).exclude(
                tag__priority_group=""
            )
        ),
    )
    # Every item counts in a region's total: counted by the database, not read one by one.
    counts_of_plan = {
        plan_id: stored_counts.get(followup_round.pk, {})
        for stored_counts in [
            stored.status_counts(year_statuses.rounds.values(), items_of=item_counts)
        ]
        for plan_id, followup_round in year_statuses.rounds.items()
    }
    plans_of: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        plans_of[region_of[plan.pk].pk].append(plan)

    regions = sorted(
        (o for o in places if o.kind == OrganisationKind.REGION),
        key=lambda o: (o.county_code, o.name, o.pk),
    )
    columns: dict[str, list[str]] = defaultdict(list)
    everything: Counter[str] = Counter()
    for region in regions:
        cells = []
        for group, _label in groups:
            item_statuses = [
                year_statuses.status(plan_id, item_id)
                for plan_id, item_id in group_items.get((region.pk, group), ())
            ]
            columns[group].extend(item_statuses)
            cells.append(summarise(item_statuses))
        all_statuses: Counter[str] = Counter()
        for plan in plans_of.get(region.pk, []):
            in_round = counts_of_plan.get(plan.pk)
            if in_round is None:
                all_statuses[GoalStatus.NOT_ASSESSED] += item_counts.get(plan.pk, 0)
            else:
                all_statuses.update(in_round)
        everything.update(all_statuses)
        overview.rows.append(
            NationalRow(
                region=region,
                cells=cells,
                all_items=summarise_counts(all_statuses),
                plan_count=len(plans_of.get(region.pk, [])),
            )
        )
    overview.column_totals = [summarise(columns[group]) for group, _label in groups]
    overview.all_items = summarise_counts(everything)
    overview.counted_at = timezone.now()
    return overview
