"""Reads of budget lines and outcomes shaped for pages, the API and documents.

`plan_resources` reads a plan's items, its budget lines of one year and one round's
outcomes in three queries, however many items and lines there are, and rolls them
up the tree with `verksam.resources.rollup`. Every view of the money draws from it,
so a page, the API and the annual report add up the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from verksam.followup.models import FollowUpRound
from verksam.plans.models import Item, Plan
from verksam.plans.selectors import tree_order
from verksam.resources.choices import CostKind
from verksam.resources.models import BudgetLine, Outcome
from verksam.resources.rollup import KINDS, NOTHING, Money, Totals, plan_total, roll_up


@dataclass
class ResourceRow:
    """One item of a plan with its budget and outcome, its own and with what is below it."""

    item: Item
    budget: Totals
    outcome: Totals

    @property
    def difference(self) -> int:
        return self.budget.total.total - self.outcome.total.total

    @property
    def has_anything(self) -> bool:
        return bool(self.budget.total) or bool(self.outcome.total)


@dataclass
class PlanResources:
    """A plan's money in one year and, when chosen, one round."""

    plan: Plan
    year: int
    followup_round: FollowUpRound | None
    #: Whether the outcome is shown: a round is chosen and the reader may see its outcomes.
    shows_outcome: bool
    rows: list[ResourceRow] = field(default_factory=list)
    budget_total: Money = field(default_factory=Money)
    outcome_total: Money = field(default_factory=Money)
    #: item id → the row, for looking one item up.
    by_item: dict[int, ResourceRow] = field(default_factory=dict)
    #: Whether any amount shown is invented for the demonstration.
    has_demo_values: bool = False

    @property
    def difference(self) -> int:
        return self.budget_total.total - self.outcome_total.total

    @property
    def kind_rows(self) -> list[tuple[str, int, int, int]]:
        """(kind, budget, outcome, difference) of the whole plan per kind of cost."""
        return [
            (
                str(CostKind(kind).label),
                self.budget_total.of(kind),
                self.outcome_total.of(kind),
                self.budget_total.of(kind) - self.outcome_total.of(kind),
            )
            for kind in KINDS
        ]

    @property
    def has_anything(self) -> bool:
        return bool(self.budget_total) or bool(self.outcome_total)


def plan_years(plan: Plan) -> list[int]:
    """The years of the plan's period, in order."""
    return list(range(plan.period_start.year, plan.period_end.year + 1))


def default_year(plan: Plan, followup_round: FollowUpRound | None = None) -> int:
    """The year a page shows: the round's, else this year within the period, else the first."""
    if followup_round is not None:
        return followup_round.period_end.year
    years = plan_years(plan)
    this_year = timezone.localdate().year
    return this_year if this_year in years else years[0]


def plan_resources(
    plan: Plan,
    *,
    year: int,
    followup_round: FollowUpRound | None = None,
    shows_outcome: bool = True,
    items: list[Item] | None = None,
) -> PlanResources:
    """The plan's items with their budget of `year` and their outcome in `followup_round`.

    Three queries (two when the items are given, one fewer without a round): the items,
    the budget lines, the outcomes. `shows_outcome` False leaves the outcome out (the
    reader may not see an open round's outcomes).
    """
    if items is None:
        items = tree_order(list(plan.items.select_related("responsible_organisation")))
        for item in items:
            item.plan = plan
    parents = {item.pk: item.parent_id for item in items}
    lines = list(
        BudgetLine.objects.filter(item__plan=plan, year=year).values_list(
            "item_id", "kind", "amount", "is_demo"
        )
    )
    budget = roll_up(parents, (row[:3] for row in lines))
    has_demo_values = any(row[3] for row in lines)
    outcome: dict[int, Totals] = {}
    with_outcome = shows_outcome and followup_round is not None
    if with_outcome:
        outcomes = list(
            Outcome.objects.filter(round=followup_round).values_list(
                "item_id", "kind", "amount", "is_demo"
            )
        )
        outcome = roll_up(parents, (row[:3] for row in outcomes))
        has_demo_values = has_demo_values or any(row[3] for row in outcomes)
    result = PlanResources(
        plan=plan,
        year=year,
        followup_round=followup_round,
        shows_outcome=with_outcome,
        has_demo_values=has_demo_values,
    )
    for item in items:
        row = ResourceRow(item, budget[item.pk], outcome.get(item.pk, NOTHING))
        result.rows.append(row)
        result.by_item[item.pk] = row
    result.budget_total = plan_total(parents, budget)
    if with_outcome:
        result.outcome_total = plan_total(parents, outcome)
    return result


