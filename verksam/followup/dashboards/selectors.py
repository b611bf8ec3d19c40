"""Reads of the dashboards, each in a number of queries that does not grow with the data.

A plan's dashboard reads its rounds, its top-level items, the roll-up of every
round (verksam.followup.rollup, a fixed number of queries) and its indicators
with targets and measurements; "my follow-ups" finds what a person is expected
to report on from their memberships and responsibilities in a few queries
instead of asking `can_report_on` item by item; an organisation's dashboard
reads its plans with their latest round in a few queries plus one roll-up per
plan that has a round.

Charts are built here from plain values (verksam.followup.charts), so a page,
its chart images and later the documents show the same data.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from verksam.core.text import in_sentence
from verksam.followup import rollup, stored
from verksam.followup.charts import (
    Chart,
    indicator_trend_chart,
    status_chart,
    status_summary_chart,
)
from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.models import Assessment, FollowUpRound, current_round
from verksam.followup.permissions import can_see_unapproved
from verksam.followup.selectors import chosen_round
from verksam.indicators.models import ItemIndicator, Measurement
from verksam.indicators.permissions import can_read_measurements
from verksam.indicators.selectors import period_label
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import paths_with_role
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import visible_plans

#: How many years of measurements before the plan's period a trend shows.
TREND_YEARS_BEFORE = 5
#: At most this many measured values per trend, the latest ones.
TREND_MAX_POINTS = 12


# --- Rounds ---


def plan_rounds(plan: Plan) -> list[FollowUpRound]:
    """The plan's rounds in time order, each with its plan set (one query)."""
    rounds = list(plan.rounds.in_order())
    for followup_round in rounds:
        followup_round.plan = plan
    return rounds


def _round_labels(rounds: list[FollowUpRound]) -> dict[int, str]:
    """A distinct column label for each round: its name, with its period when names repeat."""
    names = Counter(r.name for r in rounds)
    return {
        r.pk: r.name
        if names[r.name] == 1
        else f"{r.name} ({period_label(r.period_start, r.period_end)})"
        for r in rounds
    }


# --- A plan's statuses ---


def top_items(plan: Plan) -> list[Item]:
    """The plan's top-level items in their order (one query)."""
    items = list(plan.items.filter(depth=0).order_by("position", "pk"))
    for item in items:
        item.plan = plan
    return items


def _top_level_name(plan: Plan) -> str:
    return plan.level_name(0)


def status_grid_chart(
    plan: Plan,
    rounds: list[FollowUpRound],
    items: list[Item],
    rollups: dict[int, dict[int, rollup.Derivation]],
) -> Chart:
    """The status of each top-level item in each round."""
    labels = _round_labels(rounds)
    rows = []
    for item in items:
        statuses = {}
        for followup_round in rounds:
            derivation = rollups.get(followup_round.pk, {}).get(item.pk)
            statuses[labels[followup_round.pk]] = (
                derivation.status if derivation else GoalStatus.NOT_ASSESSED
            )
        rows.append((item.title, statuses))
    title = _("Status per %(level)s and round") % {"level": in_sentence(_top_level_name(plan))}
    return status_chart(title, rows, [labels[r.pk] for r in rounds])


def round_counts(items: list[Item], derivations: dict[int, rollup.Derivation]) -> dict[str, int]:
    """How many of `items` have each goal status in one round's roll-up."""
    counts = dict.fromkeys(GoalStatus.values, 0)
    for item in items:
        derivation = derivations.get(item.pk)
        counts[derivation.status if derivation else GoalStatus.NOT_ASSESSED] += 1
    return counts


def round_summary_chart(
    plan: Plan, followup_round: FollowUpRound, items: list[Item], derivations
) -> Chart:
    title = _("%(level)s by status in %(round)s") % {
        "level": _top_level_name(plan),
        "round": followup_round.name,
    }
    return status_summary_chart(round_counts(items, derivations), title=title)


# --- Indicator trends ---


@dataclass
class Trend:
    """An indicator of an item with its chart; measured values only for those who may read them."""

    item_indicator: ItemIndicator
    chart: Chart
    shows_measurements: bool

    @property
    def item(self) -> Item:
        return self.item_indicator.item

    @property
    def chart_name(self) -> str:
        return f"indicator-{self.item_indicator.pk}"

    @property
    def indicator(self):
        return self.item_indicator.indicator


