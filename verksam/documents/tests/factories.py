"""A builder of plans with everything a report shows, for the tests of documents.

``make_report_plan`` makes an adopted, published plan with a decision, text
sections, items on three levels (focus area → goal → activity), indicators
with baselines, targets and measured values, tertial follow-up rounds and
assessments in every state. It writes straight to the database in a few bulk
inserts, so a large plan is as quick to make as a small one, and every value
is derived from the positions, so tests can name what they expect.

What the tests can count on:

- The plan is titled "Verksamhetsplan <year>" and runs over as many calendar
  years from `year` as the rounds need (three rounds a year: T1, T2 and the
  year-end round "Helår <year>").
- Its decision: body ``DECISION_BODY`` on ``decided_on(year)``, with the case number given.
- Items: about a quarter focus areas ("Fokusområde 1" …), a quarter goals ("Mål 1" …),
  the rest activities ("Aktivitet 1" …); activities are followed up as activities.
- Indicator *n* (from 1) is "Indikator n" in "besök", measured each year from
  three years before the plan (``YEARS_MEASURED_BEFORE``) with
  ``yearly_value(n, year, first_year)`` and in each tertial round's period, with
  targets ``yearly_target`` for each year of the plan and each tertial; its
  baseline is the first measured year's value. The first indicator has one
  decimal, the others none.
- In every round every top-level item has an approved assessment except the
  second one, whose assessment is submitted; of the other items most are
  approved, some submitted, some drafts, and every seventh has none.
"""

import datetime
import math
from decimal import Decimal

from django.db.models import Max

from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.indicators.tests.builders import make_indicator
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanStatus, PriorityGroup, SectionKind
from verksam.plans.models import Decision, Item, Plan, PlanSection, Tag
from verksam.testing import make_plan, make_user

LEVELS = ("Fokusområde", "Mål", "Aktivitet")
DECISION_BODY = "Kulturnämnden"
#: How many years before the plan each indicator has measured values.
YEARS_MEASURED_BEFORE = 3
#: The length of the results text of the first top-level item: longer than a board report shows.
LONG_RESULTS_LENGTH = 1500
GOAL_STATUSES = [GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET]
ACTIVITY_STATUSES = [ActivityStatus.DONE, ActivityStatus.ONGOING, ActivityStatus.NOT_STARTED]


def decided_on(year: int) -> datetime.date:
    """The date the plan of `year` was adopted: late in the year before."""
    return datetime.date(year - 1, 11, 28)


def yearly_value(number: int, year: int, first_year: int) -> Decimal:
    """Indicator `number`'s measured value of `year`, measured since `first_year`: 1 234 in
    the first year of the first indicator, 1 000 more per indicator, 1 000,5 more a year."""
    return Decimal(1234) + Decimal(1000) * (number - 1) + Decimal("1000.5") * (year - first_year)


def yearly_target(number: int, year: int, first_year: int) -> Decimal:
    """The target of `year`: 500 above the value measured that year."""
    return yearly_value(number, year, first_year) + Decimal(500)


def _third(value: Decimal) -> Decimal:
    """A tertial's share of a year's value, to one decimal."""
    return (value / 3).quantize(Decimal("0.1"))


