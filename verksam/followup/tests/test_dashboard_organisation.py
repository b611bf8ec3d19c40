"""An organisation's dashboard: its readable plans with their latest round and statuses."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_plan


def _url(organisation) -> str:
    return reverse("dashboards:organisation_dashboard", args=[organisation.pk])


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def setting(personas):
    """Rounds of the published plan: one long past, one whose period has not begun."""
    plan = personas.published_plan
    focus_area = plan.items.get(depth=0)
    goal = plan.items.get(depth=1)
    second = make_item(plan, "Digital delaktighet")
    past = make_round(
        plan,
        "Helår 2025",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    make_round(
        plan,
        "Framtida",
        datetime.date(2999, 1, 1),
        datetime.date(2999, 4, 30),
        datetime.date(2999, 5, 15),
        rhythm=Rhythm.CUSTOM,
    )
    Assessment.objects.create(
        round=past, item=focus_area, status=GoalStatus.MET, state=AssessmentState.APPROVED
    )
    Assessment.objects.create(
        round=past, item=goal, status=GoalStatus.MET, state=AssessmentState.SUBMITTED
    )
    return plan, focus_area, goal, second, past


def _row(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[start : page.index("</tr>", start)]


def test_it_lists_only_published_plans_to_the_public(english, personas, setting):
    response = english.get(_url(personas.home))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Overview of Kalmar stadsbibliotek" in page
    assert personas.published_plan.title in page
    assert personas.draft_plan.title not in page
    assert personas.adopted_unpublished_plan.title not in page


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_lists_the_same_to_outsiders(client, personas, setting, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    page = client.get(_url(personas.home)).content.decode()
    assert personas.published_plan.title in page
    assert personas.draft_plan.title not in page


def test_it_lists_every_plan_to_members(client, personas, setting):
    client.force_login(personas.reader)
    page = client.get(_url(personas.home)).content.decode()
    for plan in (personas.draft_plan, personas.published_plan, personas.adopted_unpublished_plan):
        assert plan.title in page
        assert reverse("dashboards:plan_dashboard", args=[plan.pk]) in page
    assert personas.other_draft_plan.title not in page


def test_it_lists_the_plans_of_units_with_their_names(client, personas, setting):
    group_plan = make_plan(personas.work_group, title="Barn och ungas plan")
    client.force_login(personas.reader)
    page = client.get(_url(personas.home)).content.decode()
    row = _row(page, "Barn och ungas plan")
    assert "Barn och unga" in row
    # A unit's dashboard lists its own plans, not those above it.
    page = client.get(_url(personas.work_group)).content.decode()
    assert group_plan.title in page and personas.draft_plan.title not in page


def test_it_shows_the_latest_started_round_with_its_follow_up(client, personas, setting):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.reader)
    page = client.get(_url(personas.home)).content.decode()
    row = _row(page, personas.published_plan.title)
    assert "Helår 2025" in row and "Framtida" not in row
    assert "due 31 January 2026" in row
    assert '<td data-label="Rounds">2</td>' in row
    # Three items: one approved, one submitted, one missing.
    assert "1 approved" in row and "1 submitted" in row and "1 missing" in row
    # Top-level items: the focus area's own approved status; the second not assessed.
    assert 'status--met"><span aria-hidden="true">✓</span> met</span>: 1' in row
    assert 'status--not_assessed"><span aria-hidden="true">–</span> not assessed</span>: 1' in row


def test_it_hides_unapproved_counts_from_the_public(english, personas, setting):
    page = english.get(_url(personas.home)).content.decode()
    row = _row(page, personas.published_plan.title)
    assert "1 of 3 approved" in row
    assert "submitted" not in row


def test_it_says_when_a_plan_has_no_rounds(english, personas):
    client = english
    page = client.get(_url(personas.home)).content.decode()
    assert "no rounds yet" in _row(page, personas.published_plan.title)


def test_it_says_when_there_is_nothing_to_show(english, personas):
    page = english.get(_url(personas.other_region)).content.decode()
    assert "There are no plans here that you may read." in page


def test_it_answers_404_for_an_organisation_that_does_not_exist(client, db):
    assert (
        client.get(reverse("dashboards:organisation_dashboard", args=[999999])).status_code == 404
    )


def test_it_writes_no_inline_style(client, personas, setting):
    client.force_login(personas.admin)
    page = client.get(_url(personas.home)).content.decode()
    assert "style=" not in page
    assert 'aria-labelledby="plans-heading"' in page and 'id="plans-heading"' in page


def test_it_lists_published_archived_plans_but_no_drafts_of_others(english, personas):
    archived = make_plan(
        personas.home, title="Arkiverad plan", status=PlanStatus.ARCHIVED, is_published=True
    )
    page = english.get(_url(personas.home)).content.decode()
    assert archived.title in page  # published plans stay readable when archived
    assert personas.other_draft_plan.title not in english.get(_url(personas.other)).content.decode()
