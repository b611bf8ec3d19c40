"""Small builders for the resources tests (rounds come from followup's builders)."""

from verksam.followup.models import FollowUpRound
from verksam.plans.models import Item
from verksam.resources.models import BudgetLine, Outcome


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
