"""A document no worker has started says so on its page once it has waited a while."""

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from verksam.documents import services

NOTICE = "queued – no worker has started it yet"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WAITING_NOTICE_SECONDS = 20


def _progress(client, document) -> str:
    url = reverse("documents:document_detail", kwargs={"pk": document.pk})
    return client.get(
        url, headers={"HX-Request": "true"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()


@pytest.mark.django_db
def test_it_says_no_worker_has_started_a_document_queued_longer_than_the_notice(
    client, personas, database_tasks, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.editor)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(
            user=personas.editor, plan=personas.published_plan, kind="plan", file_format="pdf"
        )

    assert NOTICE not in _progress(client, document)

    DBTaskResult.objects.update(enqueued_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    page = _progress(client, document)

    assert NOTICE in page
    assert "0 % done" not in page
