"""The county and national overviews run as many queries for a large county as for a small one.

"Large" means more municipalities and libraries, focus areas, items, links,
chains, tags, rounds and assessments, and on the national overview also more
regions. Both data sets have the same shape (a library plan and an operational
plan per library, linked in a chain to the regional plan, a draft plan, an
indicator with a target and a measurement), so only the amounts differ.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.models import Assessment
from verksam.followup.tests.overview_builders import (
    make_municipal_library,
    make_region,
    make_regional_plan,
    make_year_round,
    published_plan,
)
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)
from verksam.organisations.choices import Role
from verksam.organisations.models import Membership
from verksam.plans.choices import PlanKind, PriorityGroup
from verksam.plans.models import Contribution, Tag
from verksam.testing import make_member, make_plan, make_plan_tree

STATUSES = [GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET]
STATES = [AssessmentState.APPROVED, AssessmentState.SUBMITTED, AssessmentState.APPROVED]


@dataclass
class CountyData:
    region: object
    focus_areas: list
    libraries: list


def _rounds(plan, count: int) -> list:
    """`count` rounds in 2025: monthly ones, then the year-end round."""
    rounds = [
        make_year_round(
            plan,
            name=f"Månad {index + 1}",
            period_start=datetime.date(2025, index + 1, 1),
            period_end=datetime.date(2025, index + 1, 28),
            is_year_end=False,
        )
        for index in range(count - 1)
    ]
    return [*rounds, make_year_round(plan)]


def _assess(rounds, items) -> None:
    Assessment.objects.bulk_create(
        Assessment(
            round=followup_round,
            item=item,
            status=STATUSES[index % 3],
            state=STATES[(index + r_index) % 3],
        )
        for r_index, followup_round in enumerate(rounds)
        for index, item in enumerate(items)
        if (index + r_index) % 4
    )


def _county(code: str, *, municipalities: int, focus_areas: int, items: int, rounds: int):
    region = make_region(f"Region {code}", code)
    regional_plan, focus = make_regional_plan(
        region, [f"Fokusområde {code}-{index}" for index in range(focus_areas)]
    )
    _rounds(regional_plan, rounds)
    tags = list(Tag.objects.exclude(priority_group=""))
    libraries = []
    for number in range(municipalities):
        municipality_code = f"{code}{number + 10}"
        _municipality, library = make_municipal_library(
            f"Kommun {municipality_code}", municipality_code, f"Bibliotek {municipality_code}"
        )
        libraries.append(library)
        library_plan = published_plan(
            library,
            f"Biblioteksplan {municipality_code}",
            kind=PlanKind.LIBRARY_PLAN,
            level_names=["Mål", "Delmål"],
        )
        goals = make_plan_tree(library_plan, items)
        operational_plan = published_plan(library, f"Verksamhetsplan {municipality_code}")
        activities = make_plan_tree(operational_plan, items)
        draft = make_plan(library, title=f"Utkast {municipality_code}", year=2025)
        drafted = make_plan_tree(draft, items)
        top_goals = [goal for goal in goals if goal.depth == 0]
        links = [
            Contribution(source=goal, target=focus[index % len(focus)])
            for index, goal in enumerate(top_goals)
        ]
        links += [
            Contribution(source=activity, target=goals[index % len(goals)])
            for index, activity in enumerate(activities)
        ]
        links += [
            Contribution(source=item, target=focus[index % len(focus)])
            for index, item in enumerate(drafted)
        ]
        Contribution.objects.bulk_create(links)
        for index, item in enumerate([*goals, *activities, *drafted]):
            item.tags.add(tags[index % len(tags)])
        for plan, plan_items in ((library_plan, goals), (operational_plan, activities)):
            _assess(_rounds(plan, rounds), plan_items)
        indicator = make_indicator(f"Besök {municipality_code}")
        use = make_item_indicator(goals[-1], indicator, baseline=10)
        make_target(use, 100, year=2025)
        make_measurement(indicator, library, 90, year=2025)
    return CountyData(region=region, focus_areas=focus, libraries=libraries)


def _small(code: str = "08") -> CountyData:
    return _county(code, municipalities=1, focus_areas=2, items=4, rounds=1)


def _large(code: str = "07") -> CountyData:
    return _county(code, municipalities=4, focus_areas=6, items=30, rounds=3)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _member(*counties: CountyData):
    """A reader of the first library of each county, who also reads its draft plan."""
    user = make_member(counties[0].libraries[0], Role.READER)
    for county in counties[1:]:
        Membership.objects.create(user=user, organisation=county.libraries[0], role=Role.READER)
    return user


def _log_in(client, persona: str, *counties: CountyData) -> None:
    if persona == "member":
        client.force_login(_member(*counties))


def _county_url(county: CountyData) -> str:
    return reverse("dashboards:county_overview", args=[county.region.pk]) + "?year=2025"


def _cell_url(county: CountyData) -> str:
    args = [county.region.pk, county.libraries[0].pk, county.focus_areas[0].pk]
    return reverse("dashboards:county_overview_cell", args=args) + "?year=2025"


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_it_reads_a_county_overview_in_constant_queries(client, db, persona):
    small, large = _small(), _large()
    _log_in(client, persona, small, large)
    small_count = _count(client, _county_url(small))
    large_count = _count(client, _county_url(large))
    assert small_count == large_count
    overview = client.get(_county_url(large)).context["overview"]
    assert len(overview.rows) == 4 and len(overview.focus_areas) == 6
    assert overview.total.count > 30


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_it_reads_a_county_overview_cell_in_constant_queries(client, db, persona):
    small, large = _small(), _large()
    _log_in(client, persona, small, large)
    small_count = _count(client, _cell_url(small))
    large_count = _count(client, _cell_url(large))
    assert small_count == large_count
    assert len(client.get(_cell_url(large)).context["contributing"]) > len(
        client.get(_cell_url(small)).context["contributing"]
    )


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_it_reads_the_national_overview_in_constant_queries(client, db, persona):
    small = _small()
    _log_in(client, persona, small)
    url = reverse("dashboards:national_overview") + "?year=2025"
    small_count = _count(client, url)
    _large("07")
    _large("06")
    _small("05")
    large_count = _count(client, url)
    assert small_count == large_count
    overview = client.get(url).context["overview"]
    assert len(overview.rows) == 4
    children = [value for value, _label in PriorityGroup.choices].index("children")
    assert overview.column_totals[children].count > 0
