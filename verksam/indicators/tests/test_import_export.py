"""Exported measurements are in the import format: exporting and importing again changes nothing."""

import codecs
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from verksam.indicators.choices import ImportState
from verksam.indicators.imports import services as import_services
from verksam.indicators.imports.columns import guess_mapping
from verksam.indicators.imports.files import read_table
from verksam.indicators.models import Measurement
from verksam.indicators.tests.import_files import ImportWorld, build_import_world
from verksam.organisations.choices import OrganisationKind
from verksam.testing import make_organisation

D = datetime.date


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(personas) -> ImportWorld:
    return build_import_world(personas)


def _measure(world: ImportWorld, organisation, indicator, start, end, value, note=""):
    return Measurement.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=start,
        period_end=end,
        value=Decimal(value),
        note=note,
    )


def _tricky_measurements(world: ImportWorld) -> None:
    """Values and notes that a careless export would change on the way back."""
    home, group, branch = world.organisation, world.personas.work_group, world.branch
    # A second unit with the same name as the work group, told apart by its code.
    twin = make_organisation(
        "Barn och unga",
        OrganisationKind.WORK_GROUP,
        parent=branch,
        library_statistics_id="21234-BU",
    )
    _measure(world, home, world.visits, D(2024, 1, 1), D(2024, 12, 31), "123456", "Hela året")
    _measure(world, home, world.visits, D(2025, 1, 1), D(2025, 4, 30), "40012.5")
    _measure(world, home, world.satisfied, D(2024, 1, 15), D(2024, 2, 14), "87.25", "Enkät; 2 st")
    _measure(world, group, world.loans, D(2025, 3, 1), D(2025, 3, 31), "1.234")
    _measure(world, group, world.loans, D(2024, 7, 1), D(2024, 12, 31), "-12", "=1+1")
    _measure(world, branch, world.visits, D(2024, 10, 1), D(2024, 12, 31), "0.000001", "+46 480")
    _measure(world, branch, world.loans, D(2023, 7, 1), D(2024, 6, 30), "999999999.5", 'Sa "hej"')
    _measure(world, twin, world.loans, D(2024, 1, 1), D(2024, 6, 30), "3", "rad ett\nrad två")
    # Outside the tree: never exported with it.
    _measure(world, world.personas.other, world.loans, D(2024, 1, 1), D(2024, 12, 31), "5")


def _snapshot(organisation) -> set[tuple]:
    return set(
        Measurement.objects.filter(organisation__path__startswith=organisation.path).values_list(
            "organisation_id", "indicator_id", "period_start", "period_end", "value", "note"
        )
    )


def _import(world: ImportWorld, content: bytes, file_format: str):
    measurement_import = import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name=f"export.{file_format}",
        content=content,
        file_format=file_format,
    )
    import_services.import_validate(measurement_import=measurement_import)
    assert measurement_import.state == ImportState.VALID, measurement_import.errors
    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.DONE, measurement_import.errors
    return measurement_import


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_gives_back_the_same_database_after_export_and_import(world, file_format):
    _tricky_measurements(world)
    before = _snapshot(world.organisation)
    outside = _snapshot(world.personas.other)
    content, _type, _name = import_services.measurement_export(
        organisation=world.organisation, file_format=file_format
    )

    # Imported over itself, nothing changes …
    _import(world, content, file_format)
    assert _snapshot(world.organisation) == before

    # … and into an empty database, everything comes back.
    Measurement.objects.filter(organisation__path__startswith=world.organisation.path).delete()
    measurement_import = _import(world, content, file_format)
    assert _snapshot(world.organisation) == before
    assert measurement_import.total_rows == len(before) == 8
    assert _snapshot(world.personas.other) == outside


def test_it_writes_csv_for_excel_in_swedish(world):
    _tricky_measurements(world)
    content, content_type, name = import_services.measurement_export(
        organisation=world.organisation, file_format="csv"
    )
    assert content.startswith(codecs.BOM_UTF8)
    assert content_type == "text/csv; charset=utf-8"
    assert name == "measurements-kalmar-stadsbibliotek.csv"
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "organisation;indicator;period;value;note"
    assert "Kalmar stadsbibliotek;Besok01;2025-T1;40012,5;" in lines
    assert "Kalmar stadsbibliotek;Besok01;2024;123456;Hela året" in lines
    assert 'Kalmar stadsbibliotek;Nojd01;2024-01-15–2024-02-14;87,25;"Enkät; 2 st"' in lines
    # The work group's name repeats in the tree and it has no code: its parent tells it apart.
    assert "Kalmar stadsbibliotek › Barn och unga;Utlan01;2024-H2;-12;'=1+1" in lines
    assert any(line.startswith("21234-BU;Utlan01;2024-H1;3;") for line in lines)
    assert "Regionbiblioteket" not in content.decode("utf-8-sig")


def test_it_writes_xlsx_with_numeric_value_cells_and_no_formulas(world):
    _tricky_measurements(world)
    content, content_type, _name = import_services.measurement_export(
        organisation=world.organisation, file_format="xlsx"
    )
    assert content_type.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("organisation", "indicator", "period", "value", "note")
    assert ("Kalmar stadsbibliotek", "Besok01", "2025-T1", 40012.5, None) in rows
    assert ("Kalmar stadsbibliotek", "Besok01", "2024", 123456, "Hela året") in rows
    formula_like = next(row for row in rows if row[4] == "=1+1")
    cells = next(r for r in sheet.iter_rows() if r[4].value == "=1+1")
    assert cells[4].data_type == "s"
    assert formula_like[3] == -12


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_writes_headers_the_import_recognises_in_either_language(world, language):
    with translation.override(language):
        content, _type, _name = import_services.measurement_export(
            organisation=world.organisation, file_format="csv"
        )
    headers = read_table(content, "csv").headers
    assert guess_mapping(headers) == {
        "organisation": 0,
        "indicator": 1,
        "period": 2,
        "value": 3,
        "note": 4,
    }


def _many_measurements(world: ImportWorld, count: int, first: int = 0) -> None:
    units = [world.organisation, world.personas.work_group, world.branch]
    Measurement.objects.bulk_create(
        Measurement(
            indicator=world.loans,
            organisation=units[index % 3],
            period_start=D(2000 + index // 36, index // 3 % 12 + 1, 1),
            period_end=D(2000 + index // 36, index // 3 % 12 + 1, 28),
            value=Decimal(index),
        )
        for index in range(first, first + count)
    )


def _export_queries(client, world: ImportWorld, file_format: str) -> int:
    url = reverse(
        "imports:measurement_export",
        kwargs={"organisation_pk": world.organisation.pk, "file_format": file_format},
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_exports_in_as_many_queries_for_600_measurements_as_for_6(client, world, file_format):
    client.force_login(world.personas.reader)
    _many_measurements(world, 6)
    small = _export_queries(client, world, file_format)
    _many_measurements(world, 594, first=6)
    assert Measurement.objects.count() == 600
    assert _export_queries(client, world, file_format) == small
