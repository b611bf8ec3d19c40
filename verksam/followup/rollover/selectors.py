"""What rolling a plan into the next period would do, read for the preview.

`rollover_preview` reads a plan, its follow-up in the year's round, its
indicators with the year's measured values and its contributes-to links in a
fixed number of queries, whatever the number of items, and sorts the items into
what the next period's draft would get:

- the structure: every item above the activity level, copied as it is;
- unfinished activities, carried over and marked as carried (`is_unfinished`);
- finished activities, left behind unless the editor ticks them;
- the indicators of what is copied, with the baseline moved on to the latest
  value measured in the plan's last year, and no targets;
- the contributes-to links whose target plan still runs through the whole new
  period, kept; the others listed as not kept;
- the improvements named in the round's approved follow-up (what the annual
  report shows under "Improvements carried into the next plan"), offered as
  proposed new items.

The round is the plan's current one by the site's one rule (`current_round`):
in the autumn the year's last round that has begun, after the year its
year-end round.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from verksam.followup import stored
from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus
from verksam.followup.models import Assessment, FollowUpRound
from verksam.indicators.models import ItemIndicator, Measurement
from verksam.indicators.selectors import format_value, period_label
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.selectors import tree_order
from verksam.plans.services import next_period, next_period_title

#: The longest title a proposed item gets from its improvement's first line.
PROPOSAL_TITLE_LENGTH = 200

#: Own statuses of an activity that mean it needs no more work next year.
FINISHED_STATUSES = {GoalStatus.MET, ActivityStatus.DONE, ActivityStatus.STOPPED}


def is_unfinished(status: stored.StoredStatus | None) -> bool:
    """Whether an activity with this status in the year's round is unfinished.

    Finished is done (or met) by the roll-up, or stopped on purpose by its own
    approved follow-up. Everything else (ongoing, not started, not assessed, or
    never followed up) is unfinished and is carried over.
    """
    if status is None:
        return True
    return not (status.status == GoalStatus.MET or status.own_status in FINISHED_STATUSES)


def proposal_title(text: str) -> str:
    """A proposed item's title: the improvement's first line, shortened at a word."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(line) <= PROPOSAL_TITLE_LENGTH:
        return line
    cut = line[: PROPOSAL_TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut.rstrip(' ,;:.')}…"


@dataclass
class IndicatorMove:
    """An indicator of a copied item: the baseline it has and the one it will get."""

    use: ItemIndicator
    baseline: Decimal | None
    baseline_label: str
    measured: bool  # the new baseline is a value measured in the plan's last year
    target_count: int

    @property
    def old_baseline_text(self) -> str:
        return format_value(self.use.baseline, self.use.indicator.decimals)

    @property
    def baseline_text(self) -> str:
        return format_value(self.baseline, self.use.indicator.decimals)


@dataclass
class ItemRow:
    """An item of the plan and what the roll-over does with it."""

    item: Item
    kind: str  # "structure", "carried" or "finished"
    status: stored.StoredStatus | None = None
    indicators: list[IndicatorMove] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.item.pk


@dataclass
class LinkRow:
    """A contributes-to link of the plan: kept when its target's plan covers the new period."""

    link: Contribution
    kept: bool
    source_kind: str = "structure"  # the kind of the source's ItemRow

    @property
    def target_plan_label(self) -> str:
        """The target's plan by its title, with its period unless the title says it."""
        plan = self.link.target.plan
        period = plan.period_label
        return plan.title if period in plan.title else f"{plan.title}, {period}"


@dataclass
class Proposal:
    """An improvement from the year's follow-up, offered as a new item of next period's plan."""

    assessment: Assessment
    title: str
    parent: Item | None  # the item of this plan the new item goes under (through its copy)

    @property
    def pk(self) -> int:
        return self.assessment.pk


@dataclass
class RolloverPreview:
    """Everything the preview shows, and the choices it offers with their defaults."""

    plan: Plan
    title: str
    period_start: datetime.date
    period_end: datetime.date
    followup_round: FollowUpRound | None
    rows: list[ItemRow]
    links: list[LinkRow]
    proposals: list[Proposal]
    existing: Plan | None  # a plan with the new title and period that is already there

    @property
    def structure(self) -> list[ItemRow]:
        return [row for row in self.rows if row.kind == "structure"]

    @property
    def carried(self) -> list[ItemRow]:
        return [row for row in self.rows if row.kind == "carried"]

    @property
    def finished(self) -> list[ItemRow]:
        return [row for row in self.rows if row.kind == "finished"]

    @property
    def links_kept(self) -> list[LinkRow]:
        return [row for row in self.links if row.kept]

    @property
    def links_dropped(self) -> list[LinkRow]:
        return [row for row in self.links if not row.kept]

    @property
    def year(self) -> int:
        """The year carried activities are marked as carried over from."""
        return self.plan.period_end.year

    def initial_items(self) -> list[int]:
        """The items ticked at first: the structure and the unfinished activities."""
        return [row.pk for row in self.rows if row.kind != "finished"]

    def initial_links(self) -> list[int]:
        return [row.link.pk for row in self.links_kept]


#: `rollover_preview`'s default round: the plan's current one (`current_round`).
CURRENT_ROUND = object()


