"""The roll-up read from the database: what counts, which targets and values, how many queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus
from verksam.followup.models import Assessment, FollowUpSettings
from verksam.followup.rollup import (
    Source,
    item_rollup,
    plan_rollup,
    plan_rollup_rounds,
    rounds_rollup,
)
from verksam.followup.rollup_inputs import Thresholds, thresholds_for, thresholds_for_many
from verksam.followup.tests.builders import make_round
from verksam.indicators.choices import Direction
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.plans.models import Plan
from verksam.testing import make_item, make_plan, make_plan_tree

MET, PARTLY, NOT_MET, NOT_ASSESSED = (
    GoalStatus.MET,
    GoalStatus.PARTLY_MET,
    GoalStatus.NOT_MET,
    GoalStatus.NOT_ASSESSED,
)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
T1 = (datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))


def assess(followup_round, item, status: str, state: str = AssessmentState.APPROVED):
    return Assessment.objects.create(round=followup_round, item=item, status=status, state=state)


def make_indicator(key: str, name: str, direction: str = Direction.HIGHER_IS_BETTER):
    return Indicator.objects.create(key=key, name=name, direction=direction)


def follow(item, indicator, organisation, baseline=None, targets=()):
    """An indicator on an item, with targets given as ((start, end), value) pairs."""
    item_indicator = ItemIndicator.objects.create(
        item=item, indicator=indicator, organisation=organisation, baseline=baseline
    )
    for (start, end), value in targets:
        Target.objects.create(
            item_indicator=item_indicator, period_start=start, period_end=end, value=value
        )
    return item_indicator


def measure(indicator, organisation, period, value):
    start, end = period
    return Measurement.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=start,
        period_end=end,
        value=value,
    )


@pytest.fixture
def library(personas):
    """Kalmar's operational plan 2026 with two rounds, assessments and indicators.

    Läsfrämjande
      Fler barn läser          visits, higher is better (baseline 100 000, 2026: 120 000)
        Sommarboken            activity
        Bokstart               activity
      Kortare väntetider       waiting days, lower is better (baseline 10; 2026: 6; T1: 8)
    Digital delaktighet
      Digitala drop-in         only a submitted assessment
    """
    home = personas.home
    plan = make_plan(home, activity_from_level=3)
    t1 = make_round(plan, "T1", *T1)
    year = make_round(plan, "Helår", *YEAR, is_year_end=True)
    reading = make_item(plan, "Läsfrämjande")
    children = make_item(plan, "Fler barn läser", parent=reading)
    summer = make_item(plan, "Sommarboken", parent=children)
    bookstart = make_item(plan, "Bokstart", parent=children)
    waiting = make_item(plan, "Kortare väntetider", parent=reading)
    digital = make_item(plan, "Digital delaktighet")
    drop_in = make_item(plan, "Digitala drop-in", parent=digital)

    visits = make_indicator("Besok01", "Fysiska besök")
    days = make_indicator("Vantetid", "Väntetid fjärrlån (dagar)", Direction.LOWER_IS_BETTER)
    follow(children, visits, home, baseline=100_000, targets=[(YEAR, 120_000)])
    follow(waiting, days, home, baseline=10, targets=[(YEAR, 6), (T1, 8)])
    measure(visits, home, YEAR, 116_000)
    measure(visits, personas.work_group, YEAR, 130_000)  # another organisation: does not count
    measure(visits, home, T1, 40_000)  # not the target's period: does not count
    measure(days, home, T1, 9)  # T1: (10 − 9) / (10 − 8) = 50 % → not met
    measure(days, home, YEAR, 6)  # year: at target → met

    # Year round: both activities approved, one in each state elsewhere.
    assess(year, summer, ActivityStatus.DONE)
    assess(year, bookstart, ActivityStatus.DONE)
    assess(year, drop_in, GoalStatus.MET, AssessmentState.SUBMITTED)
    # T1: only drafts, submitted and returned assessments, which never count.
    assess(t1, summer, ActivityStatus.DONE, AssessmentState.DRAFT)
    assess(t1, bookstart, ActivityStatus.DONE, AssessmentState.SUBMITTED)
    assess(t1, digital, GoalStatus.MET, AssessmentState.RETURNED)
    assess(t1, drop_in, ActivityStatus.ONGOING)
    return {
        "plan": plan,
        "t1": t1,
        "year": year,
        "reading": reading,
        "children": children,
        "summer": summer,
        "bookstart": bookstart,
        "waiting": waiting,
        "digital": digital,
        "drop_in": drop_in,
    }


def test_it_derives_every_item_of_the_plan_in_the_year_round(library):
    rollup = plan_rollup(library["plan"], library["year"])
    assert set(rollup) == set(library["plan"].items.values_list("id", flat=True))

    summer = rollup[library["summer"].pk]
    assert (summer.status, summer.source, summer.own_status) == (
        MET,
        Source.ASSESSMENT,
        ActivityStatus.DONE,
    )
    # Two activities done, visits at 80 % of the way: partly met.
    children = rollup[library["children"].pk]
    assert children.source == Source.DERIVED
    assert [c.status for c in children.children] == [MET, MET]
    (visits,) = children.indicators
    assert (visits.value, visits.target, visits.attainment) == (
        Decimal(116_000),
        Decimal(120_000),
        Decimal(80),
    )
    assert visits.status == PARTLY
    assert children.status == PARTLY
    # Waiting days at the target of the year: met.
    waiting = rollup[library["waiting"].pk]
    assert [i.status for i in waiting.indicators] == [MET]
    assert waiting.status == MET
    assert rollup[library["reading"].pk].status == PARTLY
    # A submitted assessment does not count: nothing to go on.
    assert rollup[library["drop_in"].pk].status == NOT_ASSESSED
    assert rollup[library["drop_in"].pk].source == Source.NONE
    assert rollup[library["digital"].pk].status == NOT_ASSESSED


def test_it_counts_only_approved_assessments(library):
    rollup = plan_rollup(library["plan"], library["t1"])
    assert rollup[library["summer"].pk].status == NOT_ASSESSED  # draft
    assert rollup[library["bookstart"].pk].status == NOT_ASSESSED  # submitted
    assert rollup[library["digital"].pk].source != Source.ASSESSMENT  # returned
    assert rollup[library["drop_in"].pk].status == PARTLY  # approved: ongoing
    assert rollup[library["digital"].pk].status == PARTLY


def test_it_matches_the_target_and_measurement_of_the_round(library):
    rollup = plan_rollup(library["plan"], library["t1"])
    # The T1 target (8 days) is preferred to the year's; 9 days is 50 % of the way.
    (days,) = rollup[library["waiting"].pk].indicators
    assert (days.target, days.value, days.attainment, days.status) == (
        Decimal(8),
        Decimal(9),
        Decimal(50),
        NOT_MET,
    )
    assert (days.period_start, days.period_end) == T1
    # Visits have only a year target: the year's value (already measured) is not for T1.
    (visits,) = rollup[library["children"].pk].indicators
    assert (visits.target, visits.value, visits.status) == (Decimal(120_000), None, NOT_ASSESSED)
    assert visits.runs_past_round
    # Nothing below is approved and visits cannot be judged yet: not assessed, never met.
    assert rollup[library["children"].pk].status == NOT_ASSESSED
    assert rollup[library["reading"].pk].status == NOT_MET


def test_it_prefers_the_shortest_target_covering_the_end_of_the_round(personas):
    plan = make_plan(personas.home)
    half = make_round(plan, "Halvår", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    item = make_item(plan, "Mål")
    loans = make_indicator("Utlan01", "Utlån")
    may_june = (datetime.date(2026, 5, 1), datetime.date(2026, 6, 30))
    follow(
        item,
        loans,
        personas.home,
        targets=[
            (YEAR, 1000),
            (may_june, 200),
            ((datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)), 900),
        ],
    )
    measure(loans, personas.home, may_june, 150)
    measure(loans, personas.home, YEAR, 5000)
    (loans_result,) = plan_rollup(plan, half)[item.pk].indicators
    assert (loans_result.target, loans_result.value) == (Decimal(200), Decimal(150))
    assert loans_result.attainment == Decimal(75)


def test_it_leaves_out_indicators_without_a_target_for_the_round(personas):
    plan = make_plan(personas.home)
    year = make_round(plan, "Helår", *YEAR)
    item = make_item(plan, "Mål")
    child = make_item(plan, "Aktivitet", parent=item)
    assess(year, child, GoalStatus.MET)
    follow(item, make_indicator("Eboken", "E-lån"), personas.home)  # followed, no target
    derivation = plan_rollup(plan, year)[item.pk]
    assert derivation.indicators == ()
    assert derivation.status == MET


def test_it_lets_an_own_approved_assessment_win(library):
    assess(library["year"], library["children"], GoalStatus.MET)
    derivation = plan_rollup(library["plan"], library["year"])[library["children"].pk]
    assert derivation.status == MET
    assert derivation.source == Source.ASSESSMENT


def test_it_uses_the_thresholds_of_the_nearest_organisation(personas, library):
    assert thresholds_for(personas.home) == Thresholds()
    FollowUpSettings.objects.create(
        organisation=personas.municipality, met_threshold=90, partly_met_threshold=85
    )
    assert thresholds_for(personas.work_group) == Thresholds(Decimal(90), Decimal(85))
    # 80 % of the way is not met when partly met needs 85 %.
    plan = Plan.objects.get(pk=library["plan"].pk)
    assert plan_rollup(plan, library["year"])[library["children"].pk].indicators[0].status == (
        NOT_MET
    )
    FollowUpSettings.objects.create(
        organisation=personas.home, met_threshold=80, partly_met_threshold=50
    )
    assert thresholds_for(personas.work_group) == Thresholds(Decimal(80), Decimal(50))
    assert thresholds_for(personas.municipality) == Thresholds(Decimal(90), Decimal(85))
    plan = Plan.objects.get(pk=library["plan"].pk)
    assert plan_rollup(plan, library["year"])[library["children"].pk].status == MET
    # Thresholds given by the caller win.
    given = Thresholds(Decimal(100), Decimal(90))
    derivation = plan_rollup(plan, library["year"], thresholds=given)[library["children"].pk]
    assert derivation.indicators[0].status == NOT_MET


def test_it_rolls_up_several_rounds_at_once(library):
    rounds = [library["t1"], library["year"]]
    both = plan_rollup_rounds(library["plan"], rounds)
    assert set(both) == {library["t1"].pk, library["year"].pk}
    for followup_round in rounds:
        assert both[followup_round.pk] == plan_rollup(library["plan"], followup_round)


def test_it_gives_one_item_for_the_item_page(library):
    derivation = item_rollup(library["children"], library["year"])
    assert derivation.item_id == library["children"].pk
    assert derivation.status == PARTLY


def test_it_refuses_a_round_of_another_plan(library, personas):
    other = make_round(personas.draft_plan, "T1", *T1)
    with pytest.raises(ValueError):
        plan_rollup(library["plan"], other)


# --- query counts ---

BIMONTHLY = [
    (datetime.date(2026, month, 1), datetime.date(2026, month + 2, 1) - datetime.timedelta(days=1))
    for month in (1, 3, 5, 7, 9)
] + [(datetime.date(2026, 11, 1), datetime.date(2026, 12, 31))]


def _populate(personas, *, items: int, rounds: int, measurements: int, title: str):
    """A plan with `items` items, `rounds` rounds and `measurements` measured values."""
    plan = make_plan(personas.home, title=title, activity_from_level=3)
    tree = make_plan_tree(plan, items)
    periods = BIMONTHLY[:rounds]
    followup_rounds = [
        make_round(plan, f"Omgång {index + 1}", *period) for index, period in enumerate(periods)
    ]
    leaves = [item for item in tree if item.depth == 2] or tree
    states = list(AssessmentState.values)
    Assessment.objects.bulk_create(
        Assessment(
            round=followup_round,
            item=item,
            status=ActivityStatus.DONE if index % 3 else ActivityStatus.ONGOING,
            state=states[index % len(states)],
        )
        for followup_round in followup_rounds
        for index, item in enumerate(leaves)
    )
    # One indicator per goal, measured in each round's period until `measurements` are made.
    goals = [item for item in tree if item.depth == 1]
    per_indicator = len(periods)
    count = -(-measurements // per_indicator)
    organisations = [personas.home, personas.work_group]
    made = 0
    for index in range(count):
        direction = Direction.LOWER_IS_BETTER if index % 2 else Direction.HIGHER_IS_BETTER
        indicator = make_indicator(f"{title[:10]}-{index}", f"Indikator {index}", direction)
        item_indicator = ItemIndicator.objects.create(
            item=goals[index % len(goals)],
            indicator=indicator,
            organisation=organisations[index % 2],
            baseline=Decimal(100),
        )
        Target.objects.bulk_create(
            Target(
                item_indicator=item_indicator,
                period_start=s,
                period_end=e,
                value=120 - 40 * (index % 2),
            )
            for s, e in periods
        )
        batch = []
        for start, end in periods:
            if made == measurements:
                break
            batch.append(
                Measurement(
                    indicator=indicator,
                    organisation=organisations[index % 2],
                    period_start=start,
                    period_end=end,
                    value=Decimal(90 + made % 40),
                )
            )
            made += 1
        Measurement.objects.bulk_create(batch)
    assert Measurement.objects.filter(indicator__key__startswith=title[:10]).count() == measurements
    return plan, followup_rounds


def _queries(function, *args) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = function(*args)
    return len(queries), result


def test_it_reads_a_large_plan_in_as_many_queries_as_a_small_one(personas):
    small, small_rounds = _populate(personas, items=5, rounds=1, measurements=2, title="Liten plan")
    large, large_rounds = _populate(
        personas, items=200, rounds=6, measurements=500, title="Stor plan "
    )
    assert large.items.count() == 200

    small_count, small_rollup = _queries(
        plan_rollup, Plan.objects.get(pk=small.pk), small_rounds[0]
    )
    large_count, large_rollup = _queries(
        plan_rollup, Plan.objects.get(pk=large.pk), large_rounds[-1]
    )
    assert small_count == large_count == 7
    assert len(small_rollup) == 5
    assert len(large_rollup) == 200
    assert any(d.indicators and d.indicators[0].value is not None for d in large_rollup.values())

    small_count, _result = _queries(plan_rollup_rounds, Plan.objects.get(pk=small.pk), small_rounds)
    large_count, by_round = _queries(
        plan_rollup_rounds, Plan.objects.get(pk=large.pk), large_rounds
    )
    assert small_count == large_count == 7
    assert len(by_round) == 6
    assert {len(rollup) for rollup in by_round.values()} == {200}


def test_it_rolls_up_rounds_of_several_plans_each_by_its_own_thresholds(personas, library):
    FollowUpSettings.objects.create(
        organisation=personas.work_group, met_threshold=80, partly_met_threshold=50
    )
    group_plan = make_plan(personas.work_group, title="Gruppens plan")
    group_goal = make_item(group_plan, "Fler besök")
    group_visits = make_indicator("Besok02", "Besök i gruppen")
    measure(group_visits, personas.home, YEAR, 116_000)
    follow(
        group_goal,
        group_visits,
        personas.home,
        baseline=100_000,
        targets=[(YEAR, 120_000)],
    )
    group_year = make_round(group_plan, "Helår", *YEAR, is_year_end=True)
    thresholds = thresholds_for_many([personas.home, personas.work_group])
    assert thresholds == {
        personas.home.pk: Thresholds(),
        personas.work_group.pk: Thresholds(Decimal(80), Decimal(50)),
    }

    with CaptureQueriesContext(connection) as queries:
        together = rounds_rollup(
            [library["year"], group_year],
            thresholds={
                library["plan"].pk: thresholds[personas.home.pk],
                group_plan.pk: thresholds[personas.work_group.pk],
            },
        )
    assert len(queries) == 5
    assert together[library["year"].pk] == plan_rollup(library["plan"], library["year"])
    # 116 000 of 120 000 from 100 000 is 80 % of the way: met by the group's 80 %.
    assert together[group_year.pk] == plan_rollup(group_plan, group_year)
    assert together[group_year.pk][group_goal.pk].status == MET
    assert together[library["year"].pk][library["children"].pk].indicators[0].status == PARTLY