def _months(start: datetime.date, end: datetime.date) -> int:
    """How many calendar months a period spans, to tell years from tertials and months."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def indicator_trends(user, plan: Plan, *, item_indicator_id: int | None = None) -> list[Trend]:
    """Every indicator of the plan's items (or one of them) as values against targets.

    Three queries: the item indicators with their indicator and item, their
    targets, and the measurements of every indicator and organisation at once.
    Measured values are shown only to readers of the organisation they are
    measured for (verksam.indicators.permissions); the others see the baseline
    and the targets, which are part of the plan.
    A trend shows the periods as long as the targets' (years beside annual
    targets, tertials beside tertial targets), from a few years before the plan.
    """
    uses = ItemIndicator.objects.filter(item__plan=plan)
    if item_indicator_id is not None:
        uses = uses.filter(pk=item_indicator_id)
    uses = list(
        uses.select_related("indicator", "item", "organisation")
        .prefetch_related("targets")
        .order_by("item__depth", "item__position", "item_id", "indicator__name", "pk")
    )
    readable = [use for use in uses if can_read_measurements(user, use.organisation)]
    measured: dict[tuple[int, int], list[Measurement]] = {}
    if readable:
        earliest = plan.period_start.replace(year=plan.period_start.year - TREND_YEARS_BEFORE)
        latest = max(
            [plan.period_end]
            + [target.period_end for use in readable for target in use.targets.all()]
        )
        for measurement in Measurement.objects.filter(
            indicator_id__in={use.indicator_id for use in readable},
            organisation_id__in={use.organisation_id for use in readable},
            period_start__gte=earliest,
            period_end__lte=latest,
        ).order_by("period_start", "period_end"):
            key = (measurement.indicator_id, measurement.organisation_id)
            measured.setdefault(key, []).append(measurement)
    readable_ids = {use.pk for use in readable}
    trends = []
    for use in uses:
        use.item.plan = plan
        indicator = use.indicator
        targets = sorted(use.targets.all(), key=lambda t: (t.period_start, t.period_end))
        shows = use.pk in readable_ids
        points: list[tuple[str, object]] = []
        dated = [(t.period_start, t.period_end) for t in targets]
        if shows:
            lengths = {_months(start, end) for start, end in dated}
            values = measured.get((use.indicator_id, use.organisation_id), [])
            if not lengths and values:
                common = Counter(_months(m.period_start, m.period_end) for m in values)
                lengths = {common.most_common(1)[0][0]}
            values = [m for m in values if _months(m.period_start, m.period_end) in lengths]
            values = values[-TREND_MAX_POINTS:]
            points = [(period_label(m.period_start, m.period_end), m.value) for m in values]
            dated += [(m.period_start, m.period_end) for m in values]
        if use.baseline is not None:
            # The baseline is part of the plan, shown to whoever reads it.
            label = use.baseline_label or _("Baseline")
            if label not in {point_label for point_label, _v in points}:
                points.insert(0, (label, use.baseline))
        periods = [period_label(start, end) for start, end in sorted(set(dated))]
        if points and points[0][0] not in periods:
            periods.insert(0, points[0][0])  # the baseline, before everything else
        chart = indicator_trend_chart(
            indicator.name,
            indicator.unit,
            points,
            [(period_label(t.period_start, t.period_end), t.value) for t in targets],
            decimals=indicator.decimals,
            direction=indicator.direction,
            periods=periods,
        )
        trends.append(Trend(item_indicator=use, chart=chart, shows_measurements=shows))
    return trends


# --- The plan dashboard ---


@dataclass
class PlanDashboard:
    plan: Plan
    rounds: list[FollowUpRound]
    round: FollowUpRound | None
    items: list[Item]
    status_chart: Chart | None
    summary_chart: Chart | None
    trends: list[Trend] = field(default_factory=list)

    @property
    def summary_chart_name(self) -> str:
        return f"summary-{self.round.pk}" if self.round else ""


def plan_dashboard(
    user, plan: Plan, *, wanted_round: str | None = None, today: datetime.date
) -> PlanDashboard:
    """Everything the plan's dashboard shows, in a fixed number of queries."""
    rounds = plan_rounds(plan)
    items = top_items(plan)
    rollups = stored.statuses({r: [item.pk for item in items] for r in rounds})
    # The dashboard always shows a round: the current one for "none" or an unknown id.
    current = chosen_round(rounds, wanted_round, today) or current_round(rounds, today)
    return PlanDashboard(
        plan=plan,
        rounds=rounds,
        round=current,
        items=items,
        status_chart=status_grid_chart(plan, rounds, items, rollups) if rounds else None,
        summary_chart=(
            round_summary_chart(plan, current, items, rollups[current.pk]) if current else None
        ),
        trends=indicator_trends(user, plan),
    )


