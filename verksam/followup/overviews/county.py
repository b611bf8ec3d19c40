"""Reads of the county overview (länsöversikt), in a fixed number of queries.

For one region it shows how the plans of the county's libraries contribute to the
focus areas (the top-level items) of a regional plan, each count with the rolled-up
status of the items in a chosen year; a cell lists the contributing items of a row to
a focus area.

Visibility goes through the one permission layer: only plans the user may read
(``visible_plans``) are read, so an anonymous visitor's counts come from
published, adopted plans only. Statuses are the stored ones (``followup.stored``), in
which only approved assessments ever count, so nobody's counts move with a
draft, a submitted or a returned assessment. What is counted is described for
librarians in ``docs/overviews.md``.

The page reads its data in a number of queries that does not depend on the number of
libraries, focus areas, items or rounds: the county's plans in one query, every
contributes-to link between them in one more (the chain is then walked in memory, at
most ``MAX_CHAIN_DEPTH`` links from a focus area), the rounds of the year in one, and
the roll-up of all those rounds together.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.followup import page_cache
from verksam.followup.models import FollowUpRound
from verksam.followup.overviews.years import (
    StatusSummary,
    default_year,
    plan_kind_matches,
    plan_runs_in,
    statuses_in_year,
    summarise,
    years_with_plans,
)
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.plans.chain import MAX_CHAIN_DEPTH
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.permissions import visible_plans
from verksam.plans.reading.plan_check import kept_library_act_checks


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
        years=years_with_plans(spans, today, default_year(today)),
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


def library_act_checks(plans: Iterable[Plan]) -> dict[int, dict]:
    """{plan id: the plan's Library Act check as a template shows it}; an adopted or
    archived plan's kept in the cache under its page versions (``page_cache.plan_key``),
    the others checked on every request. The versions of all plans in one query."""
    plans = list(plans)
    settled = [p for p in plans if p.status in {PlanStatus.ADOPTED, PlanStatus.ARCHIVED}]
    versions = page_cache.versions_of(p.pk for p in settled) if settled else {}
    keys = {
        p.pk: page_cache.plan_key("library-act-check", p, plan_versions=versions[p.pk])
        for p in settled
    }
    return kept_library_act_checks(plans, keys, page_cache.TIMEOUT)


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
