"""The dashboards and plan pages run as many queries for a large plan as for a small one.

"Large" means more items, rounds, indicators, targets, measurements and
follow-ups, and on an organisation's dashboard also more plans.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import ItemIndicator, Target
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
)
from verksam.plans.choices import PlanStatus
from verksam.testing import make_organisation, make_plan, make_plan_tree

STATES = [
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.RETURNED,
    AssessmentState.APPROVED,
]
STATUSES = [GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _plan(personas, *, title, items, rounds, indicators, years, organisation=None):
    """A published plan of the library (or `organisation`) with its follow-up; 2000 is long past."""
    organisation = organisation or personas.home
    plan = make_plan(
        organisation, title=title, year=2000, status=PlanStatus.ADOPTED, is_published=True
    )
    all_items = make_plan_tree(plan, items)
    for item in all_items[:3]:
        item.responsible_people.add(personas.reporter)
    followup_rounds = []
    for index in range(rounds):
        start = datetime.date(2000, 1, 1) + datetime.timedelta(days=30 * index)
        followup_rounds.append(
            make_round(
                plan,
                f"Period {index + 1}",
                start,
                start + datetime.timedelta(days=29),
                # Half the rounds late, half due far ahead.
                datetime.date(2000, 12, 31) if index % 2 else datetime.date(2999, 1, 1),
                rhythm=Rhythm.CUSTOM,
            )
        )
    Assessment.objects.bulk_create(
        Assessment(
            round=followup_round,
            item=item,
            status=STATUSES[index % 3],
            state=STATES[index % 4],
            author=personas.reporter,
        )
        for r_index, followup_round in enumerate(followup_rounds)
        for index, item in enumerate(all_items)
        if (index + r_index) % 5
    )
    for index in range(indicators):
        indicator = make_indicator(f"{title} indikator {index}")
        use = make_item_indicator(all_items[index % len(all_items)], indicator, baseline=10)
        for year in range(2000 - years, 2001):
            Target.objects.create(
                item_indicator=use,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                value=Decimal(100 + year - 2000),
            )
            make_measurement(indicator, organisation, 90 + index, year=year)
    return plan, followup_rounds, all_items


@pytest.fixture
def plans(personas):
    small = _plan(personas, title="Liten", items=3, rounds=1, indicators=1, years=1)
    large = _plan(personas, title="Stor", items=120, rounds=6, indicators=5, years=6)
    return small, large


@pytest.mark.parametrize("persona", ["anonymous", "reader", "editor", "superuser"])
def test_it_reads_a_plan_dashboard_in_constant_queries(client, personas, plans, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    (small, *_s), (large, *_l) = plans
    url = "dashboards:plan_dashboard"
    small_count = _count(client, reverse(url, args=[small.pk]))
    large_count = _count(client, reverse(url, args=[large.pk]))
    assert small_count == large_count


@pytest.mark.parametrize("chart", ["status", "summary", "indicator"])
def test_it_draws_each_chart_in_constant_queries(client, personas, plans, chart):
    client.force_login(personas.reader)
    counts = []
    for plan, rounds, _items in plans:
        use = ItemIndicator.objects.filter(item__plan=plan).first()
        name = {
            "status": "status",
            "summary": f"summary-{rounds[-1].pk}",
            "indicator": f"indicator-{use.pk}",
        }[chart]
        counts.append(_count(client, reverse("dashboards:plan_chart", args=[plan.pk, name])))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("persona", ["reporter", "editor"])
def test_it_reads_my_followups_in_constant_queries(client, personas, persona):
    client.force_login(personas.user(persona))
    url = reverse("dashboards:my_followups")
    _plan(personas, title="Liten", items=3, rounds=2, indicators=0, years=0)
    small_count = _count(client, url)
    _plan(personas, title="Stor", items=120, rounds=6, indicators=0, years=0)
    _plan(personas, title="Större", items=60, rounds=4, indicators=0, years=0)
    large_count = _count(client, url)
    assert small_count == large_count
    page = client.get(url).content.decode()
    assert "Stor" in page and "Period 6" in page


@pytest.mark.parametrize("persona", ["anonymous", "reader"])
def test_it_reads_an_organisation_dashboard_in_constant_queries(client, personas, persona):
    """One plan with rounds on each side: the same number of queries, whatever it holds."""
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    small_library = make_organisation("Liten filial", parent=personas.municipality)
    large_library = make_organisation("Stor filial", parent=personas.municipality)
    _plan(
        personas,
        title="Liten",
        items=3,
        rounds=1,
        indicators=1,
        years=1,
        organisation=small_library,
    )
    _plan(
        personas,
        title="Stor",
        items=120,
        rounds=6,
        indicators=5,
        years=6,
        organisation=large_library,
    )
    url = "dashboards:organisation_dashboard"
    small_count = _count(client, reverse(url, args=[small_library.pk]))
    large_count = _count(client, reverse(url, args=[large_library.pk]))
    assert small_count == large_count


def test_it_reads_an_organisation_dashboard_in_constant_queries_as_plans_grow(client, personas):
    library = make_organisation("Filial", parent=personas.municipality)
    url = reverse("dashboards:organisation_dashboard", args=[library.pk])
    _plan(personas, title="Första", items=3, rounds=1, indicators=1, years=1, organisation=library)
    one = _count(client, url)
    _plan(personas, title="Andra", items=30, rounds=3, indicators=2, years=2, organisation=library)
    two = _count(client, url)
    _plan(personas, title="Tredje", items=60, rounds=4, indicators=3, years=3, organisation=library)
    three = _count(client, url)
    assert one == two == three


@pytest.mark.parametrize("persona", ["anonymous", "reader", "editor"])
@pytest.mark.parametrize("page", ["plan", "item", "round"])
def test_it_reads_plan_pages_with_their_roll_up_in_constant_queries(
    client, personas, plans, persona, page
):
    """The plan page, an item page and a round's page, each showing a round's roll-up."""
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    counts = []
    for plan, rounds, items in plans:
        chosen = rounds[-1]
        url = {
            "plan": f"{plan.get_absolute_url()}?omgang={chosen.pk}",
            "item": f"{items[0].get_absolute_url()}?omgang={chosen.pk}",
            "round": reverse("followup:round_detail", args=[plan.pk, chosen.pk]),
        }[page]
        counts.append(_count(client, url))
    assert counts[0] == counts[1]
