"""The pages of sending a plan for decision: the status box, the forms, who may use them."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from verksam.core.form_tokens import FIELD_NAME
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Decision, DecisionRequest
from verksam.plans.services import plan_return_from_decision, plan_send_for_decision
from verksam.plans.tests.builders import make_board


@pytest.fixture
def board(personas):
    return make_board(personas.municipality)


@pytest.fixture(autouse=True)
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(client, plan) -> str:
    return client.get(plan.get_absolute_url()).content.decode()


def test_it_offers_the_editor_to_send_a_draft_for_decision(client, personas):
    client.force_login(personas.editor)
    page = _page(client, personas.draft_plan)
    assert reverse("plans:plan_send_for_decision", args=[personas.draft_plan.pk]) in page
    assert "an editor sends it for decision" in page


def test_it_sends_the_plan_once_and_mails_once_when_the_form_is_sent_twice(
    client, personas, board, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas.editor)
    url = reverse("plans:plan_send_for_decision", args=[personas.draft_plan.pk])
    data = {"board": board.pk, FIELD_NAME: "8f0b7a52-1d59-4c8e-9f4e-2f3c1b8b7a10"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert DecisionRequest.objects.filter(plan=personas.draft_plan).count() == 1
    assert len(mailoutbox) == 1


def test_it_shows_everyone_who_sees_the_plan_who_acts_next(client, personas, board):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, board=board)
    for persona in ("reader", "editor", "admin"):
        client.force_login(personas.user(persona))
        page = _page(client, personas.draft_plan)
        assert "Sent for decision by Kulturnämnden" in page
        assert "an administrator (admin) records the decision" in page
        assert 'aria-current="step"' in page
    client.force_login(personas.editor)
    page = _page(client, personas.draft_plan)
    assert reverse("plans:item_create", args=[personas.draft_plan.pk]) not in page
    assert reverse("plans:plan_return_from_decision", args=[personas.draft_plan.pk]) not in page
    client.force_login(personas.admin)
    page = _page(client, personas.draft_plan)
    assert reverse("plans:plan_return_from_decision", args=[personas.draft_plan.pk]) in page
    assert reverse("plans:plan_adopt", args=[personas.draft_plan.pk]) in page


def test_it_sends_the_editor_back_from_a_locked_plans_edit_pages(client, personas, board):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    client.force_login(personas.editor)
    for name in ("plans:plan_edit", "plans:plan_send_for_decision"):
        response = client.get(reverse(name, args=[personas.draft_plan.pk]), follow=True)
        assert response.redirect_chain[-1][0] == personas.draft_plan.get_absolute_url()
        assert b"has been sent for decision" in response.content


def test_it_shows_the_comment_of_a_plan_sent_back(client, personas, board):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    plan_return_from_decision(user=personas.admin, plan=personas.draft_plan, comment="Mått saknas.")
    client.force_login(personas.editor)
    page = _page(client, personas.draft_plan)
    assert "Mått saknas." in page
    assert reverse("plans:plan_send_for_decision", args=[personas.draft_plan.pk]) in page


def test_it_returns_a_plan_with_the_administrators_comment(client, personas, board):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    client.force_login(personas.admin)
    url = reverse("plans:plan_return_from_decision", args=[personas.draft_plan.pk])
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 200
    assert "Say what should be changed" in refused.content.decode()
    response = client.post(url, {"comment": "Mått saknas."})
    assert response.status_code == 302
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.is_editable


def test_it_lets_the_administrator_adopt_a_plan_sent_for_decision(client, personas, board):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, board=board)
    client.force_login(personas.admin)
    url = reverse("plans:plan_adopt", args=[personas.draft_plan.pk])
    form = client.get(url).content.decode()
    assert f'<option value="{board.pk}" selected>' in form  # the board it was sent to
    response = client.post(
        url, {"board": board.pk, "decided_on": "2026-02-10", "case_number": "KN 2026/12"}
    )
    assert response.status_code == 302
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.status == PlanStatus.ADOPTED


def test_it_refuses_a_future_decision_date_naming_the_field(client, personas, board):
    client.force_login(personas.admin)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("plans:plan_adopt", args=[personas.draft_plan.pk]),
        {"board": board.pk, "decided_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert "The date of decision cannot be after today" in response.content.decode()
    assert response.context["form"].errors["decided_on"]
    assert not Decision.objects.filter(plan=personas.draft_plan).exists()


def test_it_hides_the_pages_from_those_who_may_not_use_them(client, personas, board):
    client.force_login(personas.reporter)
    url = reverse("plans:plan_send_for_decision", args=[personas.draft_plan.pk])
    assert client.get(url).status_code == 404
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    client.force_login(personas.editor)
    url = reverse("plans:plan_return_from_decision", args=[personas.draft_plan.pk])
    assert client.post(url, {"comment": "Nej."}).status_code == 404
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.awaiting_decision


def test_it_shows_the_state_in_the_api(client, personas):
    plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    client.force_login(personas.reader)
    data = client.get(f"/api/v1/plans/{personas.draft_plan.pk}").json()
    assert data["awaiting_decision"] is True
    assert data["status"] == "draft"
