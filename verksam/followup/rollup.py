"""The roll-up: an item's status in a follow-up round, and how it was derived.

The rule is documented for librarians and developers in ``docs/rollup.md``; this
module is its only implementation. It has two parts:

- The rule itself, pure functions on plain values with no database:
  ``attainment`` (how far an indicator has come towards its target),
  ``IndicatorResult.judge`` (an indicator's status by the thresholds) and
  ``derive`` (an item's status from its own approved assessment, or else from
  the items below it and its indicators).
- The rule applied to whole plans: ``plan_rollup``, ``plan_rollup_rounds``,
  ``rounds_rollup`` and ``item_rollup``. What they judge, and the thresholds
  (``Thresholds``, ``thresholds_for``), are read by ``followup/rollup_inputs.py``
  in a fixed number of queries, whatever the number of items, rounds and
  measurements.

Every status the roll-up gives is on the goal scale (``GoalStatus``); an own
assessment on the activity scale is mapped onto it (``OWN_STATUS_AS_GOAL``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.followup.choices import STATUS_LABELS, ActivityStatus, GoalStatus
from verksam.followup.rollup_inputs import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    read_rounds,
    thresholds_for,
)
from verksam.indicators.choices import Direction

if TYPE_CHECKING:
    from verksam.followup.models import FollowUpRound
    from verksam.plans.models import Item, Plan

__all__ = [
    "ATTAINMENT_CAP",
    "OWN_STATUS_AS_GOAL",
    "ChildStatus",
    "Derivation",
    "IndicatorResult",
    "Method",
    "Source",
    "attainment",
    "attainment_with_method",
    "derive",
    "explain",
    "item_rollup",
    "plan_rollup",
    "plan_rollup_rounds",
    "rounds_rollup",
    "status_for_attainment",
]

HUNDRED = Decimal(100)

#: Attainment is kept within ±1 000 %, the highest threshold an organisation can
#: set (FollowUpSettings allows up to 1 000), so a value better than any ratio
#: (zero waiting time against a target of five days) is still met at any threshold.
ATTAINMENT_CAP = Decimal(1000)

#: How an approved assessment's own status counts on the goal scale. A status
#: missing here (``not assessed``) gives no status of its own: the item's status
#: is then derived as if it had no approved assessment.
OWN_STATUS_AS_GOAL: dict[str, str] = {
    GoalStatus.MET: GoalStatus.MET,
    GoalStatus.PARTLY_MET: GoalStatus.PARTLY_MET,
    GoalStatus.NOT_MET: GoalStatus.NOT_MET,
    ActivityStatus.DONE: GoalStatus.MET,
    ActivityStatus.ONGOING: GoalStatus.PARTLY_MET,
    ActivityStatus.NOT_STARTED: GoalStatus.NOT_MET,
    ActivityStatus.STOPPED: GoalStatus.NOT_MET,
}

#: The order in which counts are listed in an explanation.
_TALLY_ORDER = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET, GoalStatus.NOT_ASSESSED)


#: The goal statuses, as a set: looked up once per item, so not rebuilt each time.
_GOAL_STATUSES = frozenset(GoalStatus.values)


class Source(StrEnum):
    """Where a derived status comes from."""

    ASSESSMENT = "assessment"  # the item's own approved assessment
    DERIVED = "derived"  # the items below it and its indicators
    NONE = "none"  # nothing to go on: not assessed


class Method(StrEnum):
    """How an indicator's attainment was computed."""

    PROGRESS = "progress"  # from the baseline towards the target
    RATIO = "ratio"  # value against target (or target against value)
    COMPARISON = "comparison"  # no ratio can be formed: at, beyond or short of the target


def _is_higher_better(direction: str) -> bool:
    if direction == Direction.HIGHER_IS_BETTER:
        return True
    if direction == Direction.LOWER_IS_BETTER:
        return False
    raise ValueError(f"Unknown direction {direction!r}.")


def _clamp(percent: Decimal) -> Decimal:
    return max(-ATTAINMENT_CAP, min(ATTAINMENT_CAP, percent))


