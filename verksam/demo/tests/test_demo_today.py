"""Tests of the demo's dates: this year's plans and rounds on any date, whatever the seeds' years.

The demo is loaded as of a given day (`today`), the way `verksam demo --today`
does, so that the tests do not depend on the date they run on.
"""

import datetime

import pytest
from django.utils import translation

from verksam.demo.seeds import CARRIED_ON_NOTE
from verksam.demo.services import demo_load
from verksam.followup.models import FollowUpRound
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db

#: The organisation of each seed whose plans are carried on to the present.
SEED_ORGANISATIONS = (
    "Stockholms universitetsbibliotek",
    "Region Stockholm",
    "Stockholms stadsbibliotek",
    "Kulturnämnden",
    "Biblioteksutveckling Region Kalmar län",
)


def load(today: datetime.date) -> None:
    with translation.override("sv"):
        demo_load(today=today)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 3), datetime.date(2031, 3, 1)])
def test_it_gives_each_seed_organisation_a_current_plan_and_three_years_of_rounds(today):
    load(today)

    year = today.year
    for name in SEED_ORGANISATIONS:
        plans = Plan.objects.filter(organisation__name=name, status=PlanStatus.ADOPTED)
        current = plans.filter(
            period_start__lte=datetime.date(year, 1, 1),
            period_end__gte=datetime.date(year, 12, 31),
        )
        assert current.exists(), (name, year)
        rounds = FollowUpRound.objects.filter(plan__in=plans)
        for round_year in (year - 2, year - 1, year):
            assert rounds.filter(period_end__year=round_year).exists(), (name, round_year)
        assert rounds.filter(period_end__year=year, is_closed=False).exists(), name


def test_it_keeps_the_seed_plans_at_their_own_years_and_marks_the_carried_on_ones():
    load(datetime.date(2026, 12, 3))

    seed = Plan.objects.get(
        organisation__name="Stockholms stadsbibliotek", title="Verksamhetsplan 2008"
    )
    carried = Plan.objects.get(
        organisation__name="Stockholms stadsbibliotek", title="Verksamhetsplan 2026"
    )
    assert (seed.period_start, seed.period_end) == (
        datetime.date(2008, 1, 1),
        datetime.date(2008, 12, 31),
    )
    assert (carried.period_start, carried.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert carried.summary.startswith(
        CARRIED_ON_NOTE.format(title="Verksamhetsplan 2008", period="2008")
    )
    assert carried.summary.endswith(seed.summary)
    seed_titles = list(seed.items.order_by("depth", "position").values_list("title", "description"))
    assert list(
        carried.items.order_by("depth", "position").values_list("title", "description")
    ) == (seed_titles)
    assert "Demodata" in carried.decisions.get().note
    regional = Plan.objects.get(
        organisation__name="Region Stockholm",
        title="Regional biblioteksplan 2024–2027 för Stockholmsregionen",
    )
    assert (regional.period_start.year, regional.period_end.year) == (2024, 2027)


def test_it_links_a_carried_on_plan_to_the_plans_of_the_same_years():
    load(datetime.date(2026, 12, 3))

    annual = Plan.objects.get(
        organisation__name="Biblioteksutveckling Region Kalmar län", title="Verksamhetsplan 2026"
    )
    regional = Plan.objects.get(title="Regional biblioteksplan för Kalmar län 2026–2029")
    assert list(annual.derived_from.all()) == [regional]
    targets = {
        target.plan_id
        for item in annual.items.filter(depth=1)
        for target in item.contributes_to.all()
    }
    assert targets == {regional.pk}


def test_it_adds_this_years_plan_and_closes_last_years_rounds_when_run_a_year_later():
    load(datetime.date(2026, 6, 1))
    plans_2026 = Plan.objects.count()

    load(datetime.date(2027, 2, 1))

    assert Plan.objects.filter(title="Verksamhetsplan 2027").count() == 3  # SUB, Stockholm, Kalmar
    assert Plan.objects.filter(title="Verksamhetsplan 2026").count() == 3
    assert Plan.objects.count() > plans_2026
    last_year = FollowUpRound.objects.filter(
        plan__title="Verksamhetsplan 2026", period_end__year=2026
    )
    assert last_year.exists()
    assert not last_year.filter(is_closed=False).exists()
    assert FollowUpRound.objects.filter(
        plan__title="Verksamhetsplan 2027", period_end__year=2027, is_closed=False
    ).exists()


def test_it_loads_the_same_day_twice_without_adding_anything():
    today = datetime.date(2031, 3, 1)
    load(today)
    counts = (Plan.objects.count(), FollowUpRound.objects.count())

    load(today)

    assert (Plan.objects.count(), FollowUpRound.objects.count()) == counts
