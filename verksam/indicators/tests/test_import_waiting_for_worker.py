"""An import no worker has started says so on its page once it has waited a while."""

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from verksam.indicators.imports import services as import_services
from verksam.indicators.tests.import_files import build_import_world, read

NOTICE = "queued – no worker has started it yet"


@pytest.mark.django_db
def test_it_says_no_worker_has_started_an_import_queued_longer_than_the_notice(
    client, personas, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WAITING_NOTICE_SECONDS = 20
    settings.LANGUAGE_CODE = "en"
    world = build_import_world(personas)
    measurement_import = import_services.import_create(
        user=personas.editor,
        organisation=world.organisation,
        file_name="valid_swedish.csv",
        content=read("valid_swedish.csv"),
        file_format="csv",
    )
    import_services.import_validate(measurement_import=measurement_import)
    import_services.import_start(measurement_import=measurement_import, user=personas.editor)
    client.force_login(personas.editor)
    url = reverse("imports:import_progress", kwargs={"pk": measurement_import.pk})

    assert NOTICE not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    DBTaskResult.objects.update(enqueued_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert NOTICE in page
    assert " rows (0 %)" not in page