def plan_chart(user, plan: Plan, name: str) -> Chart | None:
    """One chart of the plan's dashboard by its name: "status", "summary-<round id>"
    or "indicator-<item indicator id>"; None for a name that names no chart.

    The status chart always exists (it says so when there are no rounds yet)."""
    if name == "status":
        rounds = plan_rounds(plan)
        items = top_items(plan)
        rollups = stored.statuses({r: [item.pk for item in items] for r in rounds})
        return status_grid_chart(plan, rounds, items, rollups)
    kind, _dash, number = name.partition("-")
    if not number.isdigit():
        return None
    if kind == "summary":
        followup_round = plan.rounds.filter(pk=int(number)).first()
        if followup_round is None:
            return None
        followup_round.plan = plan
        items = top_items(plan)
        derivations = stored.round_statuses(followup_round, [item.pk for item in items])
        return round_summary_chart(plan, followup_round, items, derivations)
    if kind == "indicator":
        trends = indicator_trends(user, plan, item_indicator_id=int(number))
        return trends[0].chart if trends else None
    return None


# --- My follow-ups ---


@dataclass
class Task:
    """One item to follow up in one round, with its assessment when there is one."""

    round: FollowUpRound
    item: Item
    assessment: Assessment | None
    is_late: bool

    @property
    def plan(self) -> Plan:
        return self.round.plan


@dataclass
class MyFollowUps:
    due: list[Task] = field(default_factory=list)
    late: list[Task] = field(default_factory=list)
    returned: list[Task] = field(default_factory=list)
    submitted: list[Task] = field(default_factory=list)
    approved_count: int = 0
    to_approve: list[Task] = field(default_factory=list)
    is_reviewer: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.due or self.late or self.returned or self.submitted or self.to_approve)


def _under_any(field_name: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field_name}__path__startswith": path})
    return condition


def my_followups(user, *, today: datetime.date) -> MyFollowUps:
    """What `user` is expected to report on in open rounds, and what awaits their approval.

    An item is the user's to report on when they are one of its responsible
    people, or hold reporter or a higher role in its responsible organisation or
    its plan's organisation (or above them): `can_report_on`, computed for all
    items at once. Only rounds that are open and whose period has started count,
    and only plans the user may read. A superuser's powers do not make every item
    theirs: only memberships and responsibilities do.
    """
    result = MyFollowUps()
    if not user.is_authenticated:
        return result
    reporter_paths = paths_with_role(user, Role.REPORTER)
    readable = visible_plans(user).values("pk")
    mine = (
        Q(responsible_people=user)
        | _under_any("plan__organisation", reporter_paths)
        | _under_any("responsible_organisation", reporter_paths)
    )
    open_rounds = FollowUpRound.objects.filter(
        is_closed=False, period_start__lte=today, plan__in=readable
    )
    items = Item.objects.filter(mine, plan__in=open_rounds.values("plan_id"))
    rounds = list(
        open_rounds.filter(plan__in=items.values("plan_id"))
        .select_related("plan__organisation")
        .order_by("due_date", "plan__title", "plan_id", "period_end", "pk")
    )
    if rounds:
        item_list = list(
            Item.objects.filter(pk__in=items.values("pk")).order_by(
                "plan_id", "depth", "position", "pk"
            )
        )
        items_of: dict[int, list[Item]] = {}
        for item in item_list:
            items_of.setdefault(item.plan_id, []).append(item)
        assessments = {
            (a.round_id, a.item_id): a
            for a in Assessment.objects.filter(
                round__in=[r.pk for r in rounds], item__in=items.values("pk")
            )
        }
        for followup_round in rounds:
            past_due = today > followup_round.due_date
            for item in items_of.get(followup_round.plan_id, []):
                item.plan = followup_round.plan
                assessment = assessments.get((followup_round.pk, item.pk))
                state = assessment.state if assessment else AssessmentState.DRAFT
                task = Task(followup_round, item, assessment, is_late=past_due)
                if state == AssessmentState.APPROVED:
                    result.approved_count += 1
                elif state == AssessmentState.SUBMITTED:
                    # Done on time or not: late only if it was reported late.
                    task.is_late = assessment.is_late
                    result.submitted.append(task)
                elif state == AssessmentState.RETURNED:
                    result.returned.append(task)
                elif past_due:
                    result.late.append(task)
                else:
                    result.due.append(task)
    editor_paths = paths_with_role(user, Role.EDITOR)
    result.is_reviewer = bool(editor_paths)
    if editor_paths:
        for assessment in (
            Assessment.objects.filter(
                _under_any("round__plan__organisation", editor_paths),
                state=AssessmentState.SUBMITTED,
                round__plan__in=readable,
            )
            .select_related("round__plan__organisation", "item", "author")
            .order_by("submitted_at", "round__due_date", "pk")
        ):
            assessment.item.plan = assessment.round.plan
            result.to_approve.append(
                Task(
                    assessment.round,
                    assessment.item,
                    assessment,
                    is_late=assessment.is_late,
                )
            )
    return result


