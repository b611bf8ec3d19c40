"""Reading and checking files of measurements (CSV and XLSX) before anything is written.

A file holds one measurement a row: organisation, indicator, period, value and
an optional note, under headers in Swedish or English. `read_table` turns the
bytes into a header and rows (or a `FileProblem` when the file cannot be read
at all); `guess_mapping` finds which column holds which field; and
`validate_table` checks every row against the database, naming the row and the
column of each problem, so the import itself (import_services) can write all
rows or none.

Rows are counted as in the file, the header being row 1, so that a row number
in a message is the row number Excel shows.
"""

import codecs
import csv
import datetime
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from verksam.indicators.models import Indicator, Measurement
from verksam.indicators.periods import PeriodError, format_period, parse_checked_period
from verksam.organisations.models import Organisation

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ERRORS = 200
MAX_ROWS = 100_000
#: The most columns a row may use: a measurement needs five, an export has a few more.
MAX_COLUMNS = 100
#: The most an XLSX file may hold once unpacked, and how many parts it may have: a small
#: zip can unpack to gigabytes (a "zip bomb"), so a workbook is measured before it is read.
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_WORKBOOK_PARTS = 1000
#: The longest note a measurement keeps (Measurement.note).
NOTE_LENGTH = 300
#: How often (in rows) `validate_table` reports its progress.
PROGRESS_EVERY = 50

CSV = "csv"
XLSX = "xlsx"

#: The fields of a measurement row, in the order of an exported file.
FIELDS = ("organisation", "indicator", "period", "value", "note")
REQUIRED_FIELDS = ("organisation", "indicator", "period", "value")
FIELD_LABELS = {
    "organisation": gettext_lazy("organisation"),
    "indicator": gettext_lazy("indicator"),
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value"),
    "note": gettext_lazy("note"),
}

#: Header texts recognised for each field, written as `_normalise_header` leaves them.
HEADER_NAMES = {
    "organisation": {
        "organisation",
        "organization",
        "org",
        "organisationsnamn",
        "bibliotek",
        "biblioteksnamn",
        "biblioteks-id",
        "biblioteksid",
        "bibliotekskod",
        "library",
        "library name",
        "library id",
        "library statistics id",
        "kommun",
        "kommunkod",
        "kommunnamn",
        "municipality",
        "municipality code",
        "enhet",
        "unit",
    },
    "indicator": {
        "indikator",
        "indicator",
        "indikatornyckel",
        "indicator key",
        "nyckel",
        "key",
        "nyckeltal",
        "mätetal",
        "mått",
        "variabel",
        "variable",
        "kpi",
    },
    "period": {"period", "år", "year", "tidsperiod", "tid", "time", "månad", "month"},
    "value": {
        "värde",
        "value",
        "mätvärde",
        "utfall",
        "antal",
        "resultat",
        "result",
        "amount",
        "count",
    },
    "note": {
        "kommentar",
        "kommentarer",
        "note",
        "notes",
        "anmärkning",
        "notering",
        "anteckning",
        "anteckningar",
        "comment",
        "comments",
        "fotnot",
    },
}

_SPACE_CHARACTERS = " \u00a0\u202f\u2009"
_MINUS_SIGNS = "-\u2212"
_PLAIN_INTEGER = re.compile(r"^\d+$")
# "1,234" is 1.234 in Swedish and 1234 in English: the file's other values decide.
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_SWEDISH = re.compile(r"^(?:\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:,\d+)?$")
_ENGLISH = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_LARGEST_VALUE = Decimal(10) ** 12
_FORMULA_PREFIXES = ("=", "+", "-", "@")


# Problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem in a file: the row (header = 1; None for the whole file), column, message."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class FileProblem(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class ValueProblem(ValueError):
    """A cell that is not an acceptable number."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Reading a file ---------------------------------------------------------------------


@dataclass
class Table:
    """A file read into headers and rows; each row is (row number in the file, cells)."""

    file_format: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    delimiter: str | None = None
    #: A CSV header's number of fields, empty ones at the end included.
    field_count: int = 0

    def column_label(self, index: int) -> str:
        """The column as a person finds it: "C (värde)" in a workbook, its header in a CSV."""
        header = self.headers[index] if index < len(self.headers) else ""
        if self.file_format == XLSX:
            letter = column_letter(index)
            return f"{letter} ({header})" if header else letter
        return header or _("column %(number)d") % {"number": index + 1}

    def column_choices(self) -> list[tuple[int, str]]:
        """Every column, for the column mapping: (index, label)."""
        return [(index, self.choice_label(index)) for index in range(len(self.headers))]

    def choice_label(self, index: int) -> str:
        header = self.headers[index]
        if self.file_format == XLSX:
            return self.column_label(index)
        number = _("column %(number)d") % {"number": index + 1}
        return f"{header} ({number})" if header else number

    @property
    def number_style_hint(self) -> str | None:
        """Semicolon-separated files come from Excel set to Swedish, where "1,5" means 1.5."""
        return "sv" if self.delimiter == ";" else None

    def sample(self, count: int = 5) -> list[tuple[int, list[str]]]:
        """The first rows, as text padded to the width of the header, for the mapping page."""
        width = len(self.headers)
        rows = []
        for number, cells in self.rows[:count]:
            texts = [cell_text(cell) for cell in cells[:width]]
            rows.append((number, texts + [""] * (width - len(texts))))
        return rows


def column_letter(index: int) -> str:
    """A spreadsheet column's letters, from a 0-based index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def detect_format(content: bytes) -> str | None:
    """The format of a file by its first bytes: xlsx for a zip container, csv for text.

    None for an old Excel (.xls) file, which cannot be read.
    """
    if content.startswith(b"PK\x03\x04"):
        return XLSX
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return None
    return CSV


def read_table(content: bytes, file_format: str) -> Table:
    """The file's header and rows; FileProblem when it cannot be read as a table."""
    if file_format == XLSX:
        return _read_xlsx(content)
    return _read_csv(content)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" is UTF-16 with a byte order mark: unambiguous, so accepted.
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            Problem(
                line,
                "",
                _(
                    "The file is not UTF-8 encoded (line %(line)d): save it as UTF-8 "
                    "(“CSV UTF-8” in Excel) and upload it again."
                )
                % {"line": line},
            )
        ) from None


def _choose_delimiter(header_line: str) -> str:
    counts = {}
    for delimiter in (";", "\t", ","):
        counts[delimiter] = len(next(csv.reader([header_line], delimiter=delimiter)))
    best = max(counts, key=lambda delimiter: counts[delimiter])  # ties: first in order
    if counts[best] >= 2:
        return best
    others = [d for d in ("|", ":", "!") if header_line.count(d) >= 1]
    if others:
        message = _(
            "The header has only one column: the columns seem to be separated by “%(found)s”. "
            "Separate them with semicolons (;), commas (,) or tabs."
        ) % {"found": others[0]}
    else:
        message = _(
            "The header has only one column: the file needs columns for organisation, "
            "indicator, period and value, separated by semicolons (;), commas (,) or tabs."
        )
    raise FileProblem(Problem(1, "", message))


