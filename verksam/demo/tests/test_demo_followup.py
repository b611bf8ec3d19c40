"""Tests of the demo's follow-up: rounds, assessments, indicators and measurements."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from verksam.core.models import ChangeRecord
from verksam.demo.followup_seeds import DEMO_MEASUREMENT_NOTE, FOLLOW_UP_SEEDS
from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.rollup import plan_rollup
from verksam.indicators.choices import IndicatorSource, MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db

#: The demo follows the date; these tests load it as of a fixed one.
TODAY = datetime.date(2026, 5, 15)


def run_demo() -> str:
    """Run `verksam demo`; its messages in English, whatever the translations say."""
    out = StringIO()
    with translation.override("en"):
        call_command("demo", allow_without_debug=True, today=TODAY, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    return run_demo()


def test_it_gives_every_adopted_plan_rounds(demo):
    adopted = Plan.objects.filter(status=PlanStatus.ADOPTED)

    seeds = {seed.plan for seed in FOLLOW_UP_SEEDS.plans}
    assert adopted.count() >= len(seeds)
    for plan in adopted:
        assert plan.rounds.exists(), plan.title
    assert not FollowUpRound.objects.exclude(plan__status=PlanStatus.ADOPTED).exists()
    tertial = Plan.objects.get(title="Uppdrag 2011")
    assert list(tertial.rounds.values_list("name", flat=True))[:2] == ["T1 2011", "T2 2011"]
    assert tertial.rounds.count() == 3


def test_it_has_assessments_in_every_state(demo):
    states = set(Assessment.objects.values_list("state", flat=True))

    assert states == set(AssessmentState.values)
    returned = Assessment.objects.get(state=AssessmentState.RETURNED)
    assert returned.reviewer_comment
    assert Assessment.objects.filter(state=AssessmentState.APPROVED).count() > 60


def test_it_keeps_only_kalmars_reports_on_2025_and_this_years_rounds_open(demo):
    open_rounds = FollowUpRound.objects.filter(is_closed=False)

    past = {(r.plan.title, r.period_end.year) for r in open_rounds if r.period_end.year < 2026}
    assert past == {
        ("Verksamhetsplan 2025", 2025),
        ("Regional biblioteksplan för Kalmar län", 2025),
    }
    assert open_rounds.filter(period_end__year=TODAY.year).exists()
    unfinished = Assessment.objects.exclude(state=AssessmentState.APPROVED)
    assert not unfinished.filter(round__is_closed=True).exists()


def test_it_dates_the_follow_up_within_its_rounds(demo):
    today = timezone.localdate()
    late = 0
    for assessment in Assessment.objects.select_related("round"):
        if assessment.state == AssessmentState.DRAFT:
            assert assessment.submitted_at is None
            continue
        submitted = assessment.submitted_at.date()
        if assessment.round.period_end >= today:
            # This year's follow-up, written so far (followup_seeds.THIS_YEAR_ASSESSMENTS).
            assert submitted <= today and not assessment.is_late, assessment
            continue
        assert assessment.round.period_end < submitted, assessment
        assert assessment.is_late == (submitted > assessment.round.due_date), assessment
        late += assessment.is_late
        if assessment.state == AssessmentState.APPROVED:
            assert assessment.approved_at > assessment.submitted_at
            if assessment.round.plan.organisation.kind != OrganisationKind.REGION:
                # Only the regions' single demo account approves what it wrote.
                assert assessment.approved_by_id != assessment.author_id, assessment
    seeds_late = sum(
        1 for plan in FOLLOW_UP_SEEDS.plans for seed in plan.assessments if seed.days_late
    )
    assert late == seeds_late > 0


def test_it_follows_up_kalmars_activities_on_the_activity_scale(demo):
    plan = Plan.objects.get(
        title="Verksamhetsplan 2025", organisation__name="Biblioteksutveckling Region Kalmar län"
    )

    assert plan.activity_from_level == 2
    assert plan.status == PlanStatus.ADOPTED
    statuses = set(
        Assessment.objects.filter(item__plan=plan, item__depth=1).values_list("status", flat=True)
    )
    assert statuses and statuses <= set(ActivityStatus.values)


def test_it_gives_indicators_targets_and_demo_labelled_measurements(demo):
    shared = Indicator.objects.filter(organisation=None)
    assert set(shared.values_list("key", flat=True)) >= {
        "Besok01",
        "Utlan399",
        "Publ199",
        "Aktiv99",
    }
    assert set(shared.values_list("source", flat=True)) == {IndicatorSource.LIBRARY_STATISTICS}
    assert Indicator.objects.get(name="Deltagare i fortbildningsdagar om läsfrämjande").organisation

    item_indicators = ItemIndicator.objects.prefetch_related("targets")
    assert item_indicators.count() >= 15
    for item_indicator in item_indicators:
        assert item_indicator.targets.all(), item_indicator

    # The competence register's counts are counted from the demo's trainings (marked as
    # demo themselves), not invented values.
    counted = Measurement.objects.filter(source=MeasurementSource.COMPETENCE)
    assert counted.exists()
    measurements = Measurement.objects.exclude(source=MeasurementSource.COMPETENCE)
    assert measurements.count() > 50
    assert set(measurements.values_list("source", flat=True)) == {MeasurementSource.DEMO}
    assert set(measurements.values_list("note", flat=True)) == {DEMO_MEASUREMENT_NOTE}
    for item_indicator in item_indicators:
        assert measurements.filter(
            indicator=item_indicator.indicator, organisation=item_indicator.organisation
        ).exists(), item_indicator

    visits = Measurement.objects.get(
        indicator__key="Besok01",
        organisation__name="Uppsala stadsbibliotek",
        period_start__year=2011,
        period_end__month=12,
        period_start__month=1,
    )
    assert 1_000_000 < visits.value < 2_000_000
    tertials = Measurement.objects.filter(
        indicator__key="Besok01", organisation__name="Uppsala stadsbibliotek", period_end__year=2011
    ).exclude(pk=visits.pk)
    assert tertials.count() == 3
    assert sum(m.value for m in tertials) == visits.value


def test_it_lets_the_rollup_judge_the_indicators_against_their_targets(demo):
    """The library plan has no assessments: its goals' statuses come from the indicators."""
    plan = Plan.objects.get(title="Biblioteksplan för Uppsala kommun")
    year_2011 = plan.rounds.get(period_start__year=2011)
    statuses = {
        item.title: derivation.status
        for item in plan.items.all()
        for item_id, derivation in plan_rollup(plan, year_2011).items()
        if item_id == item.pk
    }

    # Progress from the 2010 baseline towards the 2011 target (demo values).
    assert statuses["Kulturcentra"] == GoalStatus.MET  # 1 650 → 1 800: 1 875
    assert statuses["Tillgängliga och välkomnande"] == GoalStatus.PARTLY_MET  # 80 %
    assert statuses["Stödja sökande efter kunskap och bildning"] == GoalStatus.NOT_MET


