"""Reading a file of measurements (CSV or XLSX) into a header and rows.

`read_table` turns the bytes into a `Table`, or raises a `FileProblem` when the file
cannot be read at all. The limits below keep a large or malicious file (a zip bomb)
from taking the server's memory. Rows are counted as in the file, the header being
row 1, so that a row number in a message is the row number Excel shows.
"""

import codecs
import csv
import datetime
import io
import math
import zipfile
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils.translation import gettext as _

from verksam.indicators.imports.problems import FileProblem, Problem

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 100_000
#: The most columns a row may use: a measurement needs five, an export has a few more.
MAX_COLUMNS = 100
#: The most an XLSX file may hold once unpacked, and how many parts it may have: a small
#: zip can unpack to gigabytes (a "zip bomb"), so a workbook is measured before it is read.
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_WORKBOOK_PARTS = 1000

CSV = "csv"
XLSX = "xlsx"

_FORMULA_PREFIXES = ("=", "+", "-", "@")


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
