"""Budget lines, outcomes and a plan's money up the tree in the open-data API.

The same rules as the pages (verksam.resources.permissions): budget lines of every
plan the caller may read; outcomes of a closed round to them too, of an open round
only to the plan's members. Read-only: budgets and outcomes are written on the pages
and by the import.
"""

import enum

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, Id, PageQuery, caller, page_schema, paginate
from verksam.followup.models import FollowUpRound
from verksam.plans.permissions import plan_for_user
from verksam.resources import selectors
from verksam.resources.choices import CostKind
from verksam.resources.permissions import (
    can_read_outcomes,
    visible_budget_lines,
    visible_outcomes,
)

router = Router(tags=["resources"])

#: The kinds of cost, as the API names them.
Kind = enum.StrEnum("Kind", {value.upper(): value for value in CostKind.values})


class BudgetLineOut(Schema):
    id: int
    plan_id: int
    item_id: int
    kind: Kind = Field(description="staff, media, premises or other.")
    year: int
    amount: int = Field(description="Whole kronor.")
    note: str
    version: int

    @staticmethod
    def resolve_plan_id(line) -> int:
        return line.item.plan_id


class OutcomeOut(Schema):
    id: int
    plan_id: int
    round_id: int
    item_id: int
    kind: Kind
    amount: int = Field(description="Whole kronor recorded as outcome in the round.")
    note: str
    version: int

    @staticmethod
    def resolve_plan_id(outcome) -> int:
        return outcome.item.plan_id


BudgetLinePage = page_schema("BudgetLinePage", BudgetLineOut)
OutcomePage = page_schema("OutcomePage", OutcomeOut)


class BudgetLineFilters(Schema):
    plan: Id | None = None
    item: Id | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    kind: Kind | None = None


class OutcomeFilters(Schema):
    plan: Id | None = None
    round: Id | None = None
    item: Id | None = None
    kind: Kind | None = None


@router.get(
    "/budget-lines",
    response={200: BudgetLinePage, **READ_ERRORS},
    url_name="budget_line_list",
    summary="List budget lines of items",
)
def budget_line_list(
    request: HttpRequest, filters: Query[BudgetLineFilters], page: Query[PageQuery]
):
    lines = (
        visible_budget_lines(caller(request))
        .select_related("item")
        .order_by("item__plan_id", "item_id", "year", "kind", "id")
    )
    if filters.plan:
        lines = lines.filter(item__plan_id=filters.plan)
    if filters.item:
        lines = lines.filter(item_id=filters.item)
    if filters.year:
        lines = lines.filter(year=filters.year)
    if filters.kind:
        lines = lines.filter(kind=filters.kind)
    return paginate(lines, page)


@router.get(
    "/outcomes",
    response={200: OutcomePage, **READ_ERRORS},
    url_name="outcome_list",
    summary="List outcomes of items in follow-up rounds",
)
def outcome_list(request: HttpRequest, filters: Query[OutcomeFilters], page: Query[PageQuery]):
    outcomes = (
        visible_outcomes(caller(request))
        .select_related("item")
        .order_by("item__plan_id", "round_id", "item_id", "kind", "id")
    )
    if filters.plan:
        outcomes = outcomes.filter(item__plan_id=filters.plan)
    if filters.round:
        outcomes = outcomes.filter(round_id=filters.round)
    if filters.item:
        outcomes = outcomes.filter(item_id=filters.item)
    if filters.kind:
        outcomes = outcomes.filter(kind=filters.kind)
    return paginate(outcomes, page)


class MoneyOut(Schema):
    staff: int
    media: int
    premises: int
    other: int
    total: int


def _money(money) -> dict:
    return {**{kind: money.of(kind) for kind in CostKind.values}, "total": money.total}


class ItemMoneyOut(Schema):
    item_id: int
    parent_id: int | None
    budget: MoneyOut = Field(description="The item's budget with every item below it.")
    own_budget: MoneyOut = Field(description="The item's own budget lines.")
    outcome: MoneyOut | None = Field(
        description="The outcome with every item below it; null without a round shown."
    )
    difference: int | None = Field(description="Budget less outcome; null without an outcome.")


class PlanResourcesOut(Schema):
    plan_id: int
    year: int
    round_id: int | None = Field(description="The round whose outcome is shown, if any.")
    budget: MoneyOut
    outcome: MoneyOut | None
    items: list[ItemMoneyOut]


class PlanResourcesQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="Default: the round's year.")
    round: Id | None = Field(
        None, description="The round of the plan whose outcome to show; none for another's."
    )


@router.get(
    "/plans/{plan_id}/resources",
    response={200: PlanResourcesOut, **READ_ERRORS},
    url_name="plan_resources",
    summary="A plan's budget and outcome per item, rolled up the tree",
)
def plan_resources(request: HttpRequest, plan_id: Id, query: Query[PlanResourcesQuery]):
    user = caller(request)
    plan = plan_for_user(user, plan_id)
    followup_round = None
    if query.round:
        # A round of another plan is no round of this one: the outcome is left out.
        followup_round = FollowUpRound.objects.filter(pk=query.round, plan=plan).first()
    if followup_round is not None:
        followup_round.plan = plan
    year = query.year or selectors.default_year(plan, followup_round)
    shows = followup_round is not None and can_read_outcomes(user, followup_round)
    resources = selectors.plan_resources(
        plan, year=year, followup_round=followup_round, shows_outcome=shows
    )
    return {
        "plan_id": plan.pk,
        "year": year,
        "round_id": followup_round.pk if shows else None,
        "budget": _money(resources.budget_total),
        "outcome": _money(resources.outcome_total) if shows else None,
        "items": [
            {
                "item_id": row.item.pk,
                "parent_id": row.item.parent_id,
                "budget": _money(row.budget.total),
                "own_budget": _money(row.budget.own),
                "outcome": _money(row.outcome.total) if shows else None,
                "difference": row.difference if shows else None,
            }
            for row in resources.rows
        ],
    }