def test_it_records_the_follow_up_in_the_change_log(demo):
    created = ChangeRecord.objects.filter(
        object_type="followup.assessment", action=ChangeRecord.Action.CREATE
    )
    assert created.count() == Assessment.objects.count()
    assert ChangeRecord.objects.filter(object_type="followup.followupround").count() >= (
        FollowUpRound.objects.count()
    )


def test_it_leaves_the_follow_up_of_a_plan_with_rounds_as_it_is(demo):
    plan = Plan.objects.get(title="Verksamhetsplan 2008")
    plan.rounds.first().assessments.all().delete()
    count = Assessment.objects.count()

    output = run_demo()

    assert Assessment.objects.count() == count
    assert "Follow-up: 0 plans new" in output


def test_it_creates_the_follow_up_again_of_a_plan_without_rounds(demo):
    plan = Plan.objects.get(
        title="Verksamhetsplan 2025", organisation__name="Biblioteksutveckling Region Kalmar län"
    )
    before = Assessment.objects.filter(item__plan=plan).count()
    plan.rounds.all().delete()
    assert not Assessment.objects.filter(item__plan=plan).exists()

    run_demo()

    assert Assessment.objects.filter(item__plan=plan).count() == before
    assert Measurement.objects.filter(indicator__key="KLR-chefsnatverk").count() == 4