@dataclass
class RoundOutcome:
    """An item's outcome (with what is below it) in one round, beside that year's budget."""

    followup_round: FollowUpRound
    budget: Money
    outcome: Money
    recorded: bool

    @property
    def difference(self) -> int:
        return self.budget.total - self.outcome.total


@dataclass
class ItemResources:
    """What an item's page shows of its money."""

    lines: list[BudgetLine]
    #: year → the item's budget with what is below it.
    budget_by_year: list[tuple[int, Money]]
    rounds: list[RoundOutcome]
    #: Whether any amount shown is invented for the demonstration.
    has_demo_values: bool = False

    @property
    def has_anything(self) -> bool:
        return bool(self.budget_by_year) or any(entry.recorded for entry in self.rounds)


def item_resources(item: Item, *, user) -> ItemResources:
    """The item's own budget lines, its budget with what is below it per year, and its
    outcome in every round the user may see: four queries whatever the plan's size."""
    from verksam.resources.permissions import can_read_outcomes

    plan = item.plan
    parents = dict(plan.items.values_list("pk", "parent_id"))
    all_lines = list(BudgetLine.objects.filter(item__plan=plan).order_by("year", "kind", "pk"))
    years = sorted({line.year for line in all_lines})
    budget_by_year = []
    for year in years:
        rows = [(line.item_id, line.kind, line.amount) for line in all_lines if line.year == year]
        totals = roll_up(parents, rows)
        budget_by_year.append((year, totals[item.pk].total if item.pk in totals else Money()))
    rounds = list(plan.rounds.in_order())
    for followup_round in rounds:
        followup_round.plan = plan
    shown = [r for r in rounds if can_read_outcomes(user, r)]
    outcomes = Outcome.objects.filter(round__in=shown).values_list(
        "round_id", "item_id", "kind", "amount", "is_demo"
    )
    by_round: dict[int, list[tuple[int, str, int]]] = {r.pk: [] for r in shown}
    has_demo_values = any(line.is_demo for line in all_lines)
    for round_id, item_id, kind, amount, is_demo in outcomes:
        by_round[round_id].append((item_id, kind, amount))
        has_demo_values = has_demo_values or is_demo
    budgets = dict(budget_by_year)
    round_rows = []
    for followup_round in shown:
        totals = roll_up(parents, by_round[followup_round.pk])
        round_rows.append(
            RoundOutcome(
                followup_round=followup_round,
                budget=budgets.get(followup_round.period_end.year, Money()),
                outcome=totals[item.pk].total,
                recorded=bool(totals[item.pk].total),
            )
        )
    return ItemResources(
        lines=[line for line in all_lines if line.item_id == item.pk],
        budget_by_year=budget_by_year,
        rounds=round_rows,
        has_demo_values=has_demo_values,
    )


def item_page_resources(user, item: Item) -> dict:
    """The item page's part (verksam.plans.page_parts): the item's budget and outcomes, and
    whether the user may add to them (the section is left out when neither)."""
    from verksam.resources.permissions import can_edit_budget

    return {
        "item_resources": item_resources(item, user=user),
        "item_budget_editable": can_edit_budget(user, item.plan),
    }


def outcome_amounts(followup_round: FollowUpRound, item: Item) -> dict[str, Outcome]:
    """The item's own outcome rows in the round, by kind (one query)."""
    return {
        outcome.kind: outcome for outcome in Outcome.objects.filter(round=followup_round, item=item)
    }


def year_from(text: str | None, plan: Plan, fallback: int) -> int:
    """The year asked for with `?ar=`, when it is one of the plan's, else `fallback`."""
    if text and text.isdigit() and int(text) in plan_years(plan):
        return int(text)
    return fallback