def _read_csv(content: bytes) -> Table:
    text = _decode(content).lstrip("\ufeff")
    if not text.strip():
        raise FileProblem(Problem(1, "", _("The file is empty.")))
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = _choose_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if headers is None:
                if not any(cell.strip() for cell in cells):
                    continue
                headers = [_clean_header(cell) for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue  # an empty line: skipped, but still counted
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append((number, [_unescape(cell) for cell in cells]))
    except csv.Error as error:
        raise FileProblem(
            Problem(
                number + 1,
                "",
                _(
                    "Row %(row)d could not be read as CSV (%(error)s): check for a quotation "
                    'mark (") that is opened but not closed.'
                )
                % {"row": number + 1, "error": error},
            )
        ) from None
    field_count = len(headers or [])
    headers = _trim_headers(headers or [])
    # Columns with values but no header stay visible, to be reported or chosen by hand.
    width = max([len(headers)] + [min(_used_width(cells), field_count) for _n, cells in rows])
    headers += [""] * (width - len(headers))
    return Table(CSV, headers, rows, delimiter, field_count)


def _too_many_rows() -> FileProblem:
    return FileProblem(
        Problem(
            None,
            "",
            _("The file has more than %(count)s rows: split it into smaller files.")
            % {"count": f"{MAX_ROWS:,}".replace(",", " ")},
        )
    )


def _read_xlsx(content: bytes) -> Table:
    unreadable = FileProblem(
        Problem(
            None,
            "",
            _(
                "The file could not be read as an XLSX workbook: open it in Excel "
                "and save it again as an Excel workbook (.xlsx)."
            ),
        )
    )
    _check_unpacked_size(content, unreadable)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError):
        raise unreadable from None
    except Exception as error:  # openpyxl raises its own errors for damaged workbooks
        raise unreadable from error
    try:
        if not workbook.worksheets:
            raise FileProblem(Problem(1, "", _("The file is empty.")))
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # saved dimensions are often wrong; read every row
        headers: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if headers is None:
                if all(cell_text(cell) == "" for cell in cells):
                    continue
                headers = _trim_headers([_clean_header(cell_text(cell)) for cell in cells])
                if len(headers) > MAX_COLUMNS:
                    raise _too_many_columns(number, len(headers))
                continue
            width = _used_width(cells)
            if width == 0:
                continue  # an empty row: skipped, but still counted
            if width > MAX_COLUMNS:
                raise _too_many_columns(number, width)
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append((number, cells[:width]))  # cells past the last value are dropped
    except FileProblem:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()
    if headers is None:
        raise FileProblem(Problem(1, "", _("The file is empty.")))
    headers = _trim_headers(headers)
    width = max([len(headers)] + [_used_width(cells) for _number, cells in rows])
    headers += [""] * (width - len(headers))
    return Table(XLSX, headers, rows)


def _check_unpacked_size(content: bytes, unreadable: FileProblem) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_SIZE.

    The sizes are those the zip's directory declares; Python's zipfile never unpacks
    more than the declared size of a part, so a part that lies about it cannot grow
    past the limit either.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_WORKBOOK_PARTS or unpacked > MAX_UNPACKED_SIZE:
        raise FileProblem(
            Problem(
                None,
                "",
                _(
                    "The workbook unpacks to %(size)s MB, more than the %(limit)s MB that can "
                    "be imported: save only the sheet with the measurements, or split it "
                    "into smaller files."
                )
                % {
                    "size": f"{unpacked / 1024 / 1024:,.0f}".replace(",", " "),
                    "limit": MAX_UNPACKED_SIZE // 1024 // 1024,
                },
            )
        )


def _too_many_columns(row: int, width: int) -> FileProblem:
    return FileProblem(
        Problem(
            row,
            column_letter(width - 1),
            _(
                "Row %(row)d has a value in column %(column)s: a file can have at most "
                "%(count)d columns. Remove what is not measurements and upload it again."
            )
            % {"row": row, "column": column_letter(width - 1), "count": MAX_COLUMNS},
        )
    )


def _used_width(cells: list[Any]) -> int:
    for index in range(len(cells) - 1, -1, -1):
        if cell_text(cells[index]) != "":
            return index + 1
    return 0


