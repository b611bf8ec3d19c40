"""Reading a plan for a document: everything it shows, in a fixed number of queries.

``read_plan`` reads the plan's items, indicators and targets, the measured
values, and for a report the round's assessments and its roll-up, into a
``PlanReading`` that the builders (``verksam.documents.builders``) lay out
without asking the database again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.dashboards import selectors as dashboard_selectors
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.permissions import can_see_unapproved
from verksam.followup.rollup import Derivation, plan_rollup
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.indicators.permissions import can_read_measurements
from verksam.plans.models import Decision, Item, Plan, PlanSection
from verksam.plans.selectors import tree_order

#: Measured values from this many years before the plan's start are shown.
YEARS_BEFORE = dashboard_selectors.TREND_YEARS_BEFORE


@dataclass(frozen=True)
class Value:
    """A measured value of an indicator for an organisation and a period."""

    start: datetime.date
    end: datetime.date
    value: Decimal
    #: An invented demo value (measurement source "demo value"), which the document must say.
    is_demo: bool = False


@dataclass
class PlanReading:
    """Everything a document shows of a plan, read at once (see ``read_plan``)."""

    plan: Plan
    followup_round: FollowUpRound | None = None
    decision: Decision | None = None
    sections: list[PlanSection] = field(default_factory=list)
    #: Every item of the plan in reading order: each followed by the items below it.
    items: list[Item] = field(default_factory=list)
    #: Item id → the item's indicators, each with its targets in time order.
    uses_of: dict[int, list[ItemIndicator]] = field(default_factory=dict)
    #: Ids of the item indicators whose measured values the reader may see.
    readable: set[int] = field(default_factory=set)
    #: (indicator id, organisation id) → measured values up to the round's end, in time order.
    measured: dict[tuple[int, int], list[Value]] = field(default_factory=dict)
    #: Item id → the item's status in the round, and how it was derived.
    derivations: dict[int, Derivation] = field(default_factory=dict)
    #: Item id → the item's assessment in the round, whatever its state.
    assessments: dict[int, Assessment] = field(default_factory=dict)
    show_unapproved: bool = False

    @property
    def has_demo_values(self) -> bool:
        """Whether any measured value the document may show is an invented demo value."""
        return any(value.is_demo for values in self.measured.values() for value in values)

    @property
    def top_items(self) -> list[Item]:
        return [item for item in self.items if item.parent_id is None]

    @property
    def uses(self) -> list[ItemIndicator]:
        """Every item indicator of the plan, in the items' reading order."""
        return [use for item in self.items for use in self.uses_of.get(item.pk, [])]

    @property
    def round_name(self) -> str:
        return self.followup_round.name if self.followup_round else ""

    def status(self, item: Item) -> str:
        derivation = self.derivations.get(item.pk)
        return derivation.status if derivation else GoalStatus.NOT_ASSESSED

    def assessment(self, item: Item, *, approved_only: bool = False) -> Assessment | None:
        """The item's follow-up the reader may see: an approved one, or else (when they
        may see it and it says anything) a draft, submitted or returned one."""
        assessment = self.assessments.get(item.pk)
        if assessment is None or assessment.state == AssessmentState.APPROVED:
            return assessment
        if approved_only or not self.show_unapproved or not _says_anything(assessment):
            return None
        return assessment


def _says_anything(assessment: Assessment) -> bool:
    return bool(
        assessment.done.strip()
        or assessment.results.strip()
        or assessment.improvements.strip()
        or assessment.progress is not None
        or assessment.forecast
        or assessment.status != GoalStatus.NOT_ASSESSED
    )


def read_plan(plan: Plan, *, followup_round: FollowUpRound | None = None, user=None) -> PlanReading:
    """Read what a document shows of the plan, in a fixed number of queries.

    Without a round (the plan document): the latest decision, the sections,
    the items with their tags and responsible people, and the indicators with
    their targets. With a round (a report): the latest decision, the items, the
    indicators with their targets, the measured values up to the round's end
    that `user` may read, the round's assessments and the round's roll-up.
    The plan's organisation is read once, when it is not loaded already.
    """
    reading = PlanReading(plan=plan, followup_round=followup_round)
    reading.decision = plan.decisions.order_by("-decided_on", "-pk").first()
    items = plan.items.select_related("responsible_organisation")
    if followup_round is None:
        reading.sections = list(plan.sections.order_by("position", "pk"))
        items = items.prefetch_related("tags", "responsible_people")
    reading.items = tree_order(list(items))
    for item in reading.items:
        item.plan = plan
    uses = list(
        ItemIndicator.objects.filter(item__plan=plan)
        .select_related("indicator", "organisation")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("period_start", "period_end"))
        )
        .order_by("indicator__name", "pk")
    )
    for use in uses:
        reading.uses_of.setdefault(use.item_id, []).append(use)
    if followup_round is None:
        return reading
    reading.readable = {
        use.pk for use in uses if user is None or can_read_measurements(user, use.organisation)
    }
    reading.measured = _measured_values(
        plan, [use for use in uses if use.pk in reading.readable], until=followup_round.period_end
    )
    reading.derivations = plan_rollup(plan, followup_round)
    reading.assessments = {
        assessment.item_id: assessment
        for assessment in Assessment.objects.filter(round=followup_round)
    }
    reading.show_unapproved = user is not None and can_see_unapproved(user, plan)
    return reading


def _measured_values(
    plan: Plan, uses: list[ItemIndicator], *, until: datetime.date
) -> dict[tuple[int, int], list[Value]]:
    """The measured values of the indicators for their organisations, from a few years
    before the plan up to `until`, in one query; later values never change a report."""
    if not uses:
        return {}
    earliest = plan.period_start.replace(year=plan.period_start.year - YEARS_BEFORE, day=1)
    measured: dict[tuple[int, int], list[Value]] = defaultdict(list)
    for row in (
        Measurement.objects.filter(
            indicator_id__in={use.indicator_id for use in uses},
            organisation_id__in={use.organisation_id for use in uses},
            period_start__gte=earliest,
            period_end__lte=until,
        )
        .order_by("period_start", "period_end")
        .values("indicator_id", "organisation_id", "period_start", "period_end", "value", "source")
    ):
        key = (row["indicator_id"], row["organisation_id"])
        measured[key].append(
            Value(
                row["period_start"],
                row["period_end"],
                row["value"],
                is_demo=row["source"] == MeasurementSource.DEMO,
            )
        )
    return dict(measured)