def rollover_preview(
    plan: Plan, *, today: datetime.date, followup_round: object = CURRENT_ROUND
) -> RolloverPreview:
    """What rolling `plan` into the next period would copy, carry over and propose.

    The unfinished activities and the improvements are read from `followup_round`,
    a round of the plan (or None for none), by default its current round.

    Eight to ten queries whatever the size of the plan: the items, the current
    round, its stored statuses (two, or a few more while the plan waits for its
    roll-up to be refreshed), the approved improvements, the links with their
    targets' plans, the indicators, the year's measured values and a plan that
    may already have the new title.
    """
    start, end = next_period(plan)
    title = next_period_title(plan)
    items = tree_order(list(plan.items.select_related("responsible_organisation")))
    by_id = {item.pk: item for item in items}
    for item in items:
        item.plan = plan
    if followup_round is CURRENT_ROUND:
        followup_round = FollowUpRound.objects.current(plan, today)
    elif followup_round is not None and followup_round.plan_id != plan.pk:
        raise ValueError("The round is not one of the plan's.")
    statuses = stored.round_statuses(followup_round, by_id) if followup_round is not None else {}
    rows = [_row(plan, item, statuses, has_round=followup_round is not None) for item in items]
    _add_indicators(plan, {row.pk: row for row in rows})
    links = _links(plan, start, end)
    kinds = {row.pk: row.kind for row in rows}
    for link_row in links:
        link_row.source_kind = kinds.get(link_row.link.source_id, "structure")
    return RolloverPreview(
        plan=plan,
        title=title,
        period_start=start,
        period_end=end,
        followup_round=followup_round,
        rows=rows,
        links=links,
        proposals=_proposals(plan, followup_round, by_id),
        existing=Plan.objects.filter(
            organisation=plan.organisation_id, title=title, period_start=start, period_end=end
        ).first(),
    )


def _row(plan: Plan, item: Item, statuses: dict, *, has_round: bool) -> ItemRow:
    status = statuses.get(item.pk)
    if not has_round or not plan.is_activity_level(item.depth):
        return ItemRow(item, "structure", status)
    return ItemRow(item, "carried" if is_unfinished(status) else "finished", status)


def _links(plan: Plan, start: datetime.date, end: datetime.date) -> list[LinkRow]:
    """The plan's links, each kept when its target's plan runs through start–end."""
    links = (
        Contribution.objects.filter(source__plan=plan)
        .select_related("source", "target__plan__organisation")
        .order_by("source__depth", "source__position", "source_id", "pk")
    )
    return [
        LinkRow(
            link,
            kept=link.target.plan.period_start <= start
            and link.target.plan.period_end >= end
            and link.target.plan.status != PlanStatus.ARCHIVED,
        )
        for link in links
    ]


def _proposals(
    plan: Plan, followup_round: FollowUpRound | None, by_id: dict[int, Item]
) -> list[Proposal]:
    """The round's approved improvements, each placed where its new item would go."""
    if followup_round is None:
        return []
    assessments = (
        Assessment.objects.filter(
            round=followup_round, state=AssessmentState.APPROVED, item__plan=plan
        )
        .exclude(improvements="")
        .order_by("item__depth", "item__position", "item_id")
    )
    proposals = []
    for assessment in assessments:
        if not assessment.improvements.strip():
            continue
        item = by_id[assessment.item_id]
        assessment.item = item
        # Under the assessed item when the plan has a level below it, else beside it.
        has_level_below = item.depth + 1 < len(plan.level_names)
        parent = item if has_level_below else by_id.get(item.parent_id)
        proposals.append(Proposal(assessment, proposal_title(assessment.improvements), parent))
    return proposals


def _add_indicators(plan: Plan, rows: dict[int, ItemRow]) -> None:
    """Give each row its indicators, with the baseline moved on to the year's latest value."""
    uses = list(
        ItemIndicator.objects.filter(item__plan=plan)
        .select_related("indicator")
        .prefetch_related("targets")
        .order_by("item_id", "indicator__name", "pk")
    )
    if not uses:
        return
    year_start = datetime.date(plan.period_end.year, 1, 1)
    latest: dict[tuple[int, int], Measurement] = {}
    measurements = Measurement.objects.filter(
        Q(indicator_id__in={use.indicator_id for use in uses}),
        Q(organisation_id__in={use.organisation_id for use in uses}),
        period_end__gte=year_start,
        period_end__lte=plan.period_end,
    ).order_by("period_end", "period_start", "pk")
    for measurement in measurements:
        # The latest period wins; of periods ending the same day, the longest (the year).
        key = (measurement.indicator_id, measurement.organisation_id)
        earlier = latest.get(key)
        if earlier is None or measurement.period_end > earlier.period_end:
            latest[key] = measurement
    for use in uses:
        found = latest.get((use.indicator_id, use.organisation_id))
        if found is not None:
            move = IndicatorMove(
                use,
                baseline=found.value,
                baseline_label=period_label(found.period_start, found.period_end),
                measured=True,
                target_count=len(use.targets.all()),
            )
        else:
            move = IndicatorMove(
                use,
                baseline=use.baseline,
                baseline_label=use.baseline_label,
                measured=False,
                target_count=len(use.targets.all()),
            )
        rows[use.item_id].indicators.append(move)
