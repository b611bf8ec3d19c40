"""What both overviews count by: the years and their follow-up rounds, and summaries of
the stored statuses of a group of items in a year.

Visibility goes through the one permission layer: only plans the user may read
(``visible_plans``) are read, so an anonymous visitor's counts come from
published, adopted plans only. Statuses are the stored ones (``followup.stored``), in
which only approved assessments ever count, so nobody's counts move with a
draft, a submitted or a returned assessment. What is counted is described for
librarians in ``docs/overviews.md``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from verksam.followup import rollup, stored
from verksam.followup.choices import GoalStatus
from verksam.followup.models import FollowUpRound
from verksam.plans.models import Plan

#: The order in which the statuses of a summary are listed.
STATUS_ORDER = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET, GoalStatus.NOT_ASSESSED)


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


def years_with_plans(
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
    chosen: dict[int, FollowUpRound] = {}
    # Every round of the year is read to pick one per plan: the times of the row's own
    # changes are never shown, and converting them cost about a third of the query.
    for followup_round in _rounds_ending_in(plans_by_id, year).defer("created_at", "updated_at"):
        current = chosen.get(followup_round.plan_id)
        if current is None or _replaces(current.is_year_end, followup_round.is_year_end):
            followup_round.plan = plans_by_id[followup_round.plan_id]
            chosen[followup_round.plan_id] = followup_round
    return chosen


def round_ids_of_year(plan_ids: Iterable[int], year: int) -> dict[int, int]:
    """`rounds_of_year` as ids, {plan id: round id}, in one query: for counting over the
    whole country, without a round object for each of its thousands of rounds."""
    plan_ids = set(plan_ids)
    if not plan_ids:
        return {}
    chosen: dict[int, tuple[int, bool]] = {}
    for pk, plan_id, is_year_end in _rounds_ending_in(plan_ids, year).values_list(
        "pk", "plan_id", "is_year_end"
    ):
        current = chosen.get(plan_id)
        if current is None or _replaces(current[1], is_year_end):
            chosen[plan_id] = (pk, is_year_end)
    return {plan_id: pk for plan_id, (pk, _is_year_end) in chosen.items()}


def _rounds_ending_in(plan_ids, year: int):
    """The plans' rounds whose period ends in `year`, each plan's in time order."""
    start, end = year_bounds(year)
    return FollowUpRound.objects.filter(
        plan_id__in=plan_ids, period_end__gte=start, period_end__lte=end
    ).order_by("plan_id", "period_end", "period_start", "pk")


def _replaces(chosen_is_year_end: bool, is_year_end: bool) -> bool:
    """Whether a plan's round replaces the one chosen so far, which came before it: a
    later round does, except that a year-end round is never replaced by one that is not."""
    return is_year_end or not chosen_is_year_end


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
    plans: Iterable[Plan], year: int, plan_of_item: dict[int, int]
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
    # Grouped by plan first: a round (a model object) is hashed once per plan, not per item.
    items_of: dict[int, set[int]] = defaultdict(set)
    for item_id, plan_id in plan_of_item.items():
        items_of[plan_id].add(item_id)
    wanted = {r: items_of.get(plan_id, set()) for plan_id, r in rounds.items()}
    found = stored.statuses(wanted, only_status=True)
    return YearStatuses(
        rounds=rounds,
        by_plan={plan_id: found[followup_round.pk] for plan_id, followup_round in rounds.items()},
    )


def plan_kind_matches(plan: Plan, kind: str) -> bool:
    return not kind or plan.kind == kind
