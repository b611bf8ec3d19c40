"""Reading KB's survey workbooks: the XLSX layout the statistics are exported in per year.

The first row holds the term keys (``Utlan399``, or ``Folk120`` in the old
survey), the second their Swedish labels, and below them one row per area: the
country, the counties and the municipalities, with a code, a name and often a
library name. Some columns are text (a link to the library plan, a comment),
some cells are empty, and a code may have lost its leading zero on the way
through a spreadsheet (``180`` for Stockholm).

This module only reads and checks; it writes nothing. A workbook with any
fault is refused whole, with every fault named by row and column, so an
import is all of the file or none of it (`verksam.statistics.services`).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from verksam.organisations.areas import AreaCodeError, get_area, normalise_code
from verksam.statistics.catalogue import KB, KOLADA, get_entry

CODE_KEYS = {"kommunkod", "kod", "områdeskod", "omradeskod", "lanskod", "länskod", "kommun-kod"}
NAME_KEYS = {"kommun", "namn", "område", "omrade", "kommunnamn", "län", "lan", "stad"}
LIBRARY_KEYS = {"bibliotek", "biblioteksnamn", "library", "sigel"}
YEAR_KEYS = {"år", "ar", "sampleyear", "statistikår", "undersökningsår"}
#: What a survey export writes in a cell that has no figure.
EMPTY_MARKERS = {"", "-", "–", "—", "..", ".", "x", "X"}
COUNTRY_NAMES = {"riket", "sverige", "hela riket", "hela landet"}
TERM_KEY = re.compile(r"^[A-Za-z]+[0-9]+[A-Za-z0-9]*$")
MAX_VALUE = Decimal("1e13")
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class WorkbookFault:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class WorkbookValue:
    term: str
    area_code: str
    year: int
    value: Decimal
    library_name: str
    row: int


@dataclass
class ReadWorkbook:
    """What a workbook holds: values, the columns left out and why, and its faults."""

    values: list[WorkbookValue] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    empty_cells: int = 0
    faults: list[WorkbookFault] = field(default_factory=list)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(value: object) -> Decimal | None:
    """The cell's number, None for an empty cell; raises ValueError for text that is no number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip()
    if text in EMPTY_MARKERS:
        return None
    # Swedish exports write 12 345,5; spaces (also no-break ones) group the thousands.
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError from error
    if not number.is_finite():
        raise ValueError
    return number


def _term_source(key: str) -> str:
    return KOLADA if get_entry(KOLADA, key) else KB


def read_workbook(content: bytes, *, year: int | None = None) -> ReadWorkbook:
    """Read and check a survey workbook's bytes.

    `year` applies to the rows when the sheet has no year column of its own.
    """
    result = ReadWorkbook()
    fault = result.faults.append
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        fault(
            WorkbookFault(
                1,
                "A",
                _("The file is not an Excel workbook (%(error)s).")
                % {"error": type(error).__name__},
            )
        )
        return result
    sheet = book["Värden"] if "Värden" in book.sheetnames else book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    if len(rows) < 3:
        fault(
            WorkbookFault(
                len(rows) + 1,
                "A",
                _(
                    "The sheet needs the term keys in row 1, their labels in row 2 and an area per "
                    "row below; it has no rows of areas."
                ),
            )
        )
        return result
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    keys, labels = rows[0], rows[1]

    code_column = name_column = library_column = year_column = None
    term_columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, raw_key in enumerate(keys):
        letter = get_column_letter(index + 1)
        key = _text(raw_key)
        folded = key.casefold()
        if not key:
            if any(_text(row[index]) for row in rows[2:]):
                fault(WorkbookFault(1, letter, _("The column has values but no term key.")))
            continue
        if folded in seen:
            fault(
                WorkbookFault(
                    1,
                    letter,
                    _("The key %(key)s is also in column %(other)s.")
                    % {"key": key, "other": seen[folded]},
                )
            )
            continue
        seen[folded] = letter
        if folded in CODE_KEYS:
            code_column = index
        elif folded in NAME_KEYS:
            name_column = index
        elif folded in LIBRARY_KEYS:
            library_column = index if library_column is None else library_column
        elif folded in YEAR_KEYS:
            year_column = index
        elif TERM_KEY.match(key):
            entry = get_entry(_term_source(key), key)
            if entry is None:
                result.skipped_columns.append(
                    _("%(column)s (%(key)s): not a numeric term of the statistics")
                    % {"column": letter, "key": key}
                )
            else:
                term_columns[index] = key
        else:
            result.skipped_columns.append(
                _("%(column)s (%(key)s): not a term key") % {"column": letter, "key": key}
            )
    if code_column is None:
        fault(
            WorkbookFault(
                1, "A", _("No column of area codes: row 1 must name one “Kommunkod” (or “Kod”).")
            )
        )
        return result
    code_letter = get_column_letter(code_column + 1)
    if _looks_like_code(rows[1][code_column]):
        fault(
            WorkbookFault(
                2,
                code_letter,
                _("Row 2 must hold the Swedish labels of the terms, but it holds an area code."),
            )
        )
    if year is None and year_column is None:
        fault(
            WorkbookFault(
                1, "A", _("The sheet has no column “År”; give the year the statistics are for.")
            )
        )

    # A column with no number at all is text (a link, a comment): left out, with a note.
    for index in list(term_columns):
        cells = [row[index] for row in rows[2:]]
        numbers = 0
        for cell in cells:
            with contextlib.suppress(ValueError):
                numbers += _number(cell) is not None
        if not numbers:
            letter = get_column_letter(index + 1)
            label = _text(labels[index])
            result.skipped_columns.append(
                _("%(column)s (%(key)s%(label)s): text, not figures")
                % {
                    "column": letter,
                    "key": term_columns[index],
                    "label": f" – {label}" if label else "",
                }
            )
            del term_columns[index]

    seen_areas: dict[tuple[str, int], int] = {}
    for offset, row in enumerate(rows[2:]):
        number = offset + 3
        if all(_text(cell) == "" for cell in row):
            continue
        raw_code = row[code_column]
        if _text(raw_code) == "":
            fault(WorkbookFault(number, code_letter, _("The row has no area code.")))
            continue
        try:
            code = normalise_code(raw_code)
        except AreaCodeError as error:
            fault(WorkbookFault(number, code_letter, str(error)))
            continue
        if name_column is not None:
            _check_name(result, number, name_column, code, _text(row[name_column]))
        row_year = year
        if year_column is not None and _text(row[year_column]) != "":
            row_year = _read_year(result, number, year_column, row[year_column])
            if row_year is None:
                continue
        if row_year is None:
            continue
        if (code, row_year) in seen_areas:
            fault(
                WorkbookFault(
                    number,
                    code_letter,
                    _("%(code)s %(name)s is also on row %(other)s.")
                    % {
                        "code": code,
                        "name": get_area(code).name,
                        "other": seen_areas[(code, row_year)],
                    },
                )
            )
            continue
        seen_areas[(code, row_year)] = number
        library = _text(row[library_column]) if library_column is not None else ""
        for index, key in term_columns.items():
            _read_value(result, number, index, key, row[index], code, row_year, library)
    if not seen_areas and not result.faults:
        fault(WorkbookFault(3, code_letter, _("The sheet has no rows of areas.")))
    return result


