"""Limits on what an import reads: a workbook that unpacks too far, too many columns."""

import io
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from verksam.indicators.imports import files
from verksam.indicators.imports.files import XLSX, read_table
from verksam.indicators.imports.problems import FileProblem
from verksam.indicators.tests.import_files import build_import_world

MEGABYTE = 1024 * 1024


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_padding(content: bytes, megabytes: int) -> bytes:
    """The workbook with one more part of `megabytes` zeros: it packs to almost nothing."""
    buffer = io.BytesIO(content)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        chunk = bytes(MEGABYTE)
        for _megabyte in range(megabytes):
            part.write(chunk)
    return buffer.getvalue()


VALID_ROWS = [
    ["organisation", "indikator", "period", "värde"],
    ["Kalmar stadsbibliotek", "Besok01", "2024", 123],
]


def test_it_refuses_a_workbook_that_unpacks_beyond_the_limit():
    bomb = with_padding(workbook(VALID_ROWS), megabytes=101)
    assert len(bomb) < files.MAX_FILE_SIZE  # small packed: a zip bomb in miniature

    with pytest.raises(FileProblem) as problem:
        read_table(bomb, XLSX)

    assert problem.value.problem.message.startswith("The workbook unpacks to 101 MB")
    assert "more than the 100 MB that can be imported" in problem.value.problem.message


def test_it_reads_a_workbook_below_the_limit():
    table = read_table(with_padding(workbook(VALID_ROWS), megabytes=2), XLSX)
    assert table.headers == ["organisation", "indikator", "period", "värde"]
    assert [cells for _number, cells in table.rows] == [VALID_ROWS[1]]


def test_it_refuses_a_workbook_of_too_many_parts(monkeypatch):
    monkeypatch.setattr(files, "MAX_WORKBOOK_PARTS", 5)
    with pytest.raises(FileProblem, match="The workbook unpacks to"):
        read_table(workbook(VALID_ROWS), XLSX)


def test_it_names_the_row_and_column_of_a_value_too_far_right():
    far = [None] * 149 + ["x"]
    with pytest.raises(FileProblem) as problem:
        read_table(workbook([*VALID_ROWS, ["Kalmar stadsbibliotek"], far]), XLSX)

    assert problem.value.problem.row == 4
    assert problem.value.problem.column == "ET"
    assert problem.value.problem.message == (
        "Row 4 has a value in column ET: a file can have at most 100 columns. "
        "Remove what is not measurements and upload it again."
    )


def test_it_refuses_a_header_too_wide():
    header = [f"kolumn {number}" for number in range(1, 102)]
    with pytest.raises(FileProblem, match="Row 1 has a value in column CW"):
        read_table(workbook([header]), XLSX)


def test_it_keeps_no_empty_cells_past_a_rows_last_value():
    rows = [*VALID_ROWS, ["Kalmar stadsbibliotek", "Besok01", "2025", 5, None, None]]
    table = read_table(workbook(rows), XLSX)
    assert table.rows[-1][1] == ["Kalmar stadsbibliotek", "Besok01", "2025", 5]


@pytest.mark.django_db
def test_it_shows_the_unpacked_size_problem_after_upload(client, personas):
    world = build_import_world(personas)
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bomb = with_padding(workbook(VALID_ROWS), megabytes=101)

    response = client.post(
        reverse("imports:import_start", kwargs={"organisation_pk": world.organisation.pk}),
        {"file": SimpleUploadedFile("matvarden.xlsx", bomb)},
        follow=True,
    )

    assert response.status_code == 200
    assert "The workbook unpacks to 101 MB" in response.content.decode()
