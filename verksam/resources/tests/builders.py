"""Small builders for the resources tests (rounds come from followup's builders)."""

from verksam.followup.models import FollowUpRound
from verksam.followup.tests.builders import make_round as followup_round
from verksam.plans.models import Item, Plan
from verksam.resources.models import BudgetLine, Outcome


def make_round(plan: Plan, name: str = "Helår", *, is_closed: bool = False, **fields):
    """A round of `plan` (followup's builder), open unless `is_closed`."""
    return followup_round(plan, name, closed=is_closed, **fields)


def make_line(item: Item, kind: str = "staff", amount: int = 1000, year: int | None = None):
    """A budget line of `item`, of its plan's first year unless given."""
    year = year or item.plan.period_start.year
    return BudgetLine.objects.create(item=item, kind=kind, year=year, amount=amount)


def make_outcome(
    followup_round: FollowUpRound, item: Item, kind: str = "staff", amount: int = 900, **fields
):
    return Outcome.objects.create(
        round=followup_round, item=item, kind=kind, amount=amount, **fields
    )