def _looks_like_code(value: object) -> bool:
    try:
        normalise_code(value)
    except AreaCodeError:
        return False
    return True


def _check_name(result: ReadWorkbook, row: int, column: int, code: str, name: str) -> None:
    """A name that is not the code's area means the row has slipped, or the code is wrong."""
    if not name:
        return
    official = get_area(code).name.casefold()
    given = name.casefold()
    if code == "00" and given in COUNTRY_NAMES:
        return
    if given in official or official in given or official.removesuffix(" län") in given:
        return
    result.faults.append(
        WorkbookFault(
            row,
            get_column_letter(column + 1),
            _("“%(name)s” is not the name of %(code)s, which is %(official)s.")
            % {"name": name, "code": code, "official": get_area(code).name},
        )
    )


def _read_year(result: ReadWorkbook, row: int, column: int, value: object) -> int | None:
    letter = get_column_letter(column + 1)
    try:
        number = _number(value.year if isinstance(value, datetime.date) else value)
    except ValueError:
        number = None
    if (
        number is None
        or number != number.to_integral_value()
        or not (FIRST_YEAR <= number <= LAST_YEAR)
    ):
        result.faults.append(
            WorkbookFault(row, letter, _("“%(value)s” is not a year.") % {"value": _text(value)})
        )
        return None
    return int(number)


def _read_value(result, row, column, key, cell, code, year, library) -> None:
    letter = get_column_letter(column + 1)
    fault = result.faults.append
    try:
        number = _number(cell)
    except ValueError:
        fault(
            WorkbookFault(
                row,
                letter,
                _("%(key)s: “%(value)s” is not a number.") % {"key": key, "value": _text(cell)},
            )
        )
        return
    if number is None:
        result.empty_cells += 1
        return
    entry = get_entry(_term_source(key), key)
    if abs(number) >= MAX_VALUE:
        fault(
            WorkbookFault(
                row, letter, _("%(key)s: %(value)s is too large.") % {"key": key, "value": cell}
            )
        )
        return
    if number < 0:
        fault(
            WorkbookFault(
                row, letter, _("%(key)s: %(value)s is negative.") % {"key": key, "value": cell}
            )
        )
        return
    if entry.is_count and entry.source == KB and number != number.to_integral_value():
        fault(
            WorkbookFault(
                row,
                letter,
                _("%(key)s counts whole units, but the cell holds %(value)s.")
                % {"key": key, "value": cell},
            )
        )
        return
    result.values.append(WorkbookValue(key, code, year, number, library, row))
