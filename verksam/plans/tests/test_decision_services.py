"""Sending a plan for decision: the lock, sending back with a comment, adoption, e-mails."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.organisations.choices import Role
from verksam.plans.choices import DecisionRequestState, PlanStatus
from verksam.plans.services import (
    item_create,
    plan_adopt,
    plan_return_from_decision,
    plan_send_for_decision,
    plan_update,
)
from verksam.plans.tests.builders import make_board
from verksam.testing import error_codes, make_member

DAY = datetime.date(2026, 2, 12)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def board(personas):
    return make_board(personas.municipality)


@pytest.fixture
def sent(personas, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan_send_for_decision(
            user=personas.editor, plan=personas.draft_plan, board=board, message="Till maj."
        )


def test_it_locks_the_plan_sent_for_decision(personas, sent):
    plan = personas.draft_plan
    plan.refresh_from_db()
    assert plan.awaiting_decision and plan.status == PlanStatus.DRAFT
    assert not plan.is_editable
    with pytest.raises(ValidationError) as caught:
        plan_update(user=personas.editor, plan=plan, title="Ändrad titel")
    assert error_codes(caught.value) == {"locked"}
    assert "sent for decision" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        item_create(user=personas.editor, plan=plan, title="Ny punkt")


def test_it_names_the_board_on_the_sending(personas, board, sent):
    assert (sent.board, sent.body, sent.state) == (board, "Kulturnämnden", "pending")
    assert sent.sent_by == personas.editor


def test_it_refuses_a_sending_without_a_board_or_body(personas):
    with pytest.raises(ValidationError) as caught:
        plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="  ")
    assert "board" in caught.value.message_dict
    personas.draft_plan.refresh_from_db()
    assert not personas.draft_plan.awaiting_decision


def test_it_refuses_to_send_a_plan_twice(personas, sent):
    with pytest.raises(ValidationError) as caught:
        plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, body="Nämnden")
    assert error_codes(caught.value) == {"locked"}


def test_it_mails_the_administrators_when_sent(personas, sent, mailoutbox):
    assert [message.to for message in mailoutbox] == [[personas.admin.email]]
    assert "Kulturnämnden" in mailoutbox[0].subject
    assert "Till maj." in mailoutbox[0].body


def test_it_mails_the_administrators_of_the_organisations_above(
    personas, board, mailoutbox, django_capture_on_commit_callbacks
):
    above = make_member(personas.municipality, Role.ADMIN, "kommunadmin")
    with django_capture_on_commit_callbacks(execute=True):
        plan_send_for_decision(user=personas.editor, plan=personas.draft_plan, board=board)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [personas.admin.email, above.email]
    )


def test_it_sends_back_with_a_comment_and_unlocks(
    personas, sent, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        returned = plan_return_from_decision(
            user=personas.admin, plan=personas.draft_plan, comment="Mål 2 saknar mått."
        )
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.is_editable
    assert returned.state == DecisionRequestState.RETURNED
    assert (returned.answered_by, returned.return_comment) == (personas.admin, "Mål 2 saknar mått.")
    assert [message.to for message in mailoutbox] == [[personas.editor.email]]
    assert "Mål 2 saknar mått." in mailoutbox[0].body
    plan_update(user=personas.editor, plan=personas.draft_plan, title="Verksamhetsplan 2026 v2")


def test_it_refuses_to_send_back_without_a_comment(personas, sent):
    with pytest.raises(ValidationError) as caught:
        plan_return_from_decision(user=personas.admin, plan=personas.draft_plan, comment=" ")
    assert "comment" in caught.value.message_dict
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.awaiting_decision


def test_it_refuses_to_send_back_a_plan_not_sent(personas):
    with pytest.raises(ValidationError) as caught:
        plan_return_from_decision(user=personas.admin, plan=personas.draft_plan, comment="Nej.")
    assert error_codes(caught.value) == {"not_awaiting_decision"}


def test_it_adopts_a_plan_sent_for_decision_and_tells_the_editor(
    personas, board, sent, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = plan_adopt(
            user=personas.admin,
            plan=personas.draft_plan,
            board=board,
            decided_on=DAY,
            case_number="KN 2026/12",
        )
    personas.draft_plan.refresh_from_db()
    sent.refresh_from_db()
    assert personas.draft_plan.status == PlanStatus.ADOPTED
    assert not personas.draft_plan.awaiting_decision
    assert (sent.state, sent.decision) == (DecisionRequestState.ADOPTED, decision)
    assert [message.to for message in mailoutbox] == [[personas.editor.email]]
    assert "KN" not in mailoutbox[0].subject and "Adopted" in mailoutbox[0].subject


def test_it_refuses_a_decision_date_after_today(personas, sent):
    with pytest.raises(ValidationError) as caught:
        plan_adopt(
            user=personas.admin,
            plan=personas.draft_plan,
            body="Kulturnämnden",
            decided_on=datetime.date(2026, 3, 2),
            today=datetime.date(2026, 3, 1),
        )
    assert error_codes(caught.value) == {"future"}
    assert "decided_on" in caught.value.message_dict
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.status == PlanStatus.DRAFT


def test_it_takes_a_decision_dated_today(personas, sent):
    today = datetime.date(2026, 3, 1)
    decision = plan_adopt(
        user=personas.admin, plan=personas.draft_plan, body="Nämnden", decided_on=today, today=today
    )
    assert decision.decided_on == today


def test_it_records_each_step_in_the_change_log(personas, sent):
    plan_return_from_decision(user=personas.admin, plan=personas.draft_plan, comment="Ändra.")
    records = ChangeRecord.objects.filter(
        plan_id=personas.draft_plan.pk, object_type="plans.decisionrequest"
    ).order_by("pk")
    assert [(record.action, record.after["state"]) for record in records] == [
        ("create", "pending"),
        ("update", "returned"),
    ]
