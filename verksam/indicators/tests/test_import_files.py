"""Every kept import file: the malformed ones are refused row by row, the valid ones import.

The files and the set-up they expect are described in import_files/README.md.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.indicators.choices import ImportState, MeasurementSource
from verksam.indicators.imports import services as import_services
from verksam.indicators.models import Measurement, MeasurementImport
from verksam.indicators.tests.import_files import (
    FILES,
    ImportWorld,
    build_import_world,
    file_format,
    read,
)

#: file → the problems it must produce: (row, part of the column, part of the message).
#: A column of "" means the problem is about no one column (the error's column is empty).
MALFORMED: dict[str, list[tuple[int | None, str, str]]] = {
    "latin1_encoding.csv": [(3, "", "not UTF-8 encoded (line 3)")],
    "pipe_delimiter.csv": [(1, "", "separated by “|”")],
    "missing_value_column.csv": [(1, "", "no column for the value")],
    "missing_organisation_column.csv": [(1, "", "no column for the organisation")],
    "swedish_non_numeric.csv": [(3, "värde", "“tolv” is not a number")],
    "english_two_decimal_points.csv": [(2, "value", "“1.234.5” is not a number")],
    "ambiguous_separators.csv": [(4, "värde", "“1,234,5” is not a number")],
    "empty_value.csv": [(3, "värde", "The value is empty")],
    "value_with_percent.csv": [(2, "värde", "without words, a unit or a per cent sign")],
    "too_many_decimals.csv": [(2, "värde", "more than six decimals")],
    "ambiguous_thousands.txt": [(2, "value", "could mean 1234 (English notation) or 1.234")],
    "unknown_organisation.csv": [
        (2, "organisation", "No organisation in Kalmar stadsbibliotek is called or coded")
    ],
    "organisation_outside_tree.csv": [
        (3, "organisation", "“Regionbiblioteket Uppsala” is not Kalmar stadsbibliotek"),
        (4, "organisation", "“Kalmar kommun” is not Kalmar stadsbibliotek"),
        (5, "organisation", "“0880” is not Kalmar stadsbibliotek"),
    ],
    "unknown_indicator.csv": [(2, "indikator", "No indicator has the key or the name “Besok99”")],
    "period_1850.csv": [(2, "period", "starts in 1850, before 1990")],
    "period_next_decade.csv": [(2, "period", "more than a year from now")],
    "unparseable_period.csv": [(3, "period", "“våren 2024” is not a period")],
    "end_before_start.csv": [(2, "period", "ends before it starts")],
    "duplicate_rows.csv": [(4, "period", "Row 4 repeats row 2")],
    "mixed_delimiters.csv": [(3, "indikator", "same separator (;) as the header")],
    "unquoted_thousands.csv": [(2, "column 6", "6 columns but the header only 5")],
    "empty.csv": [(1, "", "The file is empty")],
    "header_only.csv": [(2, "", "no rows of measurements")],
    "text_in_numeric.xlsx": [(3, "D (Värde)", "“tolv” is not a number")],
    "missing_header.xlsx": [(1, "D", "values but no header"), (1, "", "no column for the value")],
    "date_cell_period.xlsx": [(2, "C (Period)", "date cell")],
    "not_a_workbook.xlsx": [(None, "", "could not be read as an XLSX workbook")],
}

#: file → the measurements it holds: (organisation, indicator key, start, end, value, note).
VALID: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "valid_swedish.csv": [
        ("Kalmar stadsbibliotek", "Besok01", "2024-01-01", "2024-12-31", "123456", "Hela året"),
        ("Kalmar stadsbibliotek", "Besok01", "2025-01-01", "2025-04-30", "40012.5", ""),
        ("Barn och unga", "Utlan01", "2025-03-01", "2025-03-31", "1234.5", ""),
        ("Lindsdals bibliotek", "Utlan01", "2024-07-01", "2024-12-31", "-12", "Rättelse"),
        ("Lindsdals bibliotek", "Besok01", "2024-10-01", "2024-12-31", "1234.5", ""),
        ("Kalmar stadsbibliotek", "Nojd01", "2024-01-01", "2024-04-30", "87.5", "Enkät"),
        ("Lindsdals bibliotek", "Utlan01", "2025-05-01", "2025-08-31", "1.234", ""),
    ],
    "valid_english.csv": [
        ("Kalmar stadsbibliotek", "Besok01", "2024-01-01", "2024-12-31", "123456", "Whole year"),
        ("Kalmar stadsbibliotek", "Besok01", "2025-01-01", "2025-04-30", "40012.5", ""),
        ("Barn och unga", "Utlan01", "2025-03-01", "2025-03-31", "1234.5", ""),
        (
            "Lindsdals bibliotek",
            "Utlan01",
            "2024-07-01",
            "2024-12-31",
            "-12",
            "Correction, see the note",
        ),
        ("Kalmar stadsbibliotek", "Nojd01", "2024-01-01", "2024-04-30", "87.5", "Survey"),
    ],
    "valid.xlsx": [
        ("Kalmar stadsbibliotek", "Besok01", "2024-01-01", "2024-12-31", "123456", "Hela året"),
        ("Kalmar stadsbibliotek", "Besok01", "2025-01-01", "2025-04-30", "40012.5", ""),
        ("Barn och unga", "Utlan01", "2025-03-01", "2025-03-31", "1234.5", ""),
        ("Lindsdals bibliotek", "Utlan01", "2024-07-01", "2024-12-31", "-12", "=inte en formel"),
        ("Lindsdals bibliotek", "Besok01", "2024-10-01", "2024-12-31", "1234.5", ""),
        ("Kalmar stadsbibliotek", "Nojd01", "2024-01-01", "2024-04-30", "87.5", "Enkät"),
    ],
}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(personas) -> ImportWorld:
    return build_import_world(personas)


def _database_state():
    """Everything an import could change, to compare before and after."""
    measurements = list(
        Measurement.objects.order_by("pk").values_list(
            "pk",
            "indicator_id",
            "organisation_id",
            "period_start",
            "period_end",
            "value",
            "note",
            "source",
            "measurement_import_id",
        )
    )
    changes = list(ChangeRecord.objects.order_by("pk").values_list("pk", "object_type", "data"))
    return measurements, changes


def _upload(world: ImportWorld, name: str) -> MeasurementImport:
    return import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name=name,
        content=read(name),
        file_format=file_format(name),
    )


def _import(world: ImportWorld, name: str) -> MeasurementImport:
    """Upload, check and run the import of a file, as the pages do one step at a time."""
    measurement_import = _upload(world, name)
    if measurement_import.state == ImportState.UPLOADED:
        import_services.import_validate(measurement_import=measurement_import)
    if measurement_import.state == ImportState.VALID:
        import_services.import_start(
            measurement_import=measurement_import, user=world.personas.editor
        )
    measurement_import.refresh_from_db()
    return measurement_import


def _existing_measurement(world: ImportWorld) -> Measurement:
    """A value already in the database, which the malformed files would replace."""
    return Measurement.objects.create(
        indicator=world.visits,
        organisation=world.organisation,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        value=Decimal("999"),
        note="Före importen",
    )


def test_it_keeps_at_least_sixteen_malformed_files_and_expects_something_of_each():
    kept = {path.name for path in FILES.iterdir() if path.suffix in (".csv", ".txt", ".xlsx")}
    assert len(MALFORMED) >= 16
    assert set(MALFORMED) | set(VALID) == kept


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_it_refuses_a_malformed_file_naming_row_and_column_and_writes_nothing(world, name):
    _existing_measurement(world)
    before = _database_state()

    measurement_import = _import(world, name)

    assert measurement_import.state == ImportState.INVALID
    errors = measurement_import.errors
    assert errors, name
    for row, column, message in MALFORMED[name]:
        matching = [
            error
            for error in errors
            if error["row"] == row
            and (column in error["column"] if column else error["column"] == "")
            and message in error["message"]
        ]
        assert matching, (name, (row, column, message), errors)
    assert _database_state() == before
    assert not Measurement.objects.filter(measurement_import=measurement_import).exists()


@pytest.mark.parametrize("name", sorted(VALID))
def test_it_imports_every_row_of_a_valid_file(world, name):
    existing = _existing_measurement(world)
    records_before = ChangeRecord.objects.count()

    measurement_import = _import(world, name)

    assert measurement_import.state == ImportState.DONE, measurement_import.errors
    assert measurement_import.processed_rows == measurement_import.total_rows == len(VALID[name])
    assert measurement_import.percent_done == 100
    imported = Measurement.objects.filter(measurement_import=measurement_import).select_related(
        "organisation", "indicator"
    )
    found = {
        (
            m.organisation.name,
            m.indicator.key,
            m.period_start.isoformat(),
            m.period_end.isoformat(),
            m.value.normalize(),
            m.note,
        )
        for m in imported
    }
    expected = {(o, k, s, e, Decimal(v).normalize(), n) for o, k, s, e, v, n in VALID[name]}
    assert found == expected
    assert {m.source for m in imported} == {MeasurementSource.IMPORT}
    assert {m.created_by for m in imported} == {world.personas.editor}
    # The value that was there already is replaced, not doubled.
    existing.refresh_from_db()
    assert existing.measurement_import == measurement_import
    assert existing.value == Decimal("123456")
    assert ChangeRecord.objects.count() == records_before + 1
    record = ChangeRecord.objects.get(object_type="indicators.measurementimport")
    assert record.object_id == measurement_import.pk
    assert record.data["rows"] == len(VALID[name])
    assert record.data["replaced"][0]["old_value"] == "999.000000"
    assert record.data["replaced"][0]["old_note"] == "Före importen"


def test_it_shows_what_a_valid_file_replaces_before_importing(world):
    _existing_measurement(world)
    measurement_import = _upload(world, "valid_swedish.csv")

    validation = import_services.import_validate(measurement_import=measurement_import)

    assert validation.is_valid
    assert (validation.new_count, validation.replacing_count) == (6, 1)
    replacing = [row for row in validation.rows if row.exists]
    assert replacing[0].row == 2
    assert replacing[0].existing_value == Decimal("999")
    assert not Measurement.objects.filter(measurement_import=measurement_import).exists()
