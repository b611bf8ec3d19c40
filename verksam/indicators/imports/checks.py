"""Checking every row of a file against the database before anything is written.

`validate_table` names the row and the column of each problem, so the import
(verksam.indicators.imports.services) can write all rows or none.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.indicators.imports.columns import FIELD_LABELS, REQUIRED_FIELDS
from verksam.indicators.imports.files import CSV, Table, cell_text
from verksam.indicators.imports.problems import Problem, ValueProblem
from verksam.indicators.imports.values import number_style, parse_value
from verksam.indicators.models import Indicator, Measurement
from verksam.indicators.periods import PeriodError, format_period, parse_checked_period
from verksam.organisations.models import Organisation

MAX_ERRORS = 200
#: The longest note a measurement keeps (Measurement.note).
NOTE_LENGTH = 300
#: How often (in rows) `validate_table` reports its progress.
PROGRESS_EVERY = 50


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