def attainment_with_method(
    *,
    value: Decimal | int,
    target: Decimal | int,
    baseline: Decimal | int | None = None,
    direction: str,
) -> tuple[Decimal, Method]:
    """``attainment`` and the method it used (see there)."""
    value, target = Decimal(value), Decimal(target)
    higher = _is_higher_better(direction)
    if baseline is not None:
        baseline = Decimal(baseline)
        # Progress only makes sense when the baseline is on the worse side of
        # the target; a baseline already at or beyond it says nothing about the
        # way to go, and the ratio below is used instead.
        if (baseline < target) if higher else (baseline > target):
            percent = (value - baseline) / (target - baseline) * HUNDRED
            return _clamp(percent), Method.PROGRESS
    if higher and target > 0:
        return _clamp(value / target * HUNDRED), Method.RATIO
    if not higher and target >= 0 and value > 0:
        return _clamp(target / value * HUNDRED), Method.RATIO
    # Zero or negative numbers: no ratio means anything, so compare.
    if value == target:
        return HUNDRED, Method.COMPARISON
    beyond = value > target if higher else value < target
    return (ATTAINMENT_CAP if beyond else Decimal(0)), Method.COMPARISON


def attainment(
    *,
    value: Decimal | int,
    target: Decimal | int,
    baseline: Decimal | int | None = None,
    direction: str,
) -> Decimal:
    """How far `value` has come towards `target`, in percent (100 is exactly at target).

    - With a baseline on the worse side of the target (below it when higher is
      better, above it when lower is better): the progress from the baseline to
      the target, (value − baseline) / (target − baseline) · 100. Visits from a
      baseline of 100 000 towards a target of 120 000, measured at 116 000,
      give 80 %; at the baseline it is 0 %, and below it negative.
    - Otherwise (no baseline, or one already at or beyond the target): higher
      is better gives value / target · 100 when the target is above zero; lower
      is better gives target / value · 100 when the value is above zero and the
      target not below zero.
    - When neither ratio can be formed (a target of zero or below when higher
      is better; a value of zero or below, or a negative target, when lower is
      better) the value is compared: exactly at the target is 100 %, beyond it
      ``ATTAINMENT_CAP`` (1 000 %), short of it 0 %.

    The result is kept within ±``ATTAINMENT_CAP``. In every case it is at least
    100 exactly when the value is at or beyond the target, and it never falls
    when the value gets better.
    """
    return attainment_with_method(
        value=value, target=target, baseline=baseline, direction=direction
    )[0]


def status_for_attainment(percent: Decimal | None, thresholds: Thresholds) -> str:
    """The goal-scale status of an attainment: met, partly met, not met; None is not assessed."""
    if percent is None:
        return GoalStatus.NOT_ASSESSED
    if percent >= thresholds.met:
        return GoalStatus.MET
    if percent >= thresholds.partly_met:
        return GoalStatus.PARTLY_MET
    return GoalStatus.NOT_MET


