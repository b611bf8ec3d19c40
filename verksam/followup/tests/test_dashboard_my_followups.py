"""My follow-ups: what a person is expected to report on, grouped, and what awaits their approval.

Dates are far in the past or the future, so the tests do not depend on today.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.dashboards.selectors import my_followups
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import Role
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_member, make_plan

URL = "/oversikt/mina/"
LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 12, 31)
#: The first 90 days of 2000: a period long over.
FIRST_QUARTER = (LONG_AGO, datetime.date(2000, 3, 31))


def assessment(followup_round, item, state, **fields):
    fields.setdefault("status", GoalStatus.PARTLY_MET)
    return Assessment.objects.create(round=followup_round, item=item, state=state, **fields)


@pytest.fixture
def setting(personas):
    """An adopted plan of the library with two open rounds, one due and one late."""
    plan = make_plan(personas.home, title="Verksamhetsplan 2000", status=PlanStatus.ADOPTED)
    reading = make_item(plan, "Läsfrämjande")
    digital = make_item(plan, "Digital delaktighet")
    due = make_round(plan, "Period 1", *FIRST_QUARTER, FAR_AHEAD, rhythm=Rhythm.CUSTOM)
    late = make_round(
        plan,
        "Period 2",
        datetime.date(2000, 5, 1),
        datetime.date(2000, 7, 30),
        datetime.date(2000, 9, 15),
        rhythm=Rhythm.CUSTOM,
    )
    # Neither a closed round nor one whose period has not begun asks for anything.
    make_round(
        plan,
        "Stängd",
        datetime.date(2001, 1, 1),
        datetime.date(2001, 4, 1),
        FAR_AHEAD,
        closed=True,
        rhythm=Rhythm.CUSTOM,
    )
    make_round(
        plan,
        "Framtida",
        datetime.date(2999, 1, 1),
        datetime.date(2999, 4, 1),
        FAR_AHEAD,
        rhythm=Rhythm.CUSTOM,
    )
    assessment(
        due, digital, AssessmentState.RETURNED, reviewer_comment="Beskriv resultaten tydligare."
    )
    assessment(late, reading, AssessmentState.DRAFT)
    assessment(late, digital, AssessmentState.SUBMITTED, author=personas.reporter)
    return plan, reading, digital, due, late


def _pairs(tasks):
    return [(task.round.name, task.item.title) for task in tasks]


def test_it_groups_the_reporters_follow_ups(personas, setting):
    result = my_followups(personas.reporter, today=timezone.localdate())
    assert _pairs(result.due) == [("Period 1", "Läsfrämjande")]
    assert _pairs(result.late) == [("Period 2", "Läsfrämjande")]
    assert all(task.is_late for task in result.late)
    assert _pairs(result.returned) == [("Period 1", "Digital delaktighet")]
    assert result.returned[0].assessment.reviewer_comment == "Beskriv resultaten tydligare."
    assert _pairs(result.submitted) == [("Period 2", "Digital delaktighet")]
    assert result.to_approve == [] and not result.is_reviewer


def test_it_counts_approved_follow_ups_apart(personas, setting):
    plan, reading, digital, due, late = setting
    assessment(due, reading, AssessmentState.APPROVED)
    result = my_followups(personas.reporter, today=timezone.localdate())
    assert result.due == []
    assert result.approved_count == 1


def test_it_lists_what_awaits_an_editors_approval(personas, setting):
    result = my_followups(personas.editor, today=timezone.localdate())
    assert result.is_reviewer
    assert _pairs(result.to_approve) == [("Period 2", "Digital delaktighet")]
    # An editor reports too: the same groups as the reporter.
    assert _pairs(result.due) == [("Period 1", "Läsfrämjande")]


def test_it_gives_readers_and_outsiders_nothing(personas, setting):
    for persona in ("reader", "outsider"):
        result = my_followups(personas.user(persona), today=timezone.localdate())
        assert result.is_empty, persona


def test_it_lists_items_a_person_is_responsible_for(personas, setting):
    plan, reading, digital, due, late = setting
    reading.responsible_people.add(personas.reader)
    # Responsibility for an item of a plan the person may not read gives nothing.
    hidden = make_item(personas.other_draft_plan, "Regional samverkan")
    hidden.responsible_people.add(personas.reader)
    make_round(
        personas.other_draft_plan,
        "Regional period",
        *FIRST_QUARTER,
        FAR_AHEAD,
        rhythm=Rhythm.CUSTOM,
    )
    result = my_followups(personas.reader, today=timezone.localdate())
    assert _pairs(result.due) == [("Period 1", "Läsfrämjande")]
    assert _pairs(result.late) == [("Period 2", "Läsfrämjande")]
    assert result.returned == [] and result.submitted == []


def test_it_lists_items_of_the_groups_a_person_reports_for(personas, setting):
    plan, reading, digital, due, late = setting
    reading.responsible_organisation = personas.work_group
    reading.save()
    group_reporter = make_member(personas.work_group, Role.REPORTER)
    group_reader = make_member(personas.work_group, Role.READER)
    result = my_followups(group_reporter, today=timezone.localdate())
    assert _pairs(result.due + result.late) == [
        ("Period 1", "Läsfrämjande"),
        ("Period 2", "Läsfrämjande"),
    ]
    assert my_followups(group_reader, today=timezone.localdate()).is_empty


def test_it_reports_on_plans_of_units_below(personas, setting):
    group_plan = make_plan(personas.work_group, title="Gruppens plan", status=PlanStatus.ADOPTED)
    make_item(group_plan, "Sagostunder")
    make_round(group_plan, "Gruppens period", *FIRST_QUARTER, FAR_AHEAD, rhythm=Rhythm.CUSTOM)
    result = my_followups(personas.reporter, today=timezone.localdate())
    assert ("Gruppens period", "Sagostunder") in _pairs(result.due)


def test_it_matches_can_report_on_for_every_item(personas, setting):
    from verksam.followup.permissions import can_report_on
    from verksam.plans.permissions import can_read_plan

    plan, reading, digital, due, late = setting
    reading.responsible_organisation = personas.work_group
    reading.save()
    digital.responsible_people.add(personas.outsider)
    users = [
        personas.reporter,
        personas.reader,
        personas.outsider,
        make_member(personas.work_group, Role.REPORTER),
        make_member(personas.municipality, Role.EDITOR),
    ]
    for user in users:
        result = my_followups(user, today=timezone.localdate())
        listed = {
            task.item.pk
            for task in result.due + result.late + result.returned + result.submitted
            if task.round == due
        }
        # …of plans the person may read: the others' pages would answer 404.
        expected = {
            item.pk
            for item in (reading, digital)
            if can_report_on(user, item) and can_read_plan(user, plan)
        }
        assert listed == expected, user.username


# --- The page ---


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_groups_in_words(client, personas, setting):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.editor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for heading in (
        "Late",
        "Returned for changes",
        "To do",
        "Submitted, awaiting approval",
        "Awaiting your approval",
    ):
        assert f">{heading}</h2>" in page
    late = _section(page, "late-heading")
    assert "Läsfrämjande" in late and '<span class="late">late</span>' in late
    returned = _section(page, "returned-heading")
    assert "Digital delaktighet" in returned and "Beskriv resultaten tydligare." in returned
    assert "Läsfrämjande" in _section(page, "due-heading")
    assert "Digital delaktighet" in _section(page, "submitted-heading")
    approve = _section(page, "approve-heading")
    assert "Digital delaktighet" in approve and personas.reporter.username in approve
    assert "style=" not in page


def test_it_says_when_there_is_nothing_to_do(client, personas):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.reader)
    page = client.get(URL).content.decode()
    assert "You have nothing to follow up right now." in page
    assert "Awaiting your approval" not in page


def test_it_links_each_row_to_the_assessment_page(client, personas, setting):
    plan, reading, digital, due, late = setting
    try:
        url = reverse("followup:assessment_edit", args=[plan.pk, due.pk, reading.pk])
    except NoReverseMatch:
        pytest.skip("The assessment page (followup:assessment_edit) is not in the URLconf yet.")
    client.force_login(personas.reporter)
    page = client.get(URL).content.decode()
    assert f'href="{url}"' in page
    assert (
        f'href="{reverse("followup:assessment_edit", args=[plan.pk, late.pk, digital.pk])}"' in page
    )


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_it_puts_every_table_under_its_heading(client, personas, setting):
    client.force_login(personas.editor)
    page = client.get(URL).content.decode()
    for labelled in re.findall(r'<table class="table task-table" aria-labelledby="([^"]+)">', page):
        assert f'id="{labelled}"' in page
    assert page.count('<th scope="row">') == 5  # due, late, returned, submitted, to approve
