"""What the roll-up is given: the thresholds, and what it judges in a set of rounds.

``followup/rollup.py`` holds the rule and applies it to whole plans
(``rounds_rollup``); this module reads what the rule is applied to, as plain
values, and knows nothing of the rule itself: the organisations' thresholds in
one query (``thresholds_for_many``), and the items, approved assessments,
indicators, targets and measurements of any number of rounds in five
(``read_rounds``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from verksam.followup.choices import AssessmentState

if TYPE_CHECKING:
    from verksam.followup.models import FollowUpRound
    from verksam.organisations.models import Organisation

#: An item's tree in a plan: its item ids with every item after the items below it,
#: and each item's children in order.
Tree = tuple[list[int], dict[int, list[int]]]


@dataclass(frozen=True)
class RoundInputs:
    """Everything the rule judges in a set of rounds, as ``read_rounds`` found it."""

    #: Each plan's items in post-order, and their children: {plan id: Tree}.
    trees: dict[int, Tree]
    #: The approved assessments' statuses: {(round id, item id): status}.
    own: dict[tuple[int, int], str]
    #: Each item's indicators, in name order, as rows with ``id``, ``indicator_id``,
    #: ``organisation_id``, ``baseline`` and the indicator's name, unit and direction.
    indicators_of: dict[int, list[dict[str, Any]]]
    #: The target that applies to an item indicator in a round:
    #: {(round id, item indicator id): row with ``period_start``, ``period_end``, ``value``}.
    targets: dict[tuple[int, int], dict[str, Any]]
    #: Measured values: {(indicator id, organisation id, period start, period end): value}.
    measured: dict[tuple[int, int, datetime.date, datetime.date], Decimal]


@dataclass(frozen=True)
class Thresholds:
    """When an indicator counts as met or partly met, in percent of its target.

    ``met`` and ``partly_met`` come from the organisation's follow-up settings
    (``thresholds_for``); the defaults are 100 % and 80 %.
    """

    met: Decimal = Decimal(100)
    partly_met: Decimal = Decimal(80)

    def __post_init__(self) -> None:
        met, partly_met = Decimal(self.met), Decimal(self.partly_met)
        if not (met.is_finite() and partly_met.is_finite()):
            raise ValueError("Thresholds must be finite numbers.")
        if partly_met > met:
            raise ValueError("Partly met cannot need more than met.")
        object.__setattr__(self, "met", met)
        object.__setattr__(self, "partly_met", partly_met)


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_for(organisation: Organisation) -> Thresholds:
    """The thresholds of the nearest follow-up settings on `organisation` or its ancestors.

    One query; 100 % and 80 % when no organisation up the tree has settings.
    """
    return thresholds_for_many([organisation])[organisation.pk]


def thresholds_for_many(organisations: Iterable[Organisation]) -> dict[int, Thresholds]:
    """``thresholds_for`` of each organisation, {organisation id: Thresholds}, in one query."""
    from verksam.followup.models import FollowUpSettings

    chains = {o.pk: (o.ancestor_ids or [o.pk]) for o in organisations}
    if not chains:
        return {}
    settings = {
        organisation_id: (met, partly_met)
        for organisation_id, met, partly_met in FollowUpSettings.objects.filter(
            organisation_id__in={pk for chain in chains.values() for pk in chain}
        ).values_list("organisation_id", "met_threshold", "partly_met_threshold")
    }
    found = {}
    for organisation_id, chain in chains.items():
        nearest = next((settings[pk] for pk in reversed(chain) if pk in settings), None)
        if nearest is None:
            found[organisation_id] = DEFAULT_THRESHOLDS
        else:
            met, partly_met = nearest
            # The settings form refuses partly met above met; older rows are read leniently.
            found[organisation_id] = Thresholds(
                met=Decimal(met), partly_met=Decimal(min(partly_met, met))
            )
    return found


def _post_order(rows: Sequence[tuple[int, int | None]]) -> Tree:
    """Item ids with every item after the items below it, and each item's children in order."""
    ids = {item_id for item_id, _parent in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for item_id, parent_id in rows:
        children[parent_id if parent_id in ids else None].append(item_id)
    order: list[int] = []
    seen: set[int] = set()
    for root in children[None]:
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            item_id, expanded = stack.pop()
            if expanded:
                order.append(item_id)
            elif item_id not in seen:
                seen.add(item_id)
                stack.append((item_id, True))
                stack.extend((child, False) for child in reversed(children[item_id]))
    return order, {item_id: children[item_id] for item_id in ids}


def _choose_target(
    targets: Sequence[dict[str, Any]], followup_round: FollowUpRound
) -> dict[str, Any] | None:
    """The target for a round: its period covers the round's end; the round's own
    period first, then the shortest, then the latest."""
    end = followup_round.period_end
    covering = [t for t in targets if t["period_start"] <= end <= t["period_end"]]
    if not covering:
        return None

    def preference(t: dict[str, Any]) -> tuple:
        exact = (t["period_start"], t["period_end"]) == (
            followup_round.period_start,
            followup_round.period_end,
        )
        length = (t["period_end"] - t["period_start"]).days
        return (not exact, length, -t["period_start"].toordinal(), t["id"])

    return min(covering, key=preference)


def read_rounds(rounds: Sequence[FollowUpRound]) -> RoundInputs:
    """What the rule needs in each of `rounds`, which may belong to different plans.

    Five queries whatever the number of plans, items, rounds and measurements:
    the plans' items, the rounds' approved assessments, the plans' indicators,
    their targets covering the rounds' ends, and the measurements of those
    targets' periods.

    An indicator's target in a round is the one whose period covers the round's
    end: the round's own period first, then the shortest, then the latest. Only
    the measurements of targets whose period has ended by the round's end are
    read, since a round is never judged on a later value.
    """
    from verksam.followup.models import Assessment
    from verksam.indicators.models import ItemIndicator, Measurement, Target
    from verksam.plans.models import Item

    plan_ids = {r.plan_id for r in rounds}

    rows_of: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for item_id, parent_id, plan_id in (
        Item.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "depth", "position", "id")
        .values_list("id", "parent_id", "plan_id")
    ):
        rows_of[plan_id].append((item_id, parent_id))
    trees = {plan_id: _post_order(rows_of[plan_id]) for plan_id in plan_ids}

    own: dict[tuple[int, int], str] = {
        (round_id, item_id): status
        for round_id, item_id, status in Assessment.objects.filter(
            round_id__in=[r.pk for r in rounds], state=AssessmentState.APPROVED
        ).values_list("round_id", "item_id", "status")
    }

    item_indicators = list(
        ItemIndicator.objects.filter(item__plan_id__in=plan_ids)
        .order_by("item_id", "indicator__name", "id")
        .values(
            "id",
            "item_id",
            "item__plan_id",
            "indicator_id",
            "organisation_id",
            "baseline",
            "indicator__name",
            "indicator__unit",
            "indicator__direction",
        )
    )
    indicators_of_plan: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item_indicator in item_indicators:
        indicators_of_plan[item_indicator["item__plan_id"]].append(item_indicator)

    # For each round and item indicator, the target that applies, if any.
    chosen: dict[tuple[int, int], dict[str, Any]] = {}
    measured: dict[tuple[int, int, datetime.date, datetime.date], Decimal] = {}
    if item_indicators:
        round_ends = {r.pk: r.period_end for r in rounds}
        ends = list(round_ends.values())
        targets_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for target in Target.objects.filter(
            item_indicator__item__plan_id__in=plan_ids,
            period_start__lte=max(ends),
            period_end__gte=min(ends),
        ).values("id", "item_indicator_id", "period_start", "period_end", "value"):
            targets_of[target["item_indicator_id"]].append(target)
        for followup_round in rounds:
            for item_indicator in indicators_of_plan[followup_round.plan_id]:
                target = _choose_target(targets_of[item_indicator["id"]], followup_round)
                if target is not None:
                    chosen[followup_round.pk, item_indicator["id"]] = target
        due = [
            t for (round_id, _ii), t in chosen.items() if t["period_end"] <= round_ends[round_id]
        ]
        if due:
            # A superset of the pairs and periods wanted, matched exactly by the rule's caller.
            measured = {
                (m["indicator_id"], m["organisation_id"], m["period_start"], m["period_end"]): m[
                    "value"
                ]
                for m in Measurement.objects.filter(
                    indicator_id__in={ii["indicator_id"] for ii in item_indicators},
                    organisation_id__in={ii["organisation_id"] for ii in item_indicators},
                    period_start__in={t["period_start"] for t in due},
                    period_end__in={t["period_end"] for t in due},
                ).values("indicator_id", "organisation_id", "period_start", "period_end", "value")
            }

    indicators_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item_indicator in item_indicators:
        indicators_of[item_indicator["item_id"]].append(item_indicator)

    return RoundInputs(
        trees=trees, own=own, indicators_of=indicators_of, targets=chosen, measured=measured
    )