def _number(value: Decimal) -> str:
    """A value as the page shows it: grouped, localised, at most two decimals."""
    return floatformat(value, "-2g")


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of an item in one round: its value against its target, judged.

    Without a value or without a target its status is ``not assessed`` (it
    cannot be judged yet) and ``attainment`` is None. Build one with ``judge``
    so that attainment and status agree with the rule.
    """

    indicator_id: int
    name: str
    direction: str
    value: Decimal | None
    target: Decimal | None
    baseline: Decimal | None = None
    attainment: Decimal | None = None
    status: str = GoalStatus.NOT_ASSESSED
    method: Method | None = None
    unit: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    #: The target's period runs past the round's end, so no value counts yet.
    runs_past_round: bool = False

    @classmethod
    def judge(
        cls,
        *,
        indicator_id: int,
        name: str,
        direction: str,
        value: Decimal | int | None,
        target: Decimal | int | None,
        baseline: Decimal | int | None = None,
        thresholds: Thresholds | None = None,
        unit: str = "",
        period_start: datetime.date | None = None,
        period_end: datetime.date | None = None,
        runs_past_round: bool = False,
    ) -> IndicatorResult:
        """The result of an indicator by the rule: attainment, then status by `thresholds`."""
        thresholds = thresholds or DEFAULT_THRESHOLDS
        value = None if value is None else Decimal(value)
        target = None if target is None else Decimal(target)
        baseline = None if baseline is None else Decimal(baseline)
        percent: Decimal | None = None
        method: Method | None = None
        if value is not None and target is not None:
            percent, method = attainment_with_method(
                value=value, target=target, baseline=baseline, direction=direction
            )
        return cls(
            indicator_id=indicator_id,
            name=name,
            direction=direction,
            value=value,
            target=target,
            baseline=baseline,
            attainment=percent,
            status=status_for_attainment(percent, thresholds),
            method=method,
            unit=unit,
            period_start=period_start,
            period_end=period_end,
            runs_past_round=runs_past_round,
        )

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label)

    def explanation(self) -> str:
        """How the indicator was judged, in a sentence, e.g. for the item page."""
        if self.target is None:
            return _("No target for this period.")
        if self.runs_past_round and self.value is None:
            return _("The target's period runs past this round; it is judged when it ends.")
        if self.value is None or self.attainment is None:
            return _("No measured value for the target's period yet.")
        numbers = {
            "value": _number(self.value),
            "target": _number(self.target),
            "baseline": _number(self.baseline) if self.baseline is not None else "",
            "attainment": floatformat(self.attainment, "-1g"),
            "status": self.status_label,
        }
        if self.method == Method.PROGRESS:
            return (
                _(
                    "%(value)s against the target %(target)s from the baseline %(baseline)s: "
                    "%(attainment)s %% of the way, %(status)s."
                )
                % numbers
            )
        return _("%(value)s against the target %(target)s: %(attainment)s %%, %(status)s.") % (
            numbers
        )


@dataclass(frozen=True)
class ChildStatus:
    """The derived status of one item below, as a part of its parent's derivation."""

    item_id: int | None
    status: str


@dataclass(frozen=True)
class Derivation:
    """An item's status in a round and how it was arrived at.

    ``status`` is always on the goal scale. ``source`` says whether it is the
    item's own approved assessment, derived from the parts (the items directly
    below and the indicators with a target), or neither. ``own_status`` is the
    approved assessment's status as written, on either scale, or None when the
    item has no approved assessment in the round.
    """

    status: str
    source: Source
    own_status: str | None = None
    children: tuple[ChildStatus, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    item_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label)

    @property
    def own_status_label(self) -> str:
        return str(STATUS_LABELS.get(self.own_status, self.own_status or ""))

    @property
    def part_statuses(self) -> list[str]:
        """The statuses of every part: the items below, then the indicators."""
        return [c.status for c in self.children] + [i.status for i in self.indicators]

    @property
    def counts(self) -> Counter[str]:
        """How many parts have each status."""
        return Counter(self.part_statuses)

    def explanation(self) -> str:
        """How the status was derived, in one translated sentence."""
        return explain(
            status=self.status,
            source=self.source,
            own_status=self.own_status,
            child_count=len(self.children),
            indicator_count=len(self.indicators),
            tally=tuple(sorted(self.counts.items())),
        )


def explain(
    *,
    status: str,
    source: str,
    own_status: str | None,
    child_count: int,
    indicator_count: int,
    tally: tuple[tuple[str, int], ...],
) -> str:
    """How a status was derived, in one translated sentence (``Derivation.explanation``).

    It depends only on these plain values, so a stored status (followup.stored)
    gives the same sentence as the live rule, and a page can make it once for all
    the items whose statuses were derived alike.
    """
    if source == Source.ASSESSMENT:
        if own_status == status:
            return _("From its own approved assessment.")
        return _("From its own approved assessment: %(own)s counts as %(status)s.") % {
            "own": str(STATUS_LABELS.get(own_status, own_status or "")),
            "status": str(GoalStatus(status).label),
        }
    gave_no_status = own_status is not None
    if source == Source.NONE:
        if gave_no_status:
            return _(
                "Its approved assessment gives no status, and there is nothing below it "
                "and no indicator with a target."
            )
        return _("No approved assessment, nothing below it and no indicators with a target.")
    values = {
        "parts": _parts_text(child_count, indicator_count),
        "tally": _tally_text(dict(tally)),
    }
    if gave_no_status:
        return _("Its approved assessment gives no status; derived from %(parts)s: %(tally)s.") % (
            values
        )
    return _("Derived from %(parts)s: %(tally)s.") % values


