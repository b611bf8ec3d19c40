"""The plan–do–evaluate–improve cycle through the pages: a reporter reports, an editor approves,
and the roll-up on the plan page follows."""

import datetime

import pytest
from django.urls import reverse

from verksam.followup import services
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment
from verksam.organisations.choices import Role
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_member, make_plan


@pytest.fixture
def setting(personas):
    """An adopted plan of the home library with a goal whose work group reports on it."""
    plan = make_plan(
        personas.home,
        title="Verksamhetsplan 2026",
        status=PlanStatus.ADOPTED,
        level_names=["Fokusområde", "Mål"],
    )
    focus_area = make_item(plan, "Läsfrämjande")
    goal = make_item(
        plan, "Fler barn läser", parent=focus_area, responsible_organisation=personas.work_group
    )
    group_reporter = make_member(personas.work_group, Role.REPORTER, "gruppens-rapportor")
    rounds = services.rounds_create_from_rhythm(
        user=personas.editor, plan=plan, rhythm=Rhythm.TERTIAL, years=[2026]
    )
    # A round that is due in the future, so the report is not late.
    t1 = rounds[0]
    t1.due_date = datetime.date(2099, 5, 15)
    t1.save()
    return plan, focus_area, goal, group_reporter, t1


def _plan_page(client, plan, followup_round) -> str:
    response = client.get(f"{plan.get_absolute_url()}?omgang={followup_round.pk}")
    assert response.status_code == 200
    return response.content.decode()


def test_it_walks_report_submit_approve_and_the_rollup_follows(client, personas, setting):
    plan, focus_area, goal, reporter, t1 = setting
    url = reverse("followup:assessment_edit", args=[plan.pk, t1.pk, goal.pk])

    # The reporter of the responsible work group sees what is due and fills it in.
    client.force_login(reporter)
    due = client.get(reverse("dashboards:my_followups")).content.decode()
    assert goal.title in due and url in due
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "met",
            "forecast": "met",
            "progress": "100",
            "done": "Läsecirklar på alla filialer.",
            "results": "Utlånen till barn ökade.",
            "improvements": "Fortsätt i höst.",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(round=t1, item=goal)
    assert assessment.state == AssessmentState.DRAFT

    response = client.post(
        url,
        {
            "status": "met",
            "forecast": "met",
            "progress": "100",
            "done": "Läsecirklar på alla filialer.",
            "results": "Utlånen till barn ökade.",
            "improvements": "Fortsätt i höst.",
            "version": assessment.version,
            "action": "submit",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    assert not assessment.is_late

    # A submitted follow-up is locked for the reporter, and does not count yet.
    assert client.post(url, {"status": "not_met", "action": "save"}).status_code == 404
    client.force_login(personas.reader)
    page = _plan_page(client, plan, t1)
    assert f'data-item="{goal.pk}" data-status="not_assessed"' in page

    # The editor (the plan's leadership) approves it.
    client.force_login(personas.editor)
    review_url = reverse("followup:assessment_review", args=[plan.pk, t1.pk, goal.pk])
    response = client.post(review_url, {"action": "approve"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.APPROVED
    assert assessment.approved_by == personas.editor

    # Now the goal is met, and so is its focus area, derived from it.
    client.force_login(personas.reader)
    page = _plan_page(client, plan, t1)
    assert f'data-item="{goal.pk}" data-status="met"' in page
    assert f'data-item="{focus_area.pk}" data-status="met"' in page


def test_it_lets_the_editor_return_a_follow_up_with_a_comment(client, personas, setting):
    plan, focus_area, goal, reporter, t1 = setting
    services.assessment_save(
        user=reporter, followup_round=t1, item=goal, status="partly_met", submit=True
    )
    client.force_login(personas.editor)
    review_url = reverse("followup:assessment_review", args=[plan.pk, t1.pk, goal.pk])
    client.post(review_url, {"action": "return", "comment": ""})
    assert Assessment.objects.get(item=goal).state == AssessmentState.SUBMITTED
    client.post(review_url, {"action": "return", "comment": "Beskriv resultaten."})
    assessment = Assessment.objects.get(item=goal)
    assert assessment.state == AssessmentState.RETURNED
    assert assessment.reviewer_comment == "Beskriv resultaten."


def test_it_marks_a_report_after_the_due_date_late(personas, setting):
    plan, focus_area, goal, reporter, t1 = setting
    t1.due_date = datetime.date(2026, 5, 15)
    t1.save()
    assessment = services.assessment_save(
        user=reporter, followup_round=t1, item=goal, status="met", submit=True
    )
    assert assessment.is_late


def test_it_refuses_reports_in_a_closed_round_until_an_admin_reopens_it(client, personas, setting):
    plan, focus_area, goal, reporter, t1 = setting
    client.force_login(personas.editor)
    client.post(reverse("followup:round_close", args=[plan.pk, t1.pk]))
    t1.refresh_from_db()
    assert t1.is_closed
    client.force_login(reporter)
    url = reverse("followup:assessment_edit", args=[plan.pk, t1.pk, goal.pk])
    assert client.post(url, {"status": "met", "action": "save"}).status_code == 404
    client.force_login(personas.editor)
    assert client.post(reverse("followup:round_reopen", args=[plan.pk, t1.pk])).status_code == 404
    client.force_login(personas.admin)
    assert client.post(reverse("followup:round_reopen", args=[plan.pk, t1.pk])).status_code == 302
    t1.refresh_from_db()
    assert not t1.is_closed


def test_it_creates_rounds_from_a_rhythm_once(client, personas, setting):
    plan = setting[0]
    client.force_login(personas.editor)
    url = reverse("followup:round_list", args=[plan.pk])
    before = plan.rounds.count()
    response = client.post(url, {"action": "rhythm", "rhythm": "monthly", "days_to_due": "10"})
    assert response.status_code == 302
    assert plan.rounds.count() == before + 12 - 0
    client.post(url, {"action": "rhythm", "rhythm": "monthly", "days_to_due": "10"})
    assert plan.rounds.count() == before + 12


def test_it_answers_bad_round_input_with_messages_and_saves_nothing(client, personas, setting):
    plan = setting[0]
    client.force_login(personas.editor)
    url = reverse("followup:round_list", args=[plan.pk])
    before = plan.rounds.count()
    response = client.post(
        url,
        {
            "action": "custom",
            "name": "Inför nämnden",
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "due_date": "2026-07-15",
        },
    )
    assert response.status_code == 400
    assert "id_period_end_error" in response.content.decode()
    response = client.post(url, {"action": "rhythm", "rhythm": "tertial", "years": ["2031"]})
    assert response.status_code == 400
    assert plan.rounds.count() == before


def test_it_offers_the_activity_scale_where_the_plan_says_so(client, personas, setting):
    plan, focus_area, goal, reporter, t1 = setting
    plan.activity_from_level = 2
    plan.save()
    client.force_login(reporter)
    page = client.get(reverse("followup:assessment_edit", args=[plan.pk, t1.pk, goal.pk]))
    content = page.content.decode()
    assert 'value="ongoing"' in content and 'value="partly_met"' not in content
    response = client.post(
        reverse("followup:assessment_edit", args=[plan.pk, t1.pk, goal.pk]),
        {"status": "met", "action": "save"},
    )
    assert response.status_code == 400
    assert not Assessment.objects.filter(item=goal).exists()
