"""Reads of the national overview (riksöversikt), in a fixed number of queries.

For every region it shows how many items of the county's plans are tagged with each of
the Library Act's priority groups, each count with the rolled-up status of the items in
a chosen year, whatever the number of regions, plans or items.

Visibility goes through the one permission layer: only plans the user may read
(``visible_plans``) are read, so an anonymous visitor's counts come from
published, adopted plans only. Statuses are the stored ones (``followup.stored``), in
which only approved assessments ever count, so nobody's counts move with a
draft, a submitted or a returned assessment. What is counted is described for
librarians in ``docs/overviews.md``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from verksam.followup import stored
from verksam.followup.choices import GoalStatus
from verksam.followup.overviews.years import (
    StatusSummary,
    default_year,
    statuses_in_year,
    summarise,
    summarise_counts,
    year_bounds,
    years_with_plans,
)
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import member_paths
from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Item, Plan, Tag
from verksam.plans.permissions import visible_plans


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
    return years_with_plans(spans, today, default_year(today))


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
