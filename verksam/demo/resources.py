"""A demo budget and its outcome, so the resources pages and the annual report show money.

Stockholm City Library's operational plan 2025 (seed 002, whose model has the
perspective "Ekonomiska resurser") gets a budget per activity and an outcome in each
of its three closed rounds; Kalmar's library development unit's operational plan for
this year (seed 004) a budget and what its open year-end round has recorded so far.
Every amount is invented and says so: each line's note is "Demovärde". The plans are
adopted in the demo, so their budget is written as it stood when they were adopted,
beside the plans' services rather than through them (an adopted plan's budget no
longer changes). Loading the demo again leaves a plan that has budget lines as it is.
"""

from django.utils.translation import gettext as _

from verksam.followup.models import FollowUpRound
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan
from verksam.resources.choices import CostKind
from verksam.resources.models import BudgetLine, Outcome

DEMO_NOTE = "Demovärde"

#: (organisation, plan title) of the plans that get a demo budget.
PLANS = (
    ("Stockholms stadsbibliotek", "Verksamhetsplan 2025"),
    ("Biblioteksutveckling Region Kalmar län", "Verksamhetsplan 2026"),
)
#: How much of the year's budget each round has used, by the round's place in the year.
ROUND_SHARES = {1: 0.31, 2: 0.64, 3: 1.0}
#: How far each activity's outcome lands from its budget at the year's end.
OUTCOME_FACTORS = (0.92, 1.0, 1.06, 0.97, 1.12)
#: Words of a title that put money on media or premises as well as on staff.
MEDIA_WORDS = ("medie", "medier", "bestånd", "databas", "e-")
PREMISES_WORDS = ("lokal", "mötesplats", "filial", "öppethåll")


def _lines_for(item: Item, index: int, year: int) -> list[BudgetLine]:
    title = item.title.casefold()
    amounts = {CostKind.STAFF: 60_000 + 20_000 * (index % 6)}
    if any(word in title for word in MEDIA_WORDS):
        amounts[CostKind.MEDIA] = 150_000 + 25_000 * (index % 3)
    if any(word in title for word in PREMISES_WORDS):
        amounts[CostKind.PREMISES] = 90_000
    if index % 4 == 0:
        amounts[CostKind.OTHER] = 12_000
    return [
        BudgetLine(item=item, kind=kind, year=year, amount=amount, note=DEMO_NOTE, is_demo=True)
        for kind, amount in amounts.items()
    ]


def _plan_load(plan: Plan) -> int:
    items = list(plan.items.order_by("depth", "position", "pk"))
    parents = {item.parent_id for item in items}
    activities = [item for item in items if item.pk not in parents]
    year = plan.period_start.year
    lines: list[BudgetLine] = []
    for index, item in enumerate(activities):
        lines += _lines_for(item, index, year)
    BudgetLine.objects.bulk_create(lines)
    rounds = list(FollowUpRound.objects.filter(plan=plan).order_by("period_end", "pk"))
    outcomes = []
    for place, followup_round in enumerate(rounds, start=1):
        share = ROUND_SHARES.get(place if len(rounds) == 3 else 3, 1.0)
        if not followup_round.is_closed:
            share = min(share, 0.8)  # an open round: what is recorded so far this year
        for line_index, line in enumerate(lines):
            factor = OUTCOME_FACTORS[line_index % len(OUTCOME_FACTORS)]
            amount = round(line.amount * share * factor / 100) * 100
            outcomes.append(
                Outcome(
                    round=followup_round,
                    item=line.item,
                    kind=line.kind,
                    amount=amount,
                    note=DEMO_NOTE,
                    is_demo=True,
                )
            )
    Outcome.objects.bulk_create(outcomes, ignore_conflicts=True)
    return len(lines)


def demo_resources_load() -> str:
    """Write the demo budgets if they are not there; answers a line for the command's summary."""
    written = []
    for organisation, title in PLANS:
        plan = Plan.objects.filter(
            organisation__name=organisation, title=title, status=PlanStatus.ADOPTED
        ).first()
        if plan is None or BudgetLine.objects.filter(item__plan=plan).exists():
            continue
        count = _plan_load(plan)
        written.append(f"{plan.title} ({plan.organisation.name}): {count}")
    if not written:
        return _("Resources: already there.")
    return _("Resources: demo budget lines in %(plans)s.") % {"plans": "; ".join(written)}
