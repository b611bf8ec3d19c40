"""The import services: all rows or none, progress, the change log, and constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.indicators.choices import ImportState
from verksam.indicators.imports import services as import_services
from verksam.indicators.models import Measurement, MeasurementImport
from verksam.indicators.tests.import_files import ImportWorld, build_import_world, read


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(personas) -> ImportWorld:
    return build_import_world(personas)


def _csv(rows: list[str]) -> bytes:
    return ("organisation;indikator;period;värde;kommentar\n" + "\n".join(rows) + "\n").encode()


def _monthly_rows(world: ImportWorld, count: int) -> list[str]:
    """`count` distinct rows: organisations × indicators × months from 2020."""
    organisations = ["Kalmar stadsbibliotek", "Barn och unga", "21234"]
    keys = ["Besok01", "Utlan01", "Nojd01"]
    rows = []
    for index in range(count):
        month = index // 9
        year, month = 2020 + month // 12, month % 12 + 1
        rows.append(
            f"{organisations[index % 3]};{keys[index // 3 % 3]};{year}-{month:02d};"
            f"{index},5;rad {index}"
        )
    return rows


def _validated(world: ImportWorld, content: bytes, name: str = "mätvärden.csv"):
    measurement_import = import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name=name,
        content=content,
        file_format="csv",
    )
    validation = import_services.import_validate(measurement_import=measurement_import)
    return measurement_import, validation


def _state():
    measurements = list(
        Measurement.objects.order_by("pk").values_list(
            "pk", "value", "note", "source", "measurement_import_id"
        )
    )
    return measurements, ChangeRecord.objects.count()


def test_it_keeps_an_upload_and_guesses_its_columns(world):
    measurement_import = import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name="valid_swedish.csv",
        content=read("valid_swedish.csv"),
        file_format="csv",
    )
    assert measurement_import.state == ImportState.UPLOADED
    assert measurement_import.mapping == {
        "organisation": 0,
        "indicator": 1,
        "period": 2,
        "value": 3,
        "note": 4,
    }
    assert measurement_import.total_rows == 7
    assert bytes(measurement_import.content) == read("valid_swedish.csv")


def test_it_uses_the_mapping_chosen_by_hand(world):
    content = "Namn;Mått;Tid;Summa\nKalmar stadsbibliotek;Besok01;2024;12\n".encode()
    measurement_import, validation = _validated(world, content)
    assert measurement_import.state == ImportState.INVALID
    assert "no column for the organisation" in measurement_import.errors[0]["message"]

    validation = import_services.import_validate(
        measurement_import=measurement_import,
        mapping={"organisation": 0, "indicator": "1", "period": 2, "value": 3, "note": None},
    )

    assert validation.is_valid
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.VALID
    assert measurement_import.mapping["indicator"] == 1


def test_it_writes_nothing_when_the_run_fails_in_the_middle(world, monkeypatch):
    existing = Measurement.objects.create(
        indicator=world.visits,
        organisation=world.organisation,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 1, 31),
        value=Decimal("7"),
    )
    measurement_import, validation = _validated(world, _csv(_monthly_rows(world, 10)))
    assert validation.is_valid and validation.replacing_count == 1
    before = _state()
    written = []
    original = import_services.write_measurement

    def failing_writer(import_row, **kwargs):
        if len(written) == 2:
            raise RuntimeError("the disk is full")
        written.append(original(import_row, **kwargs))
        return written[-1]

    monkeypatch.setattr(import_services, "write_measurement", failing_writer)

    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)

    assert len(written) == 2  # two rows were written before the third failed …
    assert _state() == before  # … and rolled back with it
    existing.refresh_from_db()
    assert existing.value == Decimal("7")
    assert existing.measurement_import is None
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.FAILED
    assert "nothing was written" in measurement_import.errors[0]["message"]
    assert not Measurement.objects.filter(measurement_import=measurement_import).exists()


def test_it_reports_progress_while_checking_and_reaches_all_rows(world, monkeypatch):
    measurement_import, _validation = _validated(world, _csv(_monthly_rows(world, 120)))
    seen = []
    original = import_services.write_measurement

    def watching_writer(import_row, **kwargs):
        if not seen:
            seen.append(
                MeasurementImport.objects.values_list("processed_rows", flat=True).get(
                    pk=measurement_import.pk
                )
            )
        return original(import_row, **kwargs)

    monkeypatch.setattr(import_services, "write_measurement", watching_writer)

    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)

    assert seen == [108]  # 90 % of 120 rows once the file was checked, before writing
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.DONE
    assert (measurement_import.processed_rows, measurement_import.total_rows) == (120, 120)
    assert measurement_import.percent_done == 100
    assert Measurement.objects.filter(measurement_import=measurement_import).count() == 120


def test_it_records_one_change_for_the_whole_import(world):
    measurement_import, _validation = _validated(world, _csv(_monthly_rows(world, 30)))
    before = ChangeRecord.objects.count()

    import_services.import_start(measurement_import=measurement_import, user=world.personas.admin)

    assert ChangeRecord.objects.count() == before + 1
    record = ChangeRecord.objects.latest("pk")
    assert record.user == world.personas.admin
    assert record.action == ChangeRecord.Action.CREATE
    assert record.object_id == measurement_import.pk
    assert record.data["rows"] == record.data["created"] == 30
    measurement = Measurement.objects.filter(measurement_import=measurement_import).first()
    assert measurement.created_by == world.personas.admin


def test_it_checks_the_file_again_before_writing(world):
    measurement_import, validation = _validated(world, _csv(_monthly_rows(world, 5)))
    assert validation.is_valid
    before = _state()
    world.loans.measurements.all().delete()
    world.loans.delete()  # removed between the check and the run

    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)

    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.INVALID
    assert "“Utlan01”" in measurement_import.errors[0]["message"]
    assert _state() == before


def test_it_refuses_to_start_a_file_with_errors_or_one_already_imported(world):
    invalid, _validation = _validated(world, read("unknown_indicator.csv"))
    with pytest.raises(ValidationError):
        import_services.import_start(measurement_import=invalid, user=world.personas.editor)
    assert not Measurement.objects.exists()

    valid, _validation = _validated(world, _csv(_monthly_rows(world, 3)))
    import_services.import_start(measurement_import=valid, user=world.personas.editor)
    before = _state()
    with pytest.raises(ValidationError):
        import_services.import_start(measurement_import=valid, user=world.personas.editor)
    with pytest.raises(ValidationError):
        import_services.import_validate(measurement_import=valid)
    assert _state() == before


def test_it_ignores_a_task_delivered_twice(world):
    measurement_import, _validation = _validated(world, _csv(_monthly_rows(world, 3)))
    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)
    before = _state()

    state = import_services.import_execute(import_id=measurement_import.pk)

    assert state == ImportState.DONE
    assert _state() == before


def test_it_stops_listing_problems_after_two_hundred(world):
    rows = [f"Okänt bibliotek {index};Besok01;2024;1" for index in range(250)]
    measurement_import, validation = _validated(world, _csv(rows))

    assert len(validation.problems) == 200
    assert validation.truncated
    assert len(measurement_import.errors) == 201
    assert "more than 200 problems" in measurement_import.errors[-1]["message"]
    assert measurement_import.errors[0]["row"] == 2


def _validation_queries(world: ImportWorld, count: int) -> int:
    measurement_import = import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name="stor.csv",
        content=_csv(_monthly_rows(world, count)),
        file_format="csv",
    )
    with CaptureQueriesContext(connection) as queries:
        validation = import_services.import_validate(measurement_import=measurement_import)
    assert validation.is_valid
    return len(queries)


def test_it_checks_a_file_in_as_many_queries_for_500_rows_as_for_5(world):
    Measurement.objects.create(
        indicator=world.visits,
        organisation=world.organisation,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 1, 31),
        value=Decimal("7"),
    )
    assert _validation_queries(world, 5) == _validation_queries(world, 500)
