"""Small builders for the resources tests."""

from verksam.followup.models import FollowUpRound
from verksam.plans.models import Item, Plan
from verksam.resources.models import BudgetLine, Outcome


def make_round(plan: Plan, name: str = "Helår", **fields) -> FollowUpRound:
    values = {
        "rhythm": "annual",
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "due_date": plan.period_end,
        **fields,
    }
    return FollowUpRound.objects.create(plan=plan, name=name, **values)


def make_line(item: Item, kind: str = "staff", amount: int = 1000, year: int | None = None):
    year = year or item.plan.period_start.year
    return BudgetLine.objects.create(item=item, kind=kind, year=year, amount=amount)


def make_outcome(followup_round: FollowUpRound, item: Item, kind: str = "staff", amount: int = 900):
    return Outcome.objects.create(round=followup_round, item=item, kind=kind, amount=amount)
