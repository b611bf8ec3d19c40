"""The document pages: ask for a document → follow its progress → download it, and who may."""

import datetime
import io
import re

import docx
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from verksam.documents.models import DocumentState, GeneratedDocument
from verksam.documents.tests.builders import make_document
from verksam.documents.views import STOP_POLLING
from verksam.followup.choices import Rhythm
from verksam.followup.tests.builders import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(personas):
    plan = personas.draft_plan
    return [
        make_round(
            plan,
            "T1 2026",
            period_end=datetime.date(2026, 4, 30),
            due_days=20,
            rhythm=Rhythm.TERTIAL,
        ),
        make_round(plan, "Helår 2026", due_days=20, rhythm=Rhythm.TERTIAL, is_year_end=True),
    ]


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def create_url(plan) -> str:
    return reverse("documents:document_create", kwargs={"plan_pk": plan.pk})


def assert_clean_markup(page: str) -> None:
    """The strict Content Security Policy allows no inline script or style."""
    assert "style=" not in page
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_it_walks_from_request_to_download(
    client, personas, rounds, django_capture_on_commit_callbacks
):
    login(client, personas.reader)
    plan = personas.draft_plan

    form_page = client.get(create_url(plan))
    assert form_page.status_code == 200
    page = form_page.content.decode()
    assert_clean_markup(page)
    assert "T1 2026" in page and "Helår 2026" in page
    assert 'value="interim"' in page and 'value="docx"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(plan),
            {"kind": "annual", "file_format": "docx", "followup_round": rounds[1].pk},
        )
    document = GeneratedDocument.objects.get()
    detail_url = reverse("documents:document_detail", kwargs={"pk": document.pk})
    assert response.status_code == 302
    assert response["Location"] == detail_url
    assert document.created_by == personas.reader
    assert document.followup_round == rounds[1]
    assert document.language == "en"

    detail = client.get(detail_url)
    page = detail.content.decode()
    assert_clean_markup(page)
    assert document.state == DocumentState.DONE, document.error
    assert 'role="status"' in page
    assert '<progress id="document-progress-bar" max="100" value="100">' in page
    assert "100 % done" in page
    assert "hx-trigger" not in page  # finished: nothing to poll
    download_url = reverse("documents:document_download", kwargs={"pk": document.pk})
    assert download_url in page

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert document.file_name in download["Content-Disposition"]
    assert docx.Document(io.BytesIO(download.content)).paragraphs


def test_it_drops_a_round_left_selected_for_the_operational_plan(
    client, personas, rounds, django_capture_on_commit_callbacks
):
    login(client, personas.editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(personas.draft_plan),
            {"kind": "plan", "file_format": "pdf", "followup_round": rounds[0].pk},
        )

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert document.followup_round is None
    assert document.state == DocumentState.DONE, document.error
    assert len(PdfReader(io.BytesIO(bytes(document.content))).pages) >= 1


def test_it_names_the_round_when_a_report_has_none(client, personas, rounds):
    login(client, personas.editor)

    response = client.post(
        create_url(personas.draft_plan), {"kind": "interim", "file_format": "docx"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_followup_round"' in page
    assert "Follow-up round: Choose the follow-up round" in page
    assert not GeneratedDocument.objects.exists()


def test_it_offers_only_the_plans_own_rounds(client, personas, rounds):
    other_round = make_round(
        personas.published_plan,
        "T1 2025",
        period_end=datetime.date(2025, 4, 30),
        due_days=20,
        rhythm=Rhythm.TERTIAL,
    )
    login(client, personas.editor)

    page = client.get(create_url(personas.draft_plan)).content.decode()
    assert "T1 2026" in page
    assert "T1 2025" not in page

    response = client.post(
        create_url(personas.draft_plan),
        {"kind": "interim", "file_format": "docx", "followup_round": other_round.pk},
    )
    assert response.status_code == 200
    assert not GeneratedDocument.objects.exists()


def test_it_preselects_the_round_given_in_the_address(client, personas, rounds):
    login(client, personas.editor)

    page = client.get(create_url(personas.draft_plan) + f"?omgang={rounds[1].pk}").content.decode()

    assert re.search(rf'<option value="{rounds[1].pk}"[^>]* selected[ >]', page)
    assert re.search(r'value="annual"[^>]*checked', page)


def test_it_still_preselects_the_round_given_with_the_older_round_parameter(
    client, personas, rounds
):
    login(client, personas.editor)

    page = client.get(create_url(personas.draft_plan) + f"?round={rounds[1].pk}").content.decode()

    assert re.search(rf'<option value="{rounds[1].pk}"[^>]* selected[ >]', page)


def test_it_polls_while_the_document_is_made_and_stops_when_done(client, personas):
    login(client, personas.reader)
    document = make_document(personas.draft_plan, personas.editor, state=DocumentState.QUEUED)
    url = reverse("documents:document_detail", kwargs={"pk": document.pk})

    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page
    assert 'hx-trigger="every 1s"' in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'value="0"' in fragment.content.decode()

    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.RUNNING, progress=60
    )
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "60 % done" in fragment.content.decode()

    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.FAILED, error="RuntimeError: no fonts"
    )
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == STOP_POLLING
    assert "The document could not be made." in fragment.content.decode()
    assert "RuntimeError: no fonts" in fragment.content.decode()