def _parts_text(child_count: int, indicator_count: int) -> str:
    texts = []
    if child_count:
        texts.append(
            ngettext("%(count)d item below", "%(count)d items below", child_count)
            % {"count": child_count}
        )
    if indicator_count:
        texts.append(
            ngettext("%(count)d indicator", "%(count)d indicators", indicator_count)
            % {"count": indicator_count}
        )
    if len(texts) == 2:
        return _("%(items)s and %(indicators)s") % {"items": texts[0], "indicators": texts[1]}
    return texts[0]


def _tally_text(counts: dict[str, int]) -> str:
    return ", ".join(
        _("%(count)d %(status)s") % {"count": counts[s], "status": GoalStatus(s).label}
        for s in _TALLY_ORDER
        if counts.get(s)
    )


def _combine(statuses: Sequence[str]) -> str:
    """THE RULE for the parts; see ``derive``."""
    counts = Counter(statuses)
    if not statuses or counts[GoalStatus.NOT_ASSESSED] == len(statuses):
        return GoalStatus.NOT_ASSESSED
    if counts[GoalStatus.MET] == len(statuses):
        return GoalStatus.MET
    if counts[GoalStatus.MET] == 0 and counts[GoalStatus.PARTLY_MET] == 0:
        return GoalStatus.NOT_MET
    return GoalStatus.PARTLY_MET


def derive(
    *,
    own: str | None,
    children: Sequence[Derivation | ChildStatus],
    indicators: Sequence[IndicatorResult],
    item_id: int | None = None,
) -> Derivation:
    """An item's status in a round: THE roll-up rule (docs/rollup.md).

    1. `own` is the status of the item's approved assessment in the round (None
       without one; drafts, submitted and returned assessments never count).
       Its status wins, mapped to the goal scale by ``OWN_STATUS_AS_GOAL``:
       done → met, ongoing → partly met, not started and stopped → not met.
    2. Without an own status (no approved assessment, or one that says "not
       assessed"), the status is derived from the parts: the derived statuses
       of the items directly below (`children`) and the results of the item's
       indicators with a target (`indicators`):

       - no parts, or every part not assessed: not assessed;
       - every part met: met;
       - no part met or partly met (the others not met or not assessed): not met;
       - otherwise: partly met.

    So a part that is not assessed never counts as met: an item is met only
    when every part is. The order of the parts never matters.
    """
    child_statuses = tuple(ChildStatus(item_id=c.item_id, status=c.status) for c in children)
    indicator_results = tuple(indicators)
    parts = [c.status for c in child_statuses] + [i.status for i in indicator_results]
    for status in parts:
        if status not in _GOAL_STATUSES:
            raise ValueError(f"A part's status must be on the goal scale, not {status!r}.")
    own_as_goal = OWN_STATUS_AS_GOAL.get(own) if own is not None else None
    if own_as_goal is not None:
        status, source = own_as_goal, Source.ASSESSMENT
    elif parts:
        status, source = _combine(parts), Source.DERIVED
    else:
        status, source = GoalStatus.NOT_ASSESSED, Source.NONE
    return Derivation(
        status=str(status),
        source=source,
        own_status=None if own is None else str(own),
        children=child_statuses,
        indicators=indicator_results,
        item_id=item_id,
    )


# --- The rule applied to whole plans; rollup_inputs reads what it needs, in fixed queries ---


