"""The start page: what is late, due and waiting for approval, the plans at a glance, and
the visitor's published plans by county. Follow-up dates lie far in the past or future,
so the tests do not depend on today."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.home import status_parts
from verksam.organisations.choices import OrganisationKind, Role
from verksam.plans.choices import PlanStatus
from verksam.plans.services import plan_send_for_decision
from verksam.testing import (
    make_item,
    make_member,
    make_organisation,
    make_plan,
    make_plan_tree,
)

LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 12, 31)
#: The first 90 days of 2000: a period long over.
FIRST_QUARTER = (LONG_AGO, datetime.date(2000, 3, 31))


@pytest.fixture
def year_plan(personas):
    """This year's adopted plan of the library: two rounds, one due later and one late."""
    year = timezone.localdate().year
    plan = make_plan(
        personas.home, title=f"Verksamhetsplan {year}", year=year, status=PlanStatus.ADOPTED
    )
    reading = make_item(plan, "Läsfrämjande")
    digital = make_item(plan, "Digital delaktighet")
    make_item(plan, "Mötesplats")
    due = make_round(
        plan,
        "Period 2",
        datetime.date(2000, 6, 1),
        datetime.date(2000, 8, 30),
        FAR_AHEAD,
        rhythm=Rhythm.CUSTOM,
    )
    late = make_round(
        plan, "Period 1", *FIRST_QUARTER, datetime.date(2000, 9, 15), rhythm=Rhythm.CUSTOM
    )
    Assessment.objects.create(
        round=late, item=reading, state=AssessmentState.APPROVED, status=GoalStatus.MET
    )
    Assessment.objects.create(
        round=late,
        item=digital,
        state=AssessmentState.SUBMITTED,
        status=GoalStatus.NOT_MET,
        author=personas.reporter,
    )
    return plan, due, late


def _page(client, user) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def _count(page: str, label: str) -> int:
    found = re.search(r'start-summary__count">(\d+)</span> ' + re.escape(label), page)
    assert found, label
    return int(found.group(1))


def test_it_counts_what_is_late_and_due_for_a_reporter(client, personas, year_plan):
    page = _page(client, personas.reporter)
    # Period 1 is late for the one item nobody has reported; Period 2 is due for all three.
    assert _count(page, "late") == 1
    assert _count(page, "to report") == 3
    assert "awaiting your approval" not in page  # a reporter approves nothing


def test_it_lists_the_next_deadlines_earliest_first(client, personas, year_plan):
    page = _page(client, personas.reporter)
    deadlines = page[page.index('id="deadlines-heading"') :]
    assert deadlines.index("Period 1") < deadlines.index("Period 2")
    assert "1 item to report" in deadlines and "3 items to report" in deadlines


def test_it_counts_follow_ups_to_review_for_an_editor(client, personas, year_plan):
    page = _page(client, personas.editor)
    assert _count(page, "awaiting your approval") == 1
    assert "1 follow-up to review" in page


def test_it_counts_plans_sent_for_decision_for_an_administrator(client, personas, year_plan):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    page = _page(client, personas.admin)
    assert _count(page, "awaiting your approval") == 2  # the follow-up and the plan
    approval = page[page.index('id="approval-heading"') :]
    assert personas.draft_plan.title in approval
    editor_page = _page(client, personas.editor)
    assert _count(editor_page, "awaiting your approval") == 1  # editors do not decide


def test_it_shows_each_current_plan_with_its_status_counts(client, personas, year_plan):
    plan, _due, _late = year_plan
    page = _page(client, personas.reader)
    glance = page[page.index('id="my-plans"') :]
    assert plan.title in glance
    assert personas.published_plan.title not in glance  # 2025's plan is over
    # The latest begun round is Period 2, where nothing is reported yet.
    assert "not assessed</span>: 3" in glance
    assert "met</span>: 0" not in glance  # a status no item has is left out
    assert 'class="status-bar"' in glance