# --- An organisation's dashboard ---


@dataclass
class PlanOverview:
    """A plan of an organisation with its latest round and the state of its follow-up."""

    plan: Plan
    round: FollowUpRound | None
    item_count: int
    approved: int = 0
    submitted: int = 0
    shows_unapproved: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        """Items with no submitted or approved follow-up in the round."""
        return max(self.item_count - self.approved - self.submitted, 0)

    @property
    def not_approved(self) -> int:
        return max(self.item_count - self.approved, 0)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [(status, self.counts.get(status, 0)) for status in GoalStatus.values]


def _count_of(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("plan_id").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def organisation_plans(
    user, organisation: Organisation, *, today: datetime.date
) -> list[PlanOverview]:
    """The readable plans of `organisation` and its units with their latest round.

    Three queries for the plans, their latest rounds with counts, and their
    top-level items; then the roll-up of all those rounds together (six
    queries), whatever the number of plans, items, rounds and measurements.
    """
    plans = list(
        visible_plans(user)
        .filter(organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .annotate(
            round_count=_count_of(FollowUpRound.objects.filter(plan=OuterRef("pk"))),
            item_count=_count_of(Item.objects.filter(plan=OuterRef("pk"))),
            latest_round_id=FollowUpRound.objects.current_pk(OuterRef("pk"), today),
        )
        .order_by("organisation__path", "-period_start", "title", "pk")
    )
    round_ids = [plan.latest_round_id for plan in plans if plan.latest_round_id]
    rounds = {
        r.pk: r
        for r in FollowUpRound.objects.filter(pk__in=round_ids).annotate(
            approved_count=Count(
                "assessments", filter=Q(assessments__state=AssessmentState.APPROVED)
            ),
            submitted_count=Count(
                "assessments", filter=Q(assessments__state=AssessmentState.SUBMITTED)
            ),
        )
    }
    top_ids: dict[int, list[int]] = {}
    if rounds:
        for plan_id, item_id in (
            Item.objects.filter(plan_id__in=[r.plan_id for r in rounds.values()], depth=0)
            .order_by("position", "pk")
            .values_list("plan_id", "pk")
        ):
            top_ids.setdefault(plan_id, []).append(item_id)
    latest = list(rounds.values())
    derivations_of = stored.statuses({r: top_ids.get(r.plan_id, []) for r in latest})
    overviews = []
    for plan in plans:
        followup_round = rounds.get(plan.latest_round_id)
        overview = PlanOverview(
            plan=plan,
            round=followup_round,
            item_count=plan.item_count,
            shows_unapproved=can_see_unapproved(user, plan),
        )
        if followup_round is not None:
            followup_round.plan = plan
            overview.approved = followup_round.approved_count
            overview.submitted = followup_round.submitted_count
            derivations = derivations_of[followup_round.pk]
            counts = dict.fromkeys(GoalStatus.values, 0)
            for item_id in top_ids.get(plan.pk, []):
                derivation = derivations.get(item_id)
                counts[derivation.status if derivation else GoalStatus.NOT_ASSESSED] += 1
            overview.counts = counts
        overviews.append(overview)
    return overviews