def plan_rollup_rounds(
    plan: Plan,
    rounds: Iterable[FollowUpRound],
    *,
    thresholds: Thresholds | None = None,
) -> dict[int, dict[int, Derivation]]:
    """Every item's derivation in each of `rounds` of `plan`: {round id: {item id: …}}.

    At most six queries whatever the number of items, rounds and measurements
    (one more to load ``plan.organisation`` when it is not loaded already and no
    `thresholds` are given); see ``rounds_rollup``. Thresholds default to those
    of the plan's organisation.
    """
    rounds = list(rounds)
    for followup_round in rounds:
        if followup_round.plan_id != plan.pk:
            raise ValueError(f"Round {followup_round.pk} is not a round of plan {plan.pk}.")
    if not rounds:
        return {}
    if thresholds is None:
        thresholds = thresholds_for(plan.organisation)
    return rounds_rollup(rounds, thresholds={plan.pk: thresholds})


def rounds_rollup(
    rounds: Iterable[FollowUpRound], *, thresholds: dict[int, Thresholds]
) -> dict[int, dict[int, Derivation]]:
    """Every item's derivation in each of `rounds`, which may belong to different plans:
    {round id: {item id: Derivation}}, with `thresholds` given per plan id.

    Five queries whatever the number of plans, items, rounds and measurements
    (``rollup_inputs.read_rounds``). Each item is derived after the items below it.

    An indicator's target in a round is the one whose period covers the round's
    end: the round's own period first, then the shortest, then the latest. Its
    value is the measurement of the item indicator's organisation for exactly
    the target's period, and only when that period has ended by the round's end
    (a year target in T1 cannot be judged yet), so later values never change a
    past round. Indicators with no target covering the round are not parts.
    """
    rounds = list(rounds)
    if not rounds:
        return {}
    inputs = read_rounds(rounds)
    result: dict[int, dict[int, Derivation]] = {}
    for followup_round in rounds:
        order, children_of = inputs.trees[followup_round.plan_id]
        plan_thresholds = thresholds.get(followup_round.plan_id, DEFAULT_THRESHOLDS)
        derivations: dict[int, Derivation] = {}
        for item_id in order:
            results = []
            for ii in inputs.indicators_of.get(item_id, ()):
                target = inputs.targets.get((followup_round.pk, ii["id"]))
                if target is None:
                    continue  # nothing to judge it against: not a part (docs/rollup.md)
                # A round is never judged on values of a period that ends after it.
                runs_past = target["period_end"] > followup_round.period_end
                key = (
                    ii["indicator_id"],
                    ii["organisation_id"],
                    target["period_start"],
                    target["period_end"],
                )
                results.append(
                    IndicatorResult.judge(
                        indicator_id=ii["indicator_id"],
                        name=ii["indicator__name"],
                        unit=ii["indicator__unit"],
                        direction=ii["indicator__direction"],
                        value=None if runs_past else inputs.measured.get(key),
                        target=target["value"],
                        baseline=ii["baseline"],
                        thresholds=plan_thresholds,
                        period_start=target["period_start"],
                        period_end=target["period_end"],
                        runs_past_round=runs_past,
                    )
                )
            derivations[item_id] = derive(
                own=inputs.own.get((followup_round.pk, item_id)),
                children=[derivations[child] for child in children_of[item_id]],
                indicators=results,
                item_id=item_id,
            )
        result[followup_round.pk] = derivations
    return result


def plan_rollup(
    plan: Plan, followup_round: FollowUpRound, *, thresholds: Thresholds | None = None
) -> dict[int, Derivation]:
    """Every item's derivation in one round of `plan`: {item id: Derivation}.

    See ``plan_rollup_rounds`` for what is read, in how many queries.
    """
    return plan_rollup_rounds(plan, [followup_round], thresholds=thresholds)[followup_round.pk]


def item_rollup(
    item: Item, followup_round: FollowUpRound, *, thresholds: Thresholds | None = None
) -> Derivation:
    """One item's derivation in a round, for the item page (the plan's roll-up, read once)."""
    return plan_rollup(item.plan, followup_round, thresholds=thresholds)[item.pk]
