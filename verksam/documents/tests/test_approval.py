"""A board's approval of a report: recorded once, after which the report is never made
again nor deleted."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import translation

from verksam.documents import services
from verksam.documents.models import DocumentApproval, DocumentState, GeneratedDocument
from verksam.documents.tests.builders import make_document
from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import OrganisationKind
from verksam.plans.tests.builders import make_board
from verksam.testing import error_codes, make_organisation

DAY = datetime.date(2026, 9, 24)
CONTENT = "<!doctype html><title>Återrapportering</title>".encode()
#: A finished report back to the board, as an HTML file.
BOARD_REPORT = {
    "file_format": "html",
    "content": CONTENT,
    "progress": 100,
    "file_name": "Aterrapportering.html",
}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def board(personas):
    return make_board(personas.municipality)


@pytest.fixture
def report(personas):
    plan = personas.published_plan
    return make_document(
        plan, kind="board", followup_round=make_round(plan, is_year_end=True), **BOARD_REPORT
    )


def _approve(personas, document, board, **kwargs):
    return services.document_approve(
        user=personas.admin,
        document=document,
        board=board,
        decided_on=DAY,
        case_number="KN 2026/0101",
        **kwargs,
    )


def test_it_records_the_board_date_and_case_number(personas, report, board):
    approval = _approve(personas, report, board)
    assert (approval.board, approval.body) == (board, "Kulturnämnden")
    assert (approval.decided_on, approval.case_number) == (DAY, "KN 2026/0101")
    assert approval.created_by == personas.admin


@pytest.mark.parametrize(
    "kind, state, code",
    [("plan", DocumentState.DONE, "not_report"), ("board", DocumentState.FAILED, "not_finished")],
)
def test_it_approves_finished_reports_only(personas, board, kind, state, code):
    plan = personas.published_plan
    followup_round = make_round(plan, is_year_end=True) if kind != "plan" else None
    document = make_document(
        plan, kind=kind, state=state, followup_round=followup_round, **BOARD_REPORT
    )
    with pytest.raises(ValidationError) as caught:
        _approve(personas, document, board)
    assert error_codes(caught.value) == {code}


def test_it_refuses_a_board_outside_the_plans_tree(personas, report):
    elsewhere = make_organisation("Annan nämnd", OrganisationKind.BOARD)
    with pytest.raises(ValidationError) as caught:
        _approve(personas, report, elsewhere)
    assert error_codes(caught.value) == {"not_a_board"}


def test_it_approves_once(personas, report, board):
    _approve(personas, report, board)
    with pytest.raises(ValidationError) as caught:
        _approve(personas, report, board)
    assert error_codes(caught.value) == {"approved"}
    assert DocumentApproval.objects.count() == 1


def test_an_approved_report_cannot_be_made_again(personas, report, board):
    _approve(personas, report, board)
    with pytest.raises(ValidationError, match="cannot be made again or deleted"):
        services.document_regenerate(user=personas.editor, document=report)
    # Even a queued state set behind the services' back does not make it again.
    GeneratedDocument.objects.filter(pk=report.pk).update(state=DocumentState.QUEUED)
    services.document_generate(document_id=report.pk)
    report.refresh_from_db()
    assert bytes(report.content) == CONTENT
    assert report.state == DocumentState.QUEUED


def test_an_approved_report_cannot_be_deleted(personas, report, board):
    _approve(personas, report, board)
    with pytest.raises(ValidationError, match="cannot be made again or deleted"):
        services.document_delete(user=personas.editor, document=report)
    with pytest.raises(ProtectedError):  # nor behind the services' back
        report.delete()
    assert GeneratedDocument.objects.filter(pk=report.pk).exists()


def test_a_report_not_approved_can_be_deleted(personas, report):
    services.document_delete(user=personas.editor, document=report)
    assert not GeneratedDocument.objects.filter(pk=report.pk).exists()


def test_the_admin_changes_and_deletes_no_approved_report(client, personas, report, board):
    _approve(personas, report, board)
    client.force_login(personas.superuser)
    approval = report.approval
    assert client.post(f"/admin/documents/generateddocument/{report.pk}/delete/").status_code == 403
    url = f"/admin/documents/documentapproval/{approval.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert DocumentApproval.objects.filter(pk=approval.pk).exists()


# The page --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_approving_through_the_form(admin_client, report, board):
    detail = admin_client.get(reverse("documents:document_detail", args=[report.pk]))
    url = reverse("documents:document_approve", args=[report.pk])
    assert url in detail.content.decode()
    response = admin_client.post(
        url, {"board": board.pk, "decided_on": "2026-09-24", "case_number": "KN 2026/0101"}
    )
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "Approved:" in page and "KN 2026/0101" in page
    assert url not in page


def test_the_form_refuses_a_second_approval_with_the_message(admin_client, personas, report, board):
    _approve(personas, report, board)
    response = admin_client.post(
        reverse("documents:document_approve", args=[report.pk]),
        {"board": board.pk, "decided_on": "2026-09-25"},
    )
    assert response.status_code == 200
    assert "cannot be made again or deleted" in response.content.decode()
    assert DocumentApproval.objects.get().decided_on == DAY


def test_only_the_plans_administrators_record_approvals(client, personas, report):
    client.force_login(personas.editor)
    url = reverse("documents:document_approve", args=[report.pk])
    assert client.get(url).status_code == 404
