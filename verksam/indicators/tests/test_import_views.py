"""The import pages: upload → columns → preview → import → done, and who may use them."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.indicators.choices import ImportState
from verksam.indicators.imports import views as import_views
from verksam.indicators.models import Measurement, MeasurementImport
from verksam.indicators.tests.import_files import ImportWorld, build_import_world, read


@pytest.fixture
def world(personas) -> ImportWorld:
    return build_import_world(personas)


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _start_url(world: ImportWorld) -> str:
    return reverse("imports:import_start", kwargs={"organisation_pk": world.organisation.pk})


def _upload(client, world: ImportWorld, name: str, content: bytes | None = None):
    upload = SimpleUploadedFile(name, read(name) if content is None else content)
    return client.post(_start_url(world), {"file": upload})


def _assert_clean_markup(page: str) -> None:
    """The strict Content Security Policy allows no inline script or style."""
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_it_walks_from_upload_to_a_finished_import(editor_client, world):
    response = editor_client.get(_start_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "File (CSV or XLSX)" in page
    assert 'enctype="multipart/form-data"' in page
    _assert_clean_markup(page)

    # 1. Upload.
    response = _upload(editor_client, world, "valid_swedish.csv")
    measurement_import = MeasurementImport.objects.get()
    mapping_url = reverse("imports:import_mapping", kwargs={"pk": measurement_import.pk})
    assert response.status_code == 302
    assert response["Location"] == mapping_url
    assert measurement_import.user == world.personas.editor
    assert measurement_import.file_format == "csv"

    # 2. The columns, guessed from the Swedish headers, with the first rows of the file.
    response = editor_client.get(mapping_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col">Värde</th>' in page
    assert "40 012,5" in page
    assert re.search(r'<select name="value"[^>]*>.*?<option value="3" selected>', page, re.S)
    assert '<label for="id_organisation">' in page
    _assert_clean_markup(page)
    response = editor_client.post(
        mapping_url, {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4}
    )
    preview_url = reverse("imports:import_preview", kwargs={"pk": measurement_import.pk})
    assert response["Location"] == preview_url
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.VALID

    # 3. The preview: what will be written; nothing is written yet.
    response = editor_client.get(preview_url)
    page = response.content.decode()
    assert "7 rows are correct: 7 new values and 0 replacing an existing value." in page
    assert "Lindsdals bibliotek" in page
    assert "2025-T1" in page
    run_url = reverse("imports:import_run", kwargs={"pk": measurement_import.pk})
    assert f'action="{run_url}"' in page
    assert not Measurement.objects.exists()
    _assert_clean_markup(page)

    # 4. Import: the task runs (inline in tests) and the page shows the finished bar.
    response = editor_client.post(run_url)
    assert response["Location"] == preview_url
    assert Measurement.objects.filter(measurement_import=measurement_import).count() == 7
    page = editor_client.get(preview_url).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="100">' in page
    assert "7 of 7 rows" in page
    assert "7 rows were imported: 7 new and 0 replacing an existing value." in page
    assert "hx-trigger" not in page  # nothing more to follow
    _assert_clean_markup(page)


def test_it_shows_that_a_row_replaces_an_existing_value(editor_client, world):
    _upload(editor_client, world, "valid_english.csv")
    measurement_import = MeasurementImport.objects.get()
    editor_client.post(
        reverse("imports:import_mapping", kwargs={"pk": measurement_import.pk}),
        {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4},
    )
    editor_client.post(reverse("imports:import_run", kwargs={"pk": measurement_import.pk}))
    _upload(editor_client, world, "valid_english.csv")
    again = MeasurementImport.objects.exclude(pk=measurement_import.pk).get()
    editor_client.post(
        reverse("imports:import_mapping", kwargs={"pk": again.pk}),
        {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4},
    )

    page = editor_client.get(reverse("imports:import_preview", kwargs={"pk": again.pk}))
    page = page.content.decode()

    assert "0 new values and 5 replacing an existing value" in page
    assert page.count("replaces an existing value (") == 5


def test_it_follows_a_running_import_with_a_polled_progress_bar(editor_client, world):
    _upload(editor_client, world, "valid_swedish.csv")
    measurement_import = MeasurementImport.objects.get()
    MeasurementImport.objects.filter(pk=measurement_import.pk).update(
        state=ImportState.RUNNING, processed_rows=45, total_rows=100
    )
    preview_url = reverse("imports:import_preview", kwargs={"pk": measurement_import.pk})
    progress_url = reverse("imports:import_progress", kwargs={"pk": measurement_import.pk})

    page = editor_client.get(preview_url).content.decode()

    assert f'hx-get="{progress_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="import-progress-bar" max="100" value="45">' in page
    assert "45 of 100 rows" in page
    assert f'<a href="{preview_url}">Refresh</a>' in page  # works without JavaScript
    _assert_clean_markup(page)

    fragment = editor_client.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "45 of 100 rows" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    MeasurementImport.objects.filter(pk=measurement_import.pk).update(
        state=ImportState.DONE, processed_rows=100
    )
    fragment = editor_client.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == import_views.STOP_POLLING
    assert "100 of 100 rows" in fragment.content.decode()
    assert editor_client.get(progress_url).status_code == 200  # without htmx: a plain page


def test_it_lists_every_problem_of_a_malformed_file_and_writes_nothing(editor_client, world):
    response = _upload(editor_client, world, "organisation_outside_tree.csv")
    measurement_import = MeasurementImport.objects.get()
    mapping_url = reverse("imports:import_mapping", kwargs={"pk": measurement_import.pk})
    assert response["Location"] == mapping_url
    response = editor_client.post(
        mapping_url, {"organisation": 0, "indicator": 1, "period": 2, "value": 3}, follow=True
    )

    page = response.content.decode()
    assert 'role="alert"' in page
    assert "The file has 3 problems: nothing was imported" in page
    assert '<th scope="row">3</th>' in page
    assert "“Regionbiblioteket Uppsala” is not Kalmar stadsbibliotek" in page
    assert reverse("imports:import_run", kwargs={"pk": measurement_import.pk}) not in page
    assert not Measurement.objects.exists()
    _assert_clean_markup(page)

    response = editor_client.post(
        reverse("imports:import_run", kwargs={"pk": measurement_import.pk}), follow=True
    )
    assert "Only a checked file without errors can be imported." in response.content.decode()
    assert not Measurement.objects.exists()


def test_it_goes_straight_to_the_problems_of_an_unreadable_file(editor_client, world):
    response = _upload(editor_client, world, "latin1_encoding.csv")
    measurement_import = MeasurementImport.objects.get()
    preview_url = reverse("imports:import_preview", kwargs={"pk": measurement_import.pk})
    assert response["Location"] == preview_url
    page = editor_client.get(preview_url).content.decode()
    assert "not UTF-8 encoded (line 3)" in page
    # The columns cannot be chosen for a file that cannot be read.
    mapping_url = reverse("imports:import_mapping", kwargs={"pk": measurement_import.pk})
    assert editor_client.get(mapping_url)["Location"] == preview_url


def test_it_lets_the_user_choose_columns_the_headers_do_not_name(editor_client, world):
    content = "Namn;Mått;Tid;Summa\nKalmar stadsbibliotek;Besok01;2024;12\n".encode()
    _upload(editor_client, world, "egen.csv", content)
    measurement_import = MeasurementImport.objects.get()
    mapping_url = reverse("imports:import_mapping", kwargs={"pk": measurement_import.pk})

    page = editor_client.get(mapping_url).content.decode()
    assert re.search(r'<select name="organisation"[^>]*>\s*<option value="" selected>', page)

    response = editor_client.post(mapping_url, {"organisation": 0, "indicator": 1, "period": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the column that holds the value." in page
    assert 'href="#id_value"' in page

    response = editor_client.post(
        mapping_url, {"organisation": 0, "indicator": 1, "period": 2, "value": 2}
    )
    assert "The same column is chosen for the period" in response.content.decode()
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.UPLOADED

    editor_client.post(mapping_url, {"organisation": 0, "indicator": 1, "period": 2, "value": 3})
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.VALID


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gammal.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 20, "Old Excel files (.xls)"),
        ("gammal.csv", b"\xd0\xcf\x11\xe0" + b"\x00" * 20, "This is an old Excel file"),
        ("bild.png", b"\x89PNG", "is not a CSV or XLSX file"),
        ("text.xlsx", b"organisation;value\n", "not an Excel workbook"),
        ("tom.csv", b"", "The file is empty."),
    ],
)
def test_it_refuses_files_it_cannot_import_at_upload(editor_client, world, name, content, message):
    response = _upload(editor_client, world, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert message in page
    assert not MeasurementImport.objects.exists()


def test_it_refuses_a_file_larger_than_the_limit(editor_client, world, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_FILE_SIZE", 100)
    response = _upload(editor_client, world, "valid_swedish.csv", b"a;b\n" + b"1;2\n" * 40)
    assert "at most 5 MB can be imported" in response.content.decode()
    assert not MeasurementImport.objects.exists()


def test_it_takes_an_xlsx_file_through_the_same_steps(editor_client, world):
    response = _upload(editor_client, world, "valid.xlsx")
    measurement_import = MeasurementImport.objects.get()
    assert measurement_import.file_format == "xlsx"
    page = editor_client.get(response["Location"]).content.decode()
    assert "D (Värde)" in page
    mapping = {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4}
    editor_client.post(response["Location"], mapping)
    editor_client.post(reverse("imports:import_run", kwargs={"pk": measurement_import.pk}))
    assert Measurement.objects.filter(measurement_import=measurement_import).count() == 6


def _urls(world: ImportWorld, measurement_import: MeasurementImport) -> dict[str, tuple]:
    pk = {"pk": measurement_import.pk}
    return {
        "start": ("get", _start_url(world)),
        "mapping": ("get", reverse("imports:import_mapping", kwargs=pk)),
        "preview": ("get", reverse("imports:import_preview", kwargs=pk)),
        "run": ("post", reverse("imports:import_run", kwargs=pk)),
        "progress": ("get", reverse("imports:import_progress", kwargs=pk)),
    }


@pytest.mark.parametrize("persona", ["reporter", "reader", "outsider"])
def test_it_answers_404_to_anyone_but_editors(client, world, persona):
    measurement_import = MeasurementImport.objects.create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name="x.csv",
        file_format="csv",
        content=read("valid_swedish.csv"),
        state=ImportState.VALID,
    )
    client.force_login(world.personas.user(persona))
    for method, url in _urls(world, measurement_import).values():
        assert getattr(client, method)(url).status_code == 404, url
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("persona", ["superuser", "admin", "editor"])
def test_it_lets_editors_and_above_import(client, world, persona):
    client.force_login(world.personas.user(persona))
    _upload(client, world, "valid_english.csv")
    measurement_import = MeasurementImport.objects.get()
    urls = _urls(world, measurement_import)
    for name in ("start", "mapping", "progress"):
        assert client.get(urls[name][1]).status_code == 200
    client.post(urls["mapping"][1], {"organisation": 0, "indicator": 1, "period": 2, "value": 3})
    assert client.post(urls["run"][1]).status_code == 302
    assert Measurement.objects.count() == 5


def test_it_sends_anonymous_visitors_to_log_in(client, world):
    measurement_import = MeasurementImport.objects.create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name="x.csv",
        file_format="csv",
        content=b"",
    )
    for method, url in _urls(world, measurement_import).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_it_refuses_the_run_by_get(editor_client, world):
    _upload(editor_client, world, "valid_english.csv")
    measurement_import = MeasurementImport.objects.get()
    url = reverse("imports:import_run", kwargs={"pk": measurement_import.pk})
    assert editor_client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"),
    [("superuser", 200), ("editor", 200), ("reporter", 200), ("reader", 200), ("outsider", 404)],
)
def test_it_lets_readers_download_the_measurements(client, world, persona, status):
    client.force_login(world.personas.user(persona))
    for file_format in ("csv", "xlsx"):
        url = reverse(
            "imports:measurement_export",
            kwargs={"organisation_pk": world.organisation.pk, "file_format": file_format},
        )
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert f'.{file_format}"' in response["Content-Disposition"]


def test_it_answers_404_for_another_export_format(client, world):
    client.force_login(world.personas.editor)
    url = reverse(
        "imports:measurement_export",
        kwargs={"organisation_pk": world.organisation.pk, "file_format": "pdf"},
    )
    assert client.get(url).status_code == 404


def _preview_queries(client, world: ImportWorld, rows: int) -> int:
    lines = [
        f"Kalmar stadsbibliotek;Besok01;{2000 + index // 12}-{index % 12 + 1:02d};{index}"
        for index in range(rows)
    ]
    content = ("organisation;indikator;period;värde\n" + "\n".join(lines)).encode()
    response = _upload(client, world, f"{rows}.csv", content)
    measurement_import = MeasurementImport.objects.latest("pk")
    client.post(response["Location"], {"organisation": 0, "indicator": 1, "period": 2, "value": 3})
    url = reverse("imports:import_preview", kwargs={"pk": measurement_import.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert "Ready to import" in response.content.decode()
    return len(queries)


def test_it_previews_300_rows_in_as_many_queries_as_3(editor_client, world):
    assert _preview_queries(editor_client, world, 3) == _preview_queries(editor_client, world, 300)