def make_report_plan(
    *,
    organisation: Organisation,
    items: int = 12,
    indicators: int = 3,
    rounds: int = 3,
    case_number: str = "KN 2024/0123",
    year: int = 2025,
) -> tuple[Plan, list[FollowUpRound]]:
    """An adopted plan of `organisation` with its follow-up, and its rounds in time order."""
    years = max(1, math.ceil(rounds / 3))
    plan = make_plan(
        organisation,
        title=f"Verksamhetsplan {year}",
        status=PlanStatus.ADOPTED,
        is_published=True,
        level_names=LEVELS,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year + years - 1, 12, 31),
        activity_from_level=3,
        summary="Biblioteket planerar för läsning, lärande och delaktighet.",
    )
    Decision.objects.create(
        plan=plan, body=DECISION_BODY, decided_on=decided_on(year), case_number=case_number
    )
    PlanSection.objects.bulk_create(
        [
            PlanSection(
                plan=plan,
                kind=SectionKind.INTRODUCTION,
                title="Inledning",
                position=0,
                body="Planen beskriver bibliotekets arbete under året.",
            ),
            PlanSection(
                plan=plan,
                kind=SectionKind.VISION,
                title="Vision",
                position=1,
                body="Ett bibliotek för alla.",
            ),
        ]
    )
    all_items = _make_items(plan, items)
    _add_responsibility(plan, organisation, all_items)
    followup_rounds = _make_rounds(plan, rounds, year)
    _make_indicators(plan, organisation, all_items, indicators, followup_rounds, year, years)
    _make_assessments(all_items, followup_rounds)
    return plan, followup_rounds


