"""Reading numbers, headers and tables of import files (no database)."""

import codecs
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from verksam.indicators.imports.columns import guess_mapping
from verksam.indicators.imports.files import column_letter, detect_format, read_table
from verksam.indicators.imports.problems import FileProblem, ValueProblem
from verksam.indicators.imports.values import number_style, parse_value


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),  # non-breaking space, as Excel writes it
        ("1\u202f234,5", "1234.5"),  # narrow non-breaking space
        ("1234,5", "1234.5"),
        ("12 345 678", "12345678"),
        ("\u221212", "-12"),  # Unicode minus
        ("\u2212 1 234,25", "-1234.25"),
        ("-0,5", "-0.5"),
        ("+7", "7"),
        ("0,123", "0.123"),
        ("  42  ", "42"),
        ("1,234.5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1,234,567", "1234567"),
        ("1,234,567.125", "1234567.125"),
        ("-12.75", "-12.75"),
        ("0", "0"),
        ("-0", "0"),
        ("1,123456", "1.123456"),
    ],
)
def test_it_reads_swedish_and_english_numbers(text, expected):
    assert parse_value(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1234, "1234"),
        (1234.5, "1234.5"),
        (0.1 + 0.2, "0.3"),  # a computed cell's binary noise is rounded away
        (-12, "-12"),
        (Decimal("1.5"), "1.5"),
    ],
)
def test_it_reads_numeric_cells(cell, expected):
    assert parse_value(cell) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,345,6", "is not a number in Swedish (1 234,5) or English (1,234.5) notation"),
        ("1.234.5", "is not a number in Swedish"),
        ("1 23,5", "is not a number in Swedish"),
        ("1,23.4", "is not a number in Swedish"),
        ("1.234,5", "is not a number in Swedish"),
        ("abc", "without words, a unit or a per cent sign"),
        ("12 %", "without words, a unit or a per cent sign"),
        ("12 kr", "without words, a unit or a per cent sign"),
        ("1e5", "without words, a unit or a per cent sign"),
        ("NaN", "without words, a unit or a per cent sign"),
        ("--1", "without words, a unit or a per cent sign"),
        ("", "The value is empty"),
        ("   ", "The value is empty"),
        (None, "The value is empty"),
        ("1,1234567", "more than six decimals"),
        ("1000000000000", "too large"),
        ("1,234", "could mean 1234 (English notation) or 1.234"),
        (True, "is not a number"),
        (datetime.date(2024, 1, 1), "a date, not a number"),
        (float("nan"), "not a number"),
    ],
)
def test_it_refuses_what_is_not_a_clear_number(text, message):
    with pytest.raises(ValueProblem) as caught:
        parse_value(text)
    assert message in caught.value.message


def test_it_reads_an_ambiguous_value_by_the_files_convention():
    assert parse_value("1,234", style="sv") == Decimal("1.234")
    assert parse_value("1,234", style="en") == Decimal("1234")
    assert parse_value("-1,234", style="sv") == Decimal("-1.234")


@pytest.mark.parametrize(
    ("values", "hint", "expected"),
    [
        (["1 234,5", "1,234", "12"], None, "sv"),
        (["1,234.5", "1,234", "12"], None, "en"),
        (["12.5", "1,234"], None, "en"),
        (["1,234", "12"], None, None),
        (["1,234", "12"], "sv", "sv"),
        (["1,5", "2.5"], "sv", None),  # the file disagrees with itself: nothing is guessed
        ([1234.5, "1,234"], None, None),
    ],
)
def test_it_tells_the_files_number_convention_from_its_clear_values(values, hint, expected):
    assert number_style(values, hint=hint) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Organisation", "Indikator", "Period", "Värde", "Kommentar"],
            {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4},
        ),
        (
            ["Kommunkod", "Nyckel", "År", "värde", "anteckning"],
            {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4},
        ),
        (
            ["note", "VALUE", "year", "key", "Library"],
            {"organisation": 4, "indicator": 3, "period": 2, "value": 1, "note": 0},
        ),
        (
            ["Bibliotek:", "indicator_key", "Period", "Värde (antal)"],
            {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": None},
        ),
        (
            ["Namn", "Indikator", "Period", "Summa"],
            {"organisation": None, "indicator": 1, "period": 2, "value": None, "note": None},
        ),
    ],
)
def test_it_recognises_swedish_and_english_headers(headers, expected):
    assert guess_mapping(headers) == expected


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (3, "D"), (25, "Z"), (26, "AA")])
def test_it_names_spreadsheet_columns_by_letter(index, letters):
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        (b"organisation;indikator;period;v\xc3\xa4rde\n", ";"),
        (b"organisation,indicator,period,value\n", ","),
        (b"organisation\tindicator\tperiod\tvalue\n", "\t"),
        (b'"organisation; name",indicator,period,value\n', ","),
    ],
)
def test_it_finds_the_column_separator_from_the_header(content, delimiter):
    table = read_table(content + b"Kalmar stadsbibliotek;x\n", "csv")
    assert table.delimiter == delimiter
    assert len(table.headers) == 4


def test_it_reads_utf8_with_and_without_byte_order_mark_and_utf16():
    text = "värde;period;indikator;organisation\n1;2024;Besok01;Kalmar\n"
    for content in (
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        text.encode("utf-16"),  # with its byte order mark, as Excel's "Unicode text"
    ):
        table = read_table(content, "csv")
        assert table.headers == ["värde", "period", "indikator", "organisation"]
        assert table.rows == [(2, ["1", "2024", "Besok01", "Kalmar"])]


def test_it_names_the_first_line_that_is_not_utf8():
    content = "organisation;värde\nKalmar;1\nUtlån;2\n".encode()
    content += "Växjö;3\n".encode("cp1252")
    with pytest.raises(FileProblem) as caught:
        read_table(content, "csv")
    assert caught.value.problem.row == 4
    assert "not UTF-8 encoded (line 4)" in caught.value.problem.message


def test_it_counts_rows_as_in_the_file_even_after_empty_lines():
    table = read_table(b"a;b\n\n1;2\n;\n3;4\n", "csv")
    numbers = [number for number, cells in table.rows if any(cells)]
    assert numbers == [3, 5]


def test_it_takes_off_the_quote_an_export_puts_before_formula_like_text():
    table = read_table(b"a;b\n'=SUM(A1);'-x\n'plain;x\n", "csv")
    assert table.rows[0][1] == ["=SUM(A1)", "-x"]
    assert table.rows[1][1] == ["'plain", "x"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04rest", "xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),
        (b"organisation;value\n", "csv"),
    ],
)
def test_it_tells_the_format_from_the_content(content, expected):
    assert detect_format(content) == expected