def test_it_serves_an_html_document_in_the_browser_under_the_csp(client, personas):
    login(client, personas.reader)
    document = make_document(
        personas.draft_plan,
        personas.editor,
        file_format="html",
        content=b"<!doctype html><title>Verksamhetsplan</title>",
    )

    response = client.get(reverse("documents:document_download", kwargs={"pk": document.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert response.content.startswith(b"<!doctype html>")


def test_it_has_nothing_to_download_before_the_document_is_done(client, personas):
    login(client, personas.reader)
    for state in (DocumentState.QUEUED, DocumentState.RUNNING, DocumentState.FAILED):
        document = make_document(personas.draft_plan, personas.editor, state=state)
        url = reverse("documents:document_download", kwargs={"pk": document.pk})
        assert client.get(url).status_code == 404


def test_it_lists_the_plans_documents_with_who_and_when(client, personas, rounds):
    login(client, personas.reader)
    personas.editor.first_name, personas.editor.last_name = "Eva", "Ek"
    personas.editor.save()
    make_document(personas.draft_plan, personas.editor, kind="interim", followup_round=rounds[0])
    make_document(personas.draft_plan, personas.admin, state=DocumentState.FAILED)
    make_document(personas.published_plan, personas.editor)  # another plan's

    response = client.get(
        reverse("documents:document_list", kwargs={"plan_pk": personas.draft_plan.pk})
    )

    page = response.content.decode()
    assert_clean_markup(page)
    assert page.count("<tr>") == 3  # the header and two documents
    assert "Eva Ek" in page
    assert "T1 2026" in page
    assert "Tertial or interim report" in page
    assert "13\xa0bytes" in page
    assert "Failed" in page


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_documents_in_as_many_queries_for_two_as_for_twenty(client, personas, rounds):
    login(client, personas.reader)
    url = reverse("documents:document_list", kwargs={"plan_pk": personas.draft_plan.pk})
    for _number in range(2):
        make_document(personas.draft_plan, personas.editor, kind="annual", followup_round=rounds[1])
    small = _count_queries(client, url)

    for number in range(18):
        make_document(personas.draft_plan, personas.user(("admin", "editor")[number % 2]))
    assert _count_queries(client, url) == small


# Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_hides_a_draft_plans_documents_from_outsiders_and_visitors(
    client, personas, persona, django_capture_on_commit_callbacks
):
    document = make_document(personas.draft_plan, personas.editor)
    if persona != "anonymous":
        login(client, personas.user(persona))
    urls = [
        create_url(personas.draft_plan),
        reverse("documents:document_list", kwargs={"plan_pk": personas.draft_plan.pk}),
        reverse("documents:document_detail", kwargs={"pk": document.pk}),
        reverse("documents:document_download", kwargs={"pk": document.pk}),
    ]

    for url in urls:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == 404, url

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(personas.draft_plan), {"kind": "plan", "file_format": "docx"}
        )
    assert response.status_code == (302 if persona == "anonymous" else 404)
    assert GeneratedDocument.objects.count() == 1


def test_it_lets_an_outsider_make_documents_of_a_published_plan(
    client, personas, django_capture_on_commit_callbacks
):
    login(client, personas.outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(personas.published_plan), {"kind": "plan", "file_format": "html"}
        )

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert document.state == DocumentState.DONE, document.error
    download = client.get(reverse("documents:document_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert "Fler barn läser".encode() in download.content


def test_it_links_to_the_documents_from_the_plan_and_the_round(client, personas, rounds):
    plan = personas.draft_plan
    login(client, personas.reader)

    plan_page = client.get(plan.get_absolute_url()).content.decode()
    round_page = client.get(rounds[0].get_absolute_url()).content.decode()

    assert reverse("documents:document_list", kwargs={"plan_pk": plan.pk}) in plan_page
    assert create_url(plan) in plan_page
    assert f"{create_url(plan)}?omgang={rounds[0].pk}" in round_page