def _level_sizes(count: int) -> list[int]:
    top = max(1, count // 4)
    goals = max(0, min(count - top, count // 4))
    return [top, goals, count - top - goals]


def _make_items(plan: Plan, count: int) -> list[Item]:
    """Items on three levels, children spread evenly over the level above; top level first."""
    created: list[Item] = []
    parents: list[Item] = []
    for depth, size in enumerate(_level_sizes(count)):
        if size == 0:
            break
        last_id = plan.items.aggregate(last=Max("id"))["last"] or 0
        new = [
            Item(
                plan=plan,
                parent=parents[index % len(parents)] if depth else None,
                depth=depth,
                position=index // len(parents) if depth else index,
                title=f"{LEVELS[depth]} {index + 1}",
                description=f"Beskrivning av {LEVELS[depth].lower()} {index + 1}.",
            )
            for index in range(size)
        ]
        new = Item.objects.bulk_create(new)
        if new[0].pk is None:  # a database that does not return the new ids
            new = list(plan.items.filter(depth=depth, id__gt=last_id).order_by("id"))
        created.extend(new)
        parents = new
    return created


def _add_responsibility(plan: Plan, organisation: Organisation, items: list[Item]) -> None:
    """The first item: the organisation, a named person, dates and the children's tag."""
    first = items[0]
    first.responsible_organisation = organisation
    first.start_date = plan.period_start
    first.end_date = plan.period_end
    first.save(update_fields=["responsible_organisation", "start_date", "end_date"])
    person = make_user(f"ansvarig-{plan.pk}", first_name="Anna", last_name="Berg")
    first.responsible_people.add(person)
    first.tags.add(Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE))


def _tertials(year: int) -> list[tuple[str, datetime.date, datetime.date, bool]]:
    return [
        (f"T1 {year}", datetime.date(year, 1, 1), datetime.date(year, 4, 30), False),
        (f"T2 {year}", datetime.date(year, 5, 1), datetime.date(year, 8, 31), False),
        (f"Helår {year}", datetime.date(year, 1, 1), datetime.date(year, 12, 31), True),
    ]


def _make_rounds(plan: Plan, count: int, year: int) -> list[FollowUpRound]:
    periods = [p for offset in range(math.ceil(count / 3)) for p in _tertials(year + offset)]
    FollowUpRound.objects.bulk_create(
        FollowUpRound(
            plan=plan,
            name=name,
            rhythm=Rhythm.TERTIAL,
            period_start=start,
            period_end=end,
            due_date=end + datetime.timedelta(days=15),
            is_year_end=is_year_end,
            is_closed=True,
        )
        for name, start, end, is_year_end in periods[:count]
    )
    followup_rounds = list(plan.rounds.order_by("period_end", "period_start", "pk"))
    for followup_round in followup_rounds:
        followup_round.plan = plan
    return followup_rounds


def _make_indicators(plan, organisation, items, count, followup_rounds, year, years) -> None:
    """Indicators with a baseline, year and tertial targets, and measured values."""
    uses, targets, measurements = [], [], []
    first_year = year - YEARS_MEASURED_BEFORE
    tertial_periods = [(r.period_start, r.period_end) for r in followup_rounds if not r.is_year_end]
    for number in range(1, count + 1):
        indicator = make_indicator(f"Indikator {number}", decimals=1 if number == 1 else 0)
        use = ItemIndicator(
            item=items[(number - 1) % len(items)],
            indicator=indicator,
            organisation=organisation,
            baseline=yearly_value(number, first_year, first_year),
            baseline_label=str(first_year),
        )
        uses.append(use)
        for measured_year in range(first_year, year + years):
            measurements.append(
                Measurement(
                    indicator=indicator,
                    organisation=organisation,
                    period_start=datetime.date(measured_year, 1, 1),
                    period_end=datetime.date(measured_year, 12, 31),
                    value=yearly_value(number, measured_year, first_year),
                )
            )
        for start, end in tertial_periods:
            measurements.append(
                Measurement(
                    indicator=indicator,
                    organisation=organisation,
                    period_start=start,
                    period_end=end,
                    value=_third(yearly_value(number, start.year, first_year)),
                )
            )
    uses = ItemIndicator.objects.bulk_create(uses)
    if uses and uses[0].pk is None:
        uses = list(ItemIndicator.objects.filter(item__plan=plan).order_by("pk"))
    for number, use in enumerate(uses, start=1):
        for target_year in range(year, year + years):
            targets.append(
                Target(
                    item_indicator=use,
                    period_start=datetime.date(target_year, 1, 1),
                    period_end=datetime.date(target_year, 12, 31),
                    value=yearly_target(number, target_year, first_year),
                )
            )
        for start, end in tertial_periods:
            targets.append(
                Target(
                    item_indicator=use,
                    period_start=start,
                    period_end=end,
                    value=_third(yearly_target(number, start.year, first_year)),
                )
            )
    Target.objects.bulk_create(targets)
    Measurement.objects.bulk_create(measurements)


def _state(index: int, depth: int, round_index: int) -> str | None:
    """The state of item `index`'s assessment in a round, or None for no assessment."""
    if depth == 0:
        return AssessmentState.SUBMITTED if index == 1 else AssessmentState.APPROVED
    if index % 7 == 6:
        return None
    return {4: AssessmentState.SUBMITTED, 5: AssessmentState.DRAFT}.get(
        (index + round_index) % 6, AssessmentState.APPROVED
    )


def results_text(item: Item, followup_round: FollowUpRound, index: int) -> str:
    """The results and analysis of an item in a round; the first item's is long."""
    text = f"Resultat för {item.title} i {followup_round.name}."
    if index == 0:
        sentence = " Fler besökare har kommit till programmen och lånen har ökat."
        while len(text) < LONG_RESULTS_LENGTH:
            text += sentence
    return text


def _make_assessments(items: list[Item], followup_rounds: list[FollowUpRound]) -> None:
    assessments = []
    for round_index, followup_round in enumerate(followup_rounds):
        for index, item in enumerate(items):
            state = _state(index, item.depth, round_index)
            if state is None:
                continue
            scale = ACTIVITY_STATUSES if item.depth == 2 else GOAL_STATUSES
            assessments.append(
                Assessment(
                    round=followup_round,
                    item=item,
                    status=scale[(index + round_index) % len(scale)],
                    forecast="" if followup_round.is_year_end else GoalStatus.MET,
                    progress=(index * 10 + round_index * 5) % 101,
                    done=f"Gjort för {item.title} i {followup_round.name}.",
                    results=results_text(item, followup_round, index),
                    improvements=f"Förbättring för {item.title} efter {followup_round.name}.",
                    state=state,
                    is_late=index == 2,
                )
            )
    Assessment.objects.bulk_create(assessments)
