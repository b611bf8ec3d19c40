"""Importing a year's budget lines from a CSV or XLSX file, refused whole on any problem.

The file is read by the measurement import's reader (verksam.indicators.imports.files:
the same encodings, size limits and guards against zip bombs) and its amounts are parsed
by the same number rule (Swedish "125 000" and English "125,000" alike). Each row
names an item by its id, its number in the plan's tree ("1.2") or its title; a kind of
cost in Swedish or English; a year of the plan's period; an amount in whole kronor.
Every problem names its row and column; when there is any, nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.indicators.imports.columns import HEADER_NAMES as MEASUREMENT_HEADERS
from verksam.indicators.imports.files import (
    MAX_FILE_SIZE,
    XLSX,
    Table,
    cell_text,
    detect_format,
    read_table,
)
from verksam.indicators.imports.problems import FileProblem, Problem, ValueProblem
from verksam.indicators.imports.values import number_style, parse_value
from verksam.plans.models import Item, Plan
from verksam.plans.selectors import tree_order
from verksam.resources.choices import CostKind
from verksam.resources.models import LARGEST_AMOUNT, BudgetLine
from verksam.resources.services import BudgetRow, budget_lines_write

#: The most problems one refusal lists; a file wrong throughout says so without a wall of text.
MAX_PROBLEMS = 100

FIELDS = ("item_id", "item", "kind", "year", "amount", "note")
FIELD_LABELS = {
    "item_id": gettext_lazy("item id"),
    "item": gettext_lazy("item"),
    "kind": gettext_lazy("cost kind"),
    "year": gettext_lazy("year"),
    "amount": gettext_lazy("amount"),
    "note": gettext_lazy("note"),
}
HEADER_NAMES = {
    "item_id": {"id", "punkt-id", "punktid", "punktens id", "item id", "item-id"},
    "item": {
        "punkt",
        "item",
        "nummer",
        "nr",
        "position",
        "titel",
        "title",
        "mål",
        "aktivitet",
        "åtagande",
        "goal",
        "activity",
        "commitment",
    },
    "kind": {"kostnadsslag", "slag", "kind", "cost kind", "typ", "type", "kostnadstyp"},
    "year": {"år", "year", "budgetår", "budget year"},
    "amount": {"belopp", "amount", "kronor", "kr", "budget", "summa", "sum", "sek"},
    "note": set(MEASUREMENT_HEADERS["note"]),
}

#: The words a kind of cost is written with, in either language, as `_key` leaves them.
KIND_NAMES = {
    CostKind.STAFF: {"staff", "personal", "personalkostnad", "personalkostnader", "lön", "löner"},
    CostKind.MEDIA: {"media", "medier", "mediekostnad", "mediekostnader", "medieinköp"},
    CostKind.PREMISES: {"premises", "lokaler", "lokal", "lokalkostnad", "lokalkostnader", "hyra"},
    CostKind.OTHER: {"other", "other costs", "övrigt", "övriga", "övriga kostnader", "övrig"},
}
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?$")


def _key(text: Any) -> str:
    return " ".join(str(text).split()).casefold().strip(" :*\"'").replace("_", " ")


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Which column holds which field, from the headers; None where no header fits."""
    mapping: dict[str, int | None] = dict.fromkeys(FIELDS)
    for index, header in enumerate(headers):
        name = _key(header)
        candidates = {name, re.sub(r"\s*\(.*\)$", "", name)}
        for field_name, names in HEADER_NAMES.items():
            if mapping[field_name] is None and candidates & names:
                mapping[field_name] = index
                break
    return mapping


def item_numbers(items: list[Item]) -> dict[int, str]:
    """Each item's number in the plan's tree, as the resources page shows it: "2.1.3"."""
    numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for item in tree_order(items):
        counters[item.parent_id] = counters.get(item.parent_id, 0) + 1
        prefix = numbers.get(item.parent_id, "") if item.parent_id else ""
        numbers[item.pk] = (
            f"{prefix}.{counters[item.parent_id]}" if prefix else str(counters[item.parent_id])
        )
    return numbers


@dataclass
class ImportResult:
    """What an import did, or why it did nothing."""

    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Items:
    """The plan's items, found by id, number or title (read once)."""

    def __init__(self, plan: Plan) -> None:
        items = list(plan.items.all())
        for item in items:
            item.plan = plan
        self.by_id = {item.pk: item for item in items}
        numbers = item_numbers(items)
        self.by_number = {number: self.by_id[pk] for pk, number in numbers.items()}
        self.by_title: dict[str, list[Item]] = {}
        for item in items:
            self.by_title.setdefault(_key(item.title), []).append(item)

    def by_text(self, text: str) -> tuple[Item | None, str]:
        if _NUMBERING.match(text):
            item = self.by_number.get(text.rstrip("."))
            if item is None:
                return None, _("The plan has no item numbered “%(text)s”.") % {"text": text}
            return item, ""
        found = self.by_title.get(_key(text), [])
        if len(found) > 1:
            return None, _(
                "Several items are titled “%(text)s”: give the item's number or id instead."
            ) % {"text": text}
        if not found:
            return None, _("The plan has no item titled “%(text)s”.") % {"text": text}
        return found[0], ""


