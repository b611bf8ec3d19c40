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
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from verksam.followup import stored
from verksam.followup.choices import GoalStatus
from verksam.followup.models import FollowUpRound, ItemStatus
from verksam.followup.overviews.years import (
    StatusSummary,
    default_year,
    round_ids_of_year,
    summarise,
    summarise_counts,
    year_bounds,
    years_with_plans,
)
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import member_paths
from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Item, Tag
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


def _county_of_plans(paths: dict[int, str], places: list[Organisation]) -> dict[int, Organisation]:
    """The region each plan's county belongs to, {plan id: region}, from the paths of the
    plans' organisations ({plan id: path}): a plan of the region or of its units, or of a
    municipality of its county code or of the municipality's units."""
    regions = {o.pk: o for o in places if o.kind == OrganisationKind.REGION}
    region_of_code: dict[str, Organisation] = {}
    for region in sorted(regions.values(), key=lambda o: o.pk):
        region_of_code.setdefault(region.county_code, region)
    municipality_code = {
        o.pk: o.municipality_code for o in places if o.kind == OrganisationKind.MUNICIPALITY
    }
    found = {}
    for plan_id, path in paths.items():
        for organisation_id in (int(part) for part in path.strip("/").split("/") if part):
            if organisation_id in regions:
                found[plan_id] = regions[organisation_id]
                break
            code = municipality_code.get(organisation_id)
            if code and code[:2] in region_of_code:
                found[plan_id] = region_of_code[code[:2]]
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
    those plans. The database counts them (``_plan_counts``): no query per region,
    plan or item, and no object per item.
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
    plans_query = visible_plans(user).filter(period_start__lte=end, period_end__gte=start)
    if kind:
        plans_query = plans_query.filter(kind=kind)
    # The county is told by the organisation's place in the tree alone.
    region_of = _county_of_plans(dict(plans_query.values_list("pk", "organisation__path")), places)
    tagged, every = _plan_counts(list(region_of), year)

    cells: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    all_statuses: dict[int, Counter[str]] = defaultdict(Counter)
    plan_count: Counter[int] = Counter()
    for (plan_id, group), counts in tagged.items():
        cells[region_of[plan_id].pk, group].update(counts)
    for plan_id, region in region_of.items():
        all_statuses[region.pk].update(every[plan_id])
        plan_count[region.pk] += 1

    regions = sorted(
        (o for o in places if o.kind == OrganisationKind.REGION),
        key=lambda o: (o.county_code, o.name, o.pk),
    )
    columns: dict[str, Counter[str]] = defaultdict(Counter)
    everything: Counter[str] = Counter()
    for region in regions:
        for group, _label in groups:
            columns[group].update(cells[region.pk, group])
        everything.update(all_statuses[region.pk])
        overview.rows.append(
            NationalRow(
                region=region,
                cells=[summarise_counts(cells[region.pk, group]) for group, _label in groups],
                all_items=summarise_counts(all_statuses[region.pk]),
                plan_count=plan_count[region.pk],
            )
        )
    overview.column_totals = [summarise_counts(columns[group]) for group, _label in groups]
    overview.all_items = summarise_counts(everything)
    overview.counted_at = timezone.now()
    return overview


