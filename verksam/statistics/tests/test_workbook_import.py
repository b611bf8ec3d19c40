import copy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from verksam.statistics.models import StatisticValue
from verksam.statistics.services import workbook_import
from verksam.statistics.tests.builders import survey_rows, workbook_bytes
from verksam.statistics.workbook import read_workbook

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("statistics", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "bibstat-2023.xlsx"
    path.write_bytes(workbook_bytes(survey_rows()))
    return path


def test_it_imports_every_value_and_the_value_command_gives_each_back(survey_file):
    run("import", str(survey_file), "--year", "2023")

    expected = {
        ("00", "Utlan399"): "52000000",
        ("08", "Utlan399"): "1900000",
        ("03", "Besok01"): "2900000",
        ("0880", "Utlan399"): "512345",
        ("0880", "Besok01"): "610000",
        ("0180", "Utlan399"): "6543210",
        ("0380", "Utlan399"): "1234567",
        ("0380", "Population01"): "242000",
        ("1452", "Population01"): "11900",
    }
    for (area, term), value in expected.items():
        assert run("value", "--area", area, "--term", term, "--year", "2023") == value
    # A code read as a number is padded back when asked for, too.
    assert run("value", "--area", "880", "--term", "Utlan399", "--year", "2023") == "512345"
    assert StatisticValue.objects.count() == 18


def test_it_skips_text_columns_and_empty_cells_with_a_note(survey_file):
    report = workbook_import(content=survey_file.read_bytes(), file_name="x.xlsx", year=2023)

    assert report.ok
    assert any("Plan01" in note for note in report.skipped_columns)
    assert any("Kommentar" in note for note in report.skipped_columns)
    assert report.empty_cells == 3
    assert not StatisticValue.objects.filter(term__in=["Plan01", "Kommentar"]).exists()
    assert StatisticValue.objects.get(term="Utlan399", area_code="0880").library_name == (
        "Kalmar stadsbibliotek"
    )


def test_it_prints_per_inhabitant_values(survey_file):
    run("import", str(survey_file), "--year", "2023")

    value = run(
        "value", "--area", "0880", "--term", "Utlan399", "--year", "2023", "--per", "inhabitant"
    )

    assert value == "7.216127"


def test_it_reports_replaced_and_unchanged_values_on_a_second_import(survey_file, tmp_path):
    first = workbook_import(content=survey_file.read_bytes(), file_name="a.xlsx", year=2023)
    again = workbook_import(content=survey_file.read_bytes(), file_name="a.xlsx", year=2023)
    rows = survey_rows()
    rows[5][3] = 500000
    changed = workbook_import(content=workbook_bytes(rows), file_name="b.xlsx", year=2023)

    assert (first.created, first.replaced) == (18, 0)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 18)
    assert (changed.created, changed.replaced, changed.unchanged) == (0, 1, 17)
    assert StatisticValue.objects.count() == 18


def test_it_writes_nothing_on_a_dry_run(survey_file):
    output = run("import", str(survey_file), "--year", "2023", "--dry-run")

    assert "18" in output
    assert not StatisticValue.objects.exists()


def test_it_reads_the_year_from_a_year_column(tmp_path):
    rows = [row[:4] for row in survey_rows()[:6]]
    rows[0].append("År")
    rows[1].append("År")
    for row in rows[2:]:
        row.append(2022)
    report = workbook_import(content=workbook_bytes(rows), file_name="x.xlsx")

    assert report.ok
    assert report.years == [2022]


def test_it_exits_non_zero_when_there_is_no_value():
    with pytest.raises(CommandError):
        run("value", "--area", "0880", "--term", "Utlan399", "--year", "2023")


def test_it_refuses_an_unknown_area_in_the_value_command():
    with pytest.raises(CommandError):
        run("value", "--area", "9999", "--term", "Utlan399", "--year", "2023")


def _mutated(change):
    rows = copy.deepcopy(survey_rows())
    change(rows)
    return workbook_bytes(rows)


def _set(row, column, value):
    def change(rows):
        rows[row - 1][column] = value

    return change


def _add_column(key, values):
    def change(rows):
        rows[0].append(key)
        rows[1].append("")
        for row, value in zip(rows[2:], values, strict=False):
            row.append(value)

    return change


def _no_area_rows(rows):
    del rows[2:]
    rows.append([None] * 8)


FAULTS = {
    "not a workbook": (lambda: b"Kommunkod;Utlan399\n0880;5\n", 1, "A"),
    "no code column": (lambda: _mutated(_set(1, 0, "Nummer")), 1, "A"),
    "a key twice": (lambda: _mutated(_set(1, 4, "Utlan399")), 1, "E"),
    "values without a key": (lambda: _mutated(_add_column("", [1, 2, 3])), 1, "I"),
    "labels missing": (lambda: _mutated(lambda rows: rows.pop(1)), 2, "A"),
    "code not in the list": (lambda: _mutated(_set(6, 0, 9999)), 6, "A"),
    "code is text": (lambda: _mutated(_set(6, 0, "Kalmar")), 6, "A"),
    "code missing": (lambda: _mutated(_set(7, 0, None)), 7, "A"),
    "area twice": (lambda: _mutated(_set(7, 0, "0880")), 7, "A"),
    "text in a figure": (lambda: _mutated(_set(6, 3, "många")), 6, "D"),
    "negative figure": (lambda: _mutated(_set(6, 4, -3)), 6, "E"),
    "fraction of a count": (lambda: _mutated(_set(6, 3, 12.5)), 6, "D"),
    "figure too large": (lambda: _mutated(_set(6, 3, 10**14)), 6, "D"),
    "name of another area": (lambda: _mutated(_set(6, 1, "Uppsala")), 6, "B"),
    "year that is no year": (lambda: _mutated(_add_column("År", [2023, "tjugo"])), 4, "I"),
    "no area rows": (lambda: _mutated(_no_area_rows), 3, "A"),
}


@pytest.mark.parametrize("kind", list(FAULTS))
def test_it_refuses_a_malformed_workbook_naming_row_and_column(kind, tmp_path):
    build, row, column = FAULTS[kind]
    content = build()
    path = tmp_path / "fel.xlsx"
    path.write_bytes(content)

    faults = read_workbook(content, year=2023).faults
    with pytest.raises(CommandError):
        call_command(
            "statistics",
            "import",
            str(path),
            "--year",
            "2023",
            stdout=StringIO(),
            stderr=StringIO(),
        )

    assert (row, column) in {(fault.row, fault.column) for fault in faults}, faults
    assert all(f"{fault.row}" in str(fault) and fault.column in str(fault) for fault in faults)
    assert not StatisticValue.objects.exists()


def test_it_refuses_a_workbook_without_a_year():
    faults = read_workbook(workbook_bytes(survey_rows())).faults

    assert [(fault.row, fault.column) for fault in faults] == [(1, "A")]