def test_it_draws_the_status_bar_in_proportion():
    parts = status_parts([("met", 1), ("partly_met", 0), ("not_met", 3), ("not_assessed", 0)])
    assert [(p.status, p.count, p.start, p.length) for p in parts] == [
        ("met", 1, 0.0, 25.0),
        ("partly_met", 0, 25.0, 0.0),
        ("not_met", 3, 25.0, 75.0),
        ("not_assessed", 0, 100.0, 0.0),
    ]


def test_it_offers_an_editor_next_years_plan(client, personas, year_plan):
    plan, _due, _late = year_plan
    preview = reverse("followup:plan_rollover", args=[plan.pk])
    assert f'href="{preview}"' in _page(client, personas.editor)
    assert preview not in _page(client, personas.reader)


def test_it_orders_a_visitors_plans_by_county_organisation_and_year(client, db):
    uppsala = make_organisation("Region Uppsala", OrganisationKind.REGION, county_code="03")
    kalmar = make_organisation("Region Kalmar län", OrganisationKind.REGION, county_code="08")
    alvesta = make_organisation(
        "Alvesta kommun", OrganisationKind.MUNICIPALITY, municipality_code="0764"
    )
    year = timezone.localdate().year
    for organisation, title, plan_year in [
        (kalmar, "Kalmar nästa", year + 1),
        (alvesta, "Alvesta i år", year),
        (kalmar, "Kalmar i år", year),
        (uppsala, "Uppsala i år", year),
        (uppsala, "Uppsala förr", year - 3),  # over: not on the start page
    ]:
        make_plan(
            organisation,
            title=title,
            year=plan_year,
            status=PlanStatus.ADOPTED,
            is_published=True,
        )
    make_plan(uppsala, title="Uppsala utkast", year=year)  # a draft: never shown
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    titles = re.findall(r">((?:Kalmar|Alvesta|Uppsala)[^<]*?)</a></th>", page)
    # Uppsala (03), Kronoberg (07), Kalmar (08): counties in their official order.
    assert titles == ["Uppsala i år", "Alvesta i år", "Kalmar i år", "Kalmar nästa"]
    assert page.index("Uppsala län") < page.index("Kronobergs län") < page.index("Kalmar län")


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def _grow(personas, count: int) -> None:
    """`count` more current plans of the library, each with items, a round and assessments."""
    year = timezone.localdate().year
    for index in range(count):
        plan = make_plan(personas.home, title=f"Plan {index}", year=year, status=PlanStatus.ADOPTED)
        items = make_plan_tree(plan, 12)
        followup_round = make_round(
            plan,
            f"Omgång {index}",
            *FIRST_QUARTER,
            datetime.date(2000, 9, 15),
            rhythm=Rhythm.CUSTOM,
        )
        Assessment.objects.bulk_create(
            Assessment(
                round=followup_round,
                item=item,
                state=AssessmentState.SUBMITTED,
                status=GoalStatus.MET,
            )
            for item in items[:4]
        )
        plan_send_for_decision(
            user=personas.editor,
            plan=make_plan(personas.work_group, title=f"Utkast {index}", year=year + 1),
            body="Nämnden",
        )


@pytest.mark.parametrize("persona", ["reporter", "editor", "admin"])
def test_it_runs_as_many_queries_for_much_data_as_for_little(client, personas, persona):
    make_member(personas.other, Role.REPORTER, "tva-organisationer")
    _grow(personas, 1)
    user = personas.user(persona)
    small = _queries(client, user)
    _grow(personas, 6)
    assert _queries(client, user) == small


def test_it_runs_as_many_queries_for_a_visitor_with_many_plans(client, personas):
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    year = timezone.localdate().year
    for index in range(20):
        make_plan(
            personas.other,
            title=f"Regionplan {index}",
            year=year,
            status=PlanStatus.ADOPTED,
            is_published=True,
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