def _workbook_facts(content: bytes) -> tuple[list[str], list[tuple[int, int]]]:
    """The sheets' names, and the (row, column) of the first sheet's formula cells."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        names = list(workbook.sheetnames)
        formulas = []
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            for index, value in enumerate(row):
                if isinstance(value, str) and value.startswith("="):
                    formulas.append((number, index))
        return names, formulas
    finally:
        workbook.close()


def _row_problem(table: Table, row: int, index: int | None, message: str) -> Problem:
    column = table.column_label(index) if index is not None else ""
    where = (
        _("Row %(row)d, column %(column)s") % {"row": row, "column": column}
        if column
        else _("Row %(row)d") % {"row": row}
    )
    return Problem(row, column, f"{where}: {message}")


def check_budget_file(*, plan: Plan, content: bytes) -> tuple[list[BudgetRow], list[Problem]]:
    """The rows of a budget file, checked against the plan; or the problems that refuse it."""
    if not content:
        return [], [Problem(1, "", _("The file is empty."))]
    if len(content) > MAX_FILE_SIZE:
        return [], [
            Problem(
                None,
                "",
                _("The file is larger than %(size)d MB: split it into smaller files.")
                % {"size": MAX_FILE_SIZE // 1024 // 1024},
            )
        ]
    file_format = detect_format(content)
    if file_format is None:
        return [], [
            Problem(
                None,
                "",
                _(
                    "The file is an old Excel workbook (.xls): save it as an Excel "
                    "workbook (.xlsx) or as CSV UTF-8 and upload it again."
                ),
            )
        ]
    try:
        table = read_table(content, file_format)
    except FileProblem as error:
        return [], [error.problem]
    formulas: list[tuple[int, int]] = []
    sheets: list[str] = []
    if file_format == XLSX:
        sheets, formulas = _workbook_facts(content)
    mapping = guess_mapping(table.headers)
    problems = []
    missing = [name for name in ("kind", "year", "amount") if mapping[name] is None] + (
        ["item"] if mapping["item"] is None and mapping["item_id"] is None else []
    )
    for name in missing:
        message = _(
            "The file has no column for the %(field)s: add a column headed, for example, "
            "“%(example)s”."
        ) % {"field": FIELD_LABELS[name], "example": _EXAMPLES[name]}
        if len(sheets) > 1:
            message += " " + _(
                "Only the first sheet (“%(sheet)s”) is read: move the budget lines to it."
            ) % {"sheet": sheets[0]}
        problems.append(Problem(1, "", message))
    if problems:
        return [], problems
    for row, index in formulas:
        if row > 1:
            problems.append(
                _row_problem(
                    table,
                    row,
                    index,
                    _(
                        "the cell holds a formula: copy the column and paste it as values "
                        "before importing."
                    ),
                )
            )
    if not table.rows:
        return [], [Problem(2, "", _("The file has column headers but no budget lines."))]
    rows = _check_rows(plan, table, mapping, problems, set(formulas))
    return (rows if not problems else []), problems[:MAX_PROBLEMS]


_EXAMPLES = {"item": "punkt", "kind": "kostnadsslag", "year": "år", "amount": "belopp"}


def _check_rows(
    plan: Plan,
    table: Table,
    mapping: dict[str, int | None],
    problems: list[Problem],
    formulas: set[tuple[int, int]],
) -> list[BudgetRow]:
    items = _Items(plan)
    years = range(plan.period_start.year, plan.period_end.year + 1)
    amount_index = mapping["amount"]
    style = number_style(
        [cells[amount_index] for _n, cells in table.rows if amount_index < len(cells)],
        table.number_style_hint,
    )
    kinds = {name: kind for kind, names in KIND_NAMES.items() for name in names}
    seen: dict[tuple[int, str, int], int] = {}
    found = []

    def cell(cells: list[Any], name: str) -> Any:
        index = mapping[name]
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in table.rows:
        if not cell_text(cell(cells, "kind")) and not cell_text(cell(cells, "amount")):
            continue  # a row of the template left empty: no budget of this item
        before = len(problems)
        item = None
        if mapping["item_id"] is not None and cell_text(cell(cells, "item_id")):
            text = cell_text(cell(cells, "item_id"))
            item = items.by_id.get(int(text)) if text.isdigit() else None
            if item is None:
                problems.append(
                    _row_problem(
                        table,
                        number,
                        mapping["item_id"],
                        _("the plan has no item with the id “%(text)s”.") % {"text": text},
                    )
                )
        elif mapping["item"] is not None and cell_text(cell(cells, "item")):
            item, message = items.by_text(cell_text(cell(cells, "item")))
            if item is None:
                problems.append(_row_problem(table, number, mapping["item"], _lower(message)))
        else:
            index = mapping["item"] if mapping["item"] is not None else mapping["item_id"]
            problems.append(
                _row_problem(table, number, index, _("the row does not say which item."))
            )
        kind_text = cell_text(cell(cells, "kind"))
        kind = kinds.get(_key(kind_text))
        if kind is None:
            problems.append(
                _row_problem(
                    table,
                    number,
                    mapping["kind"],
                    _("“%(text)s” is not a cost kind: write personal, medier, lokaler or övrigt.")
                    % {"text": kind_text},
                )
            )
        year_text = cell_text(cell(cells, "year"))
        year = int(year_text) if year_text.isdigit() else None
        if year not in years:
            problems.append(
                _row_problem(
                    table,
                    number,
                    mapping["year"],
                    _("“%(text)s” is not a year of the plan's period, %(first)d–%(last)d.")
                    % {"text": year_text, "first": years[0], "last": years[-1]},
                )
            )
        amount = None
        if (number, amount_index) in formulas:
            continue  # already refused as a formula; its empty cached value says nothing more
        try:
            value = parse_value(cell(cells, "amount"), style=style)
        except ValueProblem as error:
            problems.append(_row_problem(table, number, amount_index, _lower(error.message)))
        else:
            if value < 0:
                message = _("the amount cannot be negative.")
            elif value != value.to_integral_value():
                message = _("write the amount in whole kronor, without öre.")
            elif value > LARGEST_AMOUNT:
                message = _("the amount is too large.")
            else:
                message = ""
                amount = int(value)
            if message:
                problems.append(_row_problem(table, number, amount_index, message))
        note = cell_text(cell(cells, "note"))
        note_limit = BudgetLine._meta.get_field("note").max_length
        if len(note) > note_limit:
            problems.append(
                _row_problem(
                    table,
                    number,
                    mapping["note"],
                    _("the note is longer than %(limit)d characters.") % {"limit": note_limit},
                )
            )
        if len(problems) > before or item is None or kind is None or year is None:
            continue
        key = (item.pk, kind, year)
        if key in seen:
            problems.append(
                _row_problem(
                    table,
                    number,
                    mapping["kind"],
                    _(
                        "row %(first)d already gives this item's %(kind)s for %(year)d: "
                        "give each item one line per kind of cost and year."
                    )
                    % {"first": seen[key], "kind": CostKind(kind).label, "year": year},
                )
            )
            continue
        seen[key] = number
        found.append(BudgetRow(number, item, kind, year, amount, note))
        if len(problems) >= MAX_PROBLEMS:
            break
    return found


def _lower(message: str) -> str:
    """A sentence continued after "Row 3, column B:"."""
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


#: The template's headers, in Swedish as the import reads them.
TEMPLATE_HEADERS = ("id", "punkt", "titel", "kostnadsslag", "år", "belopp", "kommentar")
_FORMULA_START = ("=", "+", "-", "@")


def _template_text(text: str) -> str:
    """Text a spreadsheet would run as a formula, quoted as the import reads it back."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def budget_template(*, plan: Plan, year: int) -> bytes:
    """A CSV file to fill in and import: each item of the plan with its lines of `year`,
    and a row left empty for each item without any. UTF-8 with a byte order mark and
    semicolons, as Excel set to Swedish opens and saves it."""
    items = tree_order(list(plan.items.all()))
    numbers = item_numbers(items)
    lines: dict[int, list[BudgetLine]] = {}
    for line in BudgetLine.objects.filter(item__plan=plan, year=year).order_by("kind", "pk"):
        lines.setdefault(line.item_id, []).append(line)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    kind_words = {kind: str(label) for kind, label in _SWEDISH_KINDS.items()}
    for item in items:
        title = _template_text(item.title)
        for line in lines.get(item.pk) or [None]:
            if line is None:
                writer.writerow([item.pk, numbers[item.pk], title, "", year, "", ""])
            else:
                writer.writerow(
                    [
                        item.pk,
                        numbers[item.pk],
                        title,
                        kind_words[line.kind],
                        year,
                        line.amount,
                        _template_text(line.note),
                    ]
                )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


#: The Swedish words of the kinds, as files hold them whatever the page's language.
_SWEDISH_KINDS = {
    CostKind.STAFF: "personal",
    CostKind.MEDIA: "medier",
    CostKind.PREMISES: "lokaler",
    CostKind.OTHER: "övrigt",
}


def budget_import(*, user, plan: Plan, content: bytes) -> ImportResult:
    """Check a budget file and write all its lines, or none: the problems say why not."""
    rows, problems = check_budget_file(plan=plan, content=content)
    if problems:
        return ImportResult(problems=problems)
    added, changed = budget_lines_write(user=user, rows=rows, plan=plan)
    return ImportResult(added=added, changed=changed, rows=len(rows))