def _trim_headers(headers: list[str]) -> list[str]:
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _clean_header(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").split())


def _unescape(text: str) -> str:
    """Undo the quote an export puts before text that Excel would run as a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_PREFIXES:
        return text[1:]
    return text


def cell_text(cell: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO dates, None as ""."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and math.isfinite(cell) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return " ".join(str(cell).split())


# Columns ------------------------------------------------------------------------------


def _normalise_header(text: str) -> str:
    text = " ".join(str(text).split()).casefold().strip(" :*\"'")
    return text.replace("_", " ")


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Which column holds which field, from the headers; None where no header fits."""
    mapping: dict[str, int | None] = dict.fromkeys(FIELDS)
    for index, header in enumerate(headers):
        name = _normalise_header(header)
        candidates = [name, re.sub(r"\s*\(.*\)$", "", name)]
        for field_name, names in HEADER_NAMES.items():
            if mapping[field_name] is None and any(c in names for c in candidates):
                mapping[field_name] = index
                break
    return mapping


def clean_mapping(mapping: dict[str, Any] | None, width: int) -> dict[str, int | None]:
    """A stored or posted mapping as {field: column index or None}, ignoring bad entries."""
    cleaned: dict[str, int | None] = dict.fromkeys(FIELDS)
    for field_name, index in (mapping or {}).items():
        if field_name not in cleaned or index in (None, ""):
            continue
        try:
            index = int(index)
        except (TypeError, ValueError):
            continue
        if 0 <= index < width:
            cleaned[field_name] = index
    return cleaned


# Values -------------------------------------------------------------------------------


def _strip_sign(text: str) -> tuple[int, str]:
    if text and text[0] in _MINUS_SIGNS:
        return -1, text[1:].strip(_SPACE_CHARACTERS)
    if text.startswith("+"):
        return 1, text[1:].strip(_SPACE_CHARACTERS)
    return 1, text


def value_style(text: str) -> str | None:
    """The convention ("sv" or "en") that a value's text shows unambiguously, else None."""
    _sign, text = _strip_sign(text.strip(_SPACE_CHARACTERS))
    if _PLAIN_INTEGER.match(text) or _AMBIGUOUS.match(text):
        return None
    if _SWEDISH.match(text):
        return "sv"
    if _ENGLISH.match(text):
        return "en"
    return None


def number_style(values: Iterable[Any], hint: str | None = None) -> str | None:
    """The file's number convention, from its unambiguous values; None when they disagree."""
    styles = {value_style(value) for value in values if isinstance(value, str)} - {None}
    if len(styles) == 1:
        return styles.pop()
    if not styles:
        return hint
    return None


def parse_value(cell: Any, *, style: str | None = None) -> Decimal:
    """A cell as a Decimal, in Swedish ("1 234,5") or English ("1,234.5") notation.

    `style` ("sv" or "en") decides values such as "1,234" that mean different
    numbers in the two; without it they are refused as ambiguous.
    """
    if isinstance(cell, bool):
        raise ValueProblem(_("“%(text)s” is not a number.") % {"text": cell})
    if isinstance(cell, int):
        return _checked(Decimal(cell), cell_text(cell))
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ValueProblem(_("The value is not a number."))
        # A computed spreadsheet cell carries binary noise (0.1 + 0.2); keep six decimals.
        return _checked(round(Decimal(repr(cell)), 6), cell_text(cell))
    if isinstance(cell, Decimal):
        return _checked(cell, str(cell))
    if isinstance(cell, datetime.date | datetime.time):
        raise ValueProblem(
            _("The value is a date, not a number: format the cell as a number in Excel.")
        )
    original = "" if cell is None else " ".join(str(cell).split())
    text = str(cell or "").strip().strip(_SPACE_CHARACTERS)
    if not text:
        raise ValueProblem(_("The value is empty: every row needs a number."))
    sign, unsigned = _strip_sign(text)
    if _PLAIN_INTEGER.match(unsigned):
        number = unsigned
    elif _AMBIGUOUS.match(unsigned):
        if style == "sv":
            number = unsigned.replace(",", ".")
        elif style == "en":
            number = unsigned.replace(",", "")
        else:
            raise ValueProblem(
                _(
                    "“%(text)s” could mean %(english)s (English notation) or %(swedish)s "
                    "(Swedish notation), and the file's other values do not tell which: "
                    "write thousands without a separator (%(english)s)."
                )
                % {
                    "text": original,
                    "english": unsigned.replace(",", ""),
                    "swedish": unsigned.replace(",", "."),
                }
            )
    elif _SWEDISH.match(unsigned):
        number = "".join(c for c in unsigned if c not in _SPACE_CHARACTERS).replace(",", ".")
    elif _ENGLISH.match(unsigned):
        number = unsigned.replace(",", "")
    elif re.search(r"[^\d\s\u00a0\u202f\u2009.,]", unsigned):
        raise ValueProblem(
            _(
                "“%(text)s” is not a number: write the number alone, without words, "
                "a unit or a per cent sign."
            )
            % {"text": original}
        )
    else:
        raise ValueProblem(
            _("“%(text)s” is not a number in Swedish (1 234,5) or English (1,234.5) notation.")
            % {"text": original}
        )
    try:
        value = Decimal(number) * sign
    except InvalidOperation:
        raise ValueProblem(_("“%(text)s” is not a number.") % {"text": original}) from None
    return _checked(value, original)


def _checked(value: Decimal, text: str) -> Decimal:
    if abs(value) >= _LARGEST_VALUE:
        raise ValueProblem(
            _("“%(text)s” is too large: values must be below a million million.") % {"text": text}
        )
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise ValueProblem(_("“%(text)s” has more than six decimals.") % {"text": text})
    return value + 0  # drop a negative zero's sign


# Checking rows ------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One checked row, ready to be written."""

    row: int
    organisation: Organisation
    indicator: Indicator
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    note: str
    existing_value: Decimal | None = None
    existing_note: str = ""
    exists: bool = False

    @property
    def period_label(self) -> str:
        return format_period(self.period_start, self.period_end)

    @property
    def key(self) -> tuple[int, int, datetime.date, datetime.date]:
        return (self.organisation.pk, self.indicator.pk, self.period_start, self.period_end)


@dataclass
class Validation:
    """The result of checking a file: its rows when valid, its problems when not."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total_rows: int = 0
    truncated: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def replacing_count(self) -> int:
        return sum(1 for row in self.rows if row.exists)

    @property
    def new_count(self) -> int:
        return len(self.rows) - self.replacing_count

    def errors_as_data(self) -> list[dict[str, Any]]:
        """The problems as stored on MeasurementImport.errors, with the note on truncation."""
        data = [problem.as_dict() for problem in self.problems]
        if self.truncated:
            data.append(
                Problem(
                    None,
                    "",
                    _(
                        "There are more than %(count)d problems; only the first %(count)d "
                        "are listed. Correct these and upload the file again."
                    )
                    % {"count": MAX_ERRORS},
                ).as_dict()
            )
        return data


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


#: Between a unit's name and its parent's in an organisation cell: "Lindsdal › Barn och unga".
PATH_SEPARATOR = " › "
_PATH_SPLIT = re.compile(r"\s+[›>]\s+")


class _Organisations:
    """The organisations a file may name: the import's organisation and its units.

    A cell names a unit by its library statistics id, its municipality code,
    its name, or, where names repeat, its parent's name and its own
    ("Lindsdals bibliotek › Barn och unga").
    """

    def __init__(self, organisation: Organisation):
        self.root = organisation
        self.by_pk: dict[int, Organisation] = {}
        self.by_code: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        for unit in Organisation.objects.descendants_of(organisation):
            self.by_pk[unit.pk] = unit
            for code in (unit.library_statistics_id, unit.municipality_code):
                if code:
                    self.by_code.setdefault(_key(code), unit)
            for name in {_key(unit.name), _key(unit.short_name)} - {""}:
                self.by_name.setdefault(name, []).append(unit)

    def find(self, text: str) -> Organisation | list[Organisation] | None:
        key = _key(text)
        if key in self.by_code:
            return self.by_code[key]
        if key.isdigit() and len(key) < 4 and key.zfill(4) in self.by_code:
            return self.by_code[key.zfill(4)]  # Excel dropped the municipality code's zero
        parts = [_key(part) for part in _PATH_SPLIT.split(text.strip())]
        units = [
            unit for unit in self.by_name.get(parts[-1], []) if self._has_parents(unit, parts[:-1])
        ]
        if not units:
            return None
        return units[0] if len(units) == 1 else units

    def _has_parents(self, unit: Organisation, names: list[str]) -> bool:
        for name in reversed(names):
            parent = self.by_pk.get(unit.parent_id)
            if parent is None or name not in {_key(parent.name), _key(parent.short_name)}:
                return False
            unit = parent
        return True

    def exist_elsewhere(self, texts: set[str]) -> set[str]:
        """Which of the texts name or code an organisation outside the tree (one query)."""
        if not texts:
            return set()
        padded = texts | {text.zfill(4) for text in texts if text.isdigit() and len(text) < 4}
        found = Organisation.objects.filter(
            Q(name__in=texts)
            | Q(short_name__in=texts)
            | Q(municipality_code__in=padded)
            | Q(library_statistics_id__in=texts)
        ).values_list("name", "short_name", "municipality_code", "library_statistics_id")
        known = {_key(value) for values in found for value in values if value}
        return {text for text in texts if _key(text) in known or text.zfill(4) in known}


class _Indicators:
    """The indicators a file may name: shared ones and those of the organisation's tree."""

    def __init__(self, organisation: Organisation):
        self.by_key: dict[str, Indicator] = {}
        self.by_exact_key: dict[str, Indicator] = {}
        self.by_name: dict[str, list[Indicator]] = {}
        indicators = Indicator.objects.filter(
            Q(organisation__isnull=True)
            | Q(organisation_id__in=organisation.ancestor_ids)
            | Q(organisation__path__startswith=organisation.path)
        )
        for indicator in indicators:
            self.by_exact_key[indicator.key] = indicator
            self.by_key.setdefault(_key(indicator.key), indicator)
            self.by_name.setdefault(_key(indicator.name), []).append(indicator)

    def find(self, text: str) -> Indicator | list[Indicator] | None:
        stripped = text.strip()
        if stripped in self.by_exact_key:
            return self.by_exact_key[stripped]
        key = _key(text)
        if key in self.by_key:
            return self.by_key[key]
        indicators = self.by_name.get(key)
        if not indicators:
            return None
        return indicators[0] if len(indicators) == 1 else indicators


#: Headers to suggest for a missing column (recognised ones, in both languages).
_EXAMPLE_HEADERS = {
    "organisation": ("organisation", "bibliotek"),
    "indicator": ("indikator", "indicator"),
    "period": ("period", "år"),
    "value": ("värde", "value"),
}


def _structure_problems(table: Table, mapping: dict[str, int | None]) -> list[Problem]:
    """Problems of the file as a whole: missing columns, values without a header, no rows."""
    problems = []
    for name in REQUIRED_FIELDS:
        if mapping.get(name) is None:
            first, second = _EXAMPLE_HEADERS[name]
            message = _(
                "The file has no column for the %(field)s: add a column headed "
                "“%(first)s” or “%(second)s”, or choose the column in the column mapping."
            ) % {"field": FIELD_LABELS[name], "first": first, "second": second}
            problems.append(Problem(1, "", message))
    mapped = {index for index in mapping.values() if index is not None}
    for index, header in enumerate(table.headers):
        if header or index in mapped:
            continue
        if any(index < len(cells) and cell_text(cells[index]) for _n, cells in table.rows):
            message = _(
                "The column has values but no header: give it a header such as "
                "“värde” or “value”, or choose it in the column mapping."
            )
            problems.append(Problem(1, table.column_label(index), message))
    if not any(any(cell_text(c) for c in cells) for _n, cells in table.rows):
        last = table.rows[-1][0] if table.rows else 1
        message = _("The file has column headers but no rows of measurements below them.")
        problems.append(Problem(last + 1, "", message))
    return problems


class _RowChecker:
    """Checks rows one by one against the organisations and indicators read once."""

    def __init__(
        self,
        table: Table,
        mapping: dict[str, int | None],
        organisation: Organisation,
        data_rows: list[tuple[int, list[Any]]],
        today: datetime.date | None,
    ):
        self.table = table
        self.mapping = mapping
        self.organisation = organisation
        self.today = today
        self.organisations = _Organisations(organisation)
        self.indicators = _Indicators(organisation)
        self.labels = {
            name: table.column_label(index) for name, index in mapping.items() if index is not None
        }
        value_index = mapping["value"]
        self.style = number_style(
            (cells[value_index] for _n, cells in data_rows if value_index < len(cells)),
            hint=table.number_style_hint,
        )
        self.problems: list[Problem] = []
        # Organisations not found in the tree: (row, text), told apart after the loop.
        self.not_found: list[tuple[int, str]] = []
        self.first_row_of: dict[tuple, int] = {}

    @property
    def problem_count(self) -> int:
        return len(self.problems) + len(self.not_found)

    def report(self, row: int, name: str, message: str) -> None:
        self.problems.append(Problem(row, self.labels.get(name, ""), message))

    def check(self, number: int, cells: list[Any]) -> ImportRow | None:
        """The row's measurement, or None when the row has problems (reported)."""
        if (
            self.table.file_format == CSV
            and len(cells) != len(self.table.headers)
            and _report_width(self.table, number, cells, self.mapping, self.problems)
        ):
            return None

        def cell(name: str) -> Any:
            index = self.mapping.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        organisation = self._organisation(number, cell_text(cell("organisation")))
        indicator = self._indicator(number, cell_text(cell("indicator")))
        period = self._period(number, cell("period"))
        value = self._value(number, cell("value"))
        note = self._note(number, _note_text(cell("note")))
        if organisation is None or indicator is None or period is None or value is None:
            return None
        if note is None:
            return None
        row = ImportRow(number, organisation, indicator, period[0], period[1], value, note)
        first = self.first_row_of.setdefault(row.key, number)
        if first != number:
            message = _(
                "Row %(row)d repeats row %(first)d: the same organisation, indicator and "
                "period may appear only once in a file."
            ) % {"row": number, "first": first}
            self.report(number, "period", message)
            return None
        return row

    def _organisation(self, number: int, text: str) -> Organisation | None:
        if not text:
            self.report(number, "organisation", _("The organisation is empty."))
            return None
        found = self.organisations.find(text)
        if found is None:
            self.not_found.append((number, text))
            return None
        if isinstance(found, list):
            message = _(
                "Several organisations are called “%(name)s”: use the library "
                "statistics id or the municipality code instead."
            ) % {"name": text}
            self.report(number, "organisation", message)
            return None
        return found

    def _indicator(self, number: int, text: str) -> Indicator | None:
        if not text:
            self.report(number, "indicator", _("The indicator is empty."))
            return None
        found = self.indicators.find(text)
        if found is None:
            message = _("No indicator has the key or the name “%(text)s”.") % {"text": text}
            self.report(number, "indicator", message)
            return None
        if isinstance(found, list):
            message = _(
                "Several indicators are called “%(text)s”: use the indicator's key instead."
            ) % {"text": text}
            self.report(number, "indicator", message)
            return None
        return found

    def _period(self, number: int, cell: Any) -> tuple[datetime.date, datetime.date] | None:
        if isinstance(cell, datetime.date):
            message = _(
                "The period is a date cell: write it as text, e.g. 2024, 2024-T1 or "
                "2024-03 (format the column as text in Excel)."
            )
            self.report(number, "period", message)
            return None
        try:
            return parse_checked_period(cell_text(cell), today=self.today)
        except PeriodError as error:
            self.report(number, "period", error.message)
            return None

    def _value(self, number: int, cell: Any) -> Decimal | None:
        try:
            return parse_value(cell, style=self.style)
        except ValueProblem as error:
            self.report(number, "value", error.message)
            return None

    def _note(self, number: int, text: str) -> str | None:
        if len(text) > NOTE_LENGTH:
            message = _("The note has %(count)d characters; at most %(most)d fit.") % {
                "count": len(text),
                "most": NOTE_LENGTH,
            }
            self.report(number, "note", message)
            return None
        return text

    def finish(self) -> list[Problem]:
        """Every problem, organisations not found included, in the order of the file."""
        elsewhere = self.organisations.exist_elsewhere({text for _n, text in self.not_found})
        for number, text in self.not_found:
            if text in elsewhere:
                message = _(
                    "“%(text)s” is not %(organisation)s or one of its units: this import "
                    "can only hold measurements for those."
                ) % {"text": text, "organisation": self.organisation.name}
            else:
                message = _(
                    "No organisation in %(organisation)s is called or coded “%(text)s”: "
                    "use its name, its municipality code or its library statistics id."
                ) % {"text": text, "organisation": self.organisation.name}
            self.report(number, "organisation", message)
        self.not_found = []
        order = {label: position for position, label in enumerate(self.labels.values())}
        return sorted(self.problems, key=lambda p: (p.row or 0, order.get(p.column, -1)))


def _note_text(cell: Any) -> str:
    """A note keeps its line breaks; only the ends are trimmed."""
    if isinstance(cell, str):
        return cell.strip()
    return cell_text(cell)


def validate_table(
    table: Table,
    mapping: dict[str, int | None],
    *,
    organisation: Organisation,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Validation:
    """Check every row of the table; a constant number of queries, whatever its length.

    `progress`, when given, is called with the number of rows checked so far
    every PROGRESS_EVERY rows. Collecting stops after MAX_ERRORS problems.
    """
    data_rows = [(n, cells) for n, cells in table.rows if any(cell_text(c) for c in cells)]
    result = Validation(total_rows=len(data_rows))
    result.problems = _structure_problems(table, mapping)
    if result.problems:
        return result
    checker = _RowChecker(table, mapping, organisation, data_rows, today)
    for done, (number, cells) in enumerate(data_rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        if checker.problem_count > MAX_ERRORS:
            result.truncated = True
            break
        row = checker.check(number, cells)
        if row is not None:
            result.rows.append(row)
    problems = checker.finish()
    if problems:
        result.rows = []
        result.problems = problems[:MAX_ERRORS]
        result.truncated = result.truncated or len(problems) > MAX_ERRORS
        return result
    _mark_existing(result.rows)
    if progress is not None:
        progress(len(data_rows))
    return result


def _report_width(
    table: Table,
    number: int,
    cells: list[Any],
    mapping: dict[str, int | None],
    problems: list[Problem],
) -> bool:
    """Report a CSV row whose columns do not match the header; True when it was reported."""
    width = len(table.headers)
    separator = {";": ";", ",": ",", "\t": _("tab")}.get(table.delimiter or "", "")
    field_count = max(table.field_count, width)
    # Extra empty fields are harmless after ";" or a tab, but after "," they are the mark
    # of an unquoted "1,234.5" that split a value in two.
    if len(cells) > field_count and (
        table.delimiter == "," or any(cell.strip() for cell in cells[field_count:])
    ):
        # Both numbers are at least two here: no singular forms are needed.
        message = _(
            "The row has %(count)d columns but the header only %(width)d: check the "
            "separator (%(separator)s), and put values that contain it in quotes."
        ) % {"count": len(cells), "width": field_count, "separator": separator}
        problems.append(Problem(number, table.column_label(field_count), message))
        return True
    required = [mapping[name] for name in REQUIRED_FIELDS if mapping.get(name) is not None]
    short = [index for index in required if index >= len(cells)]
    if short:
        message = ngettext(
            "The row has only %(count)d column but the header has %(width)d: check that the "
            "row uses the same separator (%(separator)s) as the header.",
            "The row has only %(count)d columns but the header has %(width)d: check that the "
            "row uses the same separator (%(separator)s) as the header.",
            len(cells),
        ) % {"count": len(cells), "width": width, "separator": separator}
        problems.append(Problem(number, table.column_label(min(short)), message))
        return True
    return False


def _mark_existing(rows: list[ImportRow]) -> None:
    """Mark the rows whose measurement exists already (one query)."""
    if not rows:
        return
    existing = Measurement.objects.filter(
        organisation_id__in={row.organisation.pk for row in rows},
        indicator_id__in={row.indicator.pk for row in rows},
        period_start__gte=min(row.period_start for row in rows),
        period_end__lte=max(row.period_end for row in rows),
    ).values_list("organisation_id", "indicator_id", "period_start", "period_end", "value", "note")
    found = {tuple(values[:4]): values[4:] for values in existing}
    for row in rows:
        if row.key in found:
            row.exists = True
            row.existing_value, row.existing_note = found[row.key]