def _plan_counts(
    plan_ids: list[int], year: int
) -> tuple[dict[tuple[int, str], dict[str, int]], dict[int, dict[str, int]]]:
    """How many items of each plan have each status in its round of `year`:
    ``({(plan id, priority group): {status: n}}, {plan id: {status: n}})``, the items
    tagged with each priority group and all of them.

    The database counts, in four queries whatever the number of plans and items: the
    items of each plan, the rounds, the plans waiting for a refresh of their stored
    statuses (``stored.marked_plans``), and one pass over the rounds' stored rows that
    counts them by round and status, all of them and those of each group's items. Items
    of a plan without a round in the year are not assessed (one query more counts its
    tagged items). A plan waiting for its refresh, or missing a row of an item, is
    derived by the rule instead (``_derived_counts``, a few queries more), so the
    counts always agree with it.
    """
    if not plan_ids:
        return {}, {}
    priority_groups = [value for value, _label in PriorityGroup.choices]
    tags = Tag.items.through.objects.filter(tag__priority_group__in=priority_groups)
    item_counts = dict(
        Item.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("plan_id")
        .annotate(n=Count("*"))
        .values_list("plan_id", "n")
    )
    rounds = round_ids_of_year(plan_ids, year)
    marked = stored.marked_plans(rounds.keys())
    plan_of_round = {
        round_id: plan_id for plan_id, round_id in rounds.items() if plan_id not in marked
    }
    every: dict[int, dict[str, int]] = defaultdict(dict)
    tagged: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    # A group's items as a set the database makes once and looks each row up in: joining
    # the tags to the rows (through the items) cost twice as much on both databases.
    in_group = {
        f"in_{group}": Count(
            "item_id",
            filter=Q(item_id__in=tags.filter(tag__priority_group=group).values("item_id")),
        )
        for group in priority_groups
    }
    for round_id, status, n, *in_groups in (
        ItemStatus.objects.filter(round_id__in=plan_of_round)
        .order_by()
        .values("round_id", "status")
        .annotate(n=Count("*"), **in_group)
        .values_list("round_id", "status", "n", *in_group)
    ):
        plan_id = plan_of_round[round_id]
        every[plan_id][status] = n
        for group, count in zip(priority_groups, in_groups, strict=True):
            if count:
                tagged[plan_id, group][status] = count
    # A plan whose every item has its row is counted as stored; a plan missing a row was
    # never computed, and is derived like a marked one.
    live = {
        plan_id
        for plan_id in rounds
        if plan_id in marked or sum(every[plan_id].values()) != item_counts.get(plan_id, 0)
    }
    without_round = [plan_id for plan_id in plan_ids if plan_id not in rounds]
    if without_round:
        for plan_id, group, n in (
            tags.filter(item__plan_id__in=without_round)
            .order_by()
            .values("item__plan_id", "tag__priority_group")
            .annotate(n=Count("*"))
            .values_list("item__plan_id", "tag__priority_group", "n")
        ):
            tagged[plan_id, group] = {GoalStatus.NOT_ASSESSED: n}
        for plan_id in without_round:
            every[plan_id] = {GoalStatus.NOT_ASSESSED: item_counts.get(plan_id, 0)}
    if live:
        derived_tagged, derived_every = _derived_counts(tags, {p: rounds[p] for p in live})
        for key in [key for key in tagged if key[0] in live]:
            del tagged[key]
        tagged.update(derived_tagged)
        every.update(derived_every)
    return tagged, {plan_id: every[plan_id] for plan_id in plan_ids}


def _derived_counts(
    tags, round_ids: dict[int, int]
) -> tuple[dict[tuple[int, str], dict[str, int]], dict[int, dict[str, int]]]:
    """``_plan_counts`` of these plans ({plan id: round id}) by the rule: their rounds,
    items and tagged items (three queries) and their statuses (``stored.statuses``, which
    derives a plan waiting for its refresh or missing a row)."""
    rounds = {r.plan_id: r for r in FollowUpRound.objects.filter(pk__in=round_ids.values())}
    items = list(Item.objects.filter(plan_id__in=rounds).values_list("id", "plan_id"))
    groups_of: dict[int, list[str]] = defaultdict(list)
    for item_id, group in tags.filter(item__plan_id__in=rounds).values_list(
        "item_id", "tag__priority_group"
    ):
        groups_of[item_id].append(group)
    items_of: dict[int, set[int]] = defaultdict(set)
    for item_id, plan_id in items:
        items_of[plan_id].add(item_id)
    found = stored.statuses(
        {r: items_of[plan_id] for plan_id, r in rounds.items()}, only_status=True, many=True
    )
    tagged: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    every: dict[int, Counter[str]] = defaultdict(Counter)
    for item_id, plan_id in items:
        status = found[rounds[plan_id].pk].get(item_id, GoalStatus.NOT_ASSESSED)
        every[plan_id][status] += 1
        for group in groups_of.get(item_id, ()):
            tagged[plan_id, group][status] += 1
    return (
        {key: dict(counts) for key, counts in tagged.items()},
        {plan_id: dict(every[plan_id]) for plan_id in rounds},
    )
