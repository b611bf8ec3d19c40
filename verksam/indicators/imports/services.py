"""Importing measurements from files, all rows or none, and exporting them in the same form.

The steps of an import, each a service the views (and a command or the API)
call: `import_create` keeps the uploaded file, `import_validate` checks it with
a column mapping and stores the problems, `import_start` queues the background
task, and the task runs `import_execute`, which checks the file again and then
writes every row in one transaction. `measurement_export` writes an
organisation's measurements in the import format, so that a file exported and
imported again leaves the database as it was.
"""

import csv
import io
import logging
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record
from verksam.indicators.choices import ImportState, MeasurementSource
from verksam.indicators.imports.checks import PATH_SEPARATOR, ImportRow, Validation, validate_table
from verksam.indicators.imports.columns import FIELD_LABELS, FIELDS, clean_mapping, guess_mapping
from verksam.indicators.imports.files import CSV, XLSX, Table, cell_text, read_table
from verksam.indicators.imports.problems import FileProblem, Problem
from verksam.indicators.models import Measurement, MeasurementImport
from verksam.indicators.periods import format_period
from verksam.organisations.models import Organisation

logger = logging.getLogger(__name__)

#: Share of the progress bar given to checking the file; writing takes the rest.
CHECK_SHARE = 0.9

CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _count_data_rows(table: Table) -> int:
    return sum(1 for _number, cells in table.rows if any(cell_text(c) for c in cells))


def import_create(
    *, user, organisation: Organisation, file_name: str, content: bytes, file_format: str
) -> MeasurementImport:
    """Keep an uploaded file and guess its column mapping.

    A file that cannot be read as a table at all (not UTF-8, no separator, an
    empty or damaged file) is kept too, with the problem as its error, so the
    preview explains it like any other.
    """
    if file_format not in (CSV, XLSX):
        raise ValidationError({"file_format": _("Upload a CSV or an XLSX file.")})
    measurement_import = MeasurementImport(
        user=user,
        organisation=organisation,
        file_name=file_name[-255:],
        file_format=file_format,
        content=content,
    )
    try:
        table = read_table(content, file_format)
    except FileProblem as problem:
        measurement_import.state = ImportState.INVALID
        measurement_import.errors = [problem.problem.as_dict()]
    else:
        measurement_import.mapping = guess_mapping(table.headers)
        measurement_import.total_rows = _count_data_rows(table)
    measurement_import.full_clean(exclude=["content"])
    measurement_import.save()
    return measurement_import


def import_table(measurement_import: MeasurementImport) -> Table:
    """The import's file as a table; raises FileProblem when it cannot be read."""
    return read_table(bytes(measurement_import.content), measurement_import.file_format)


def import_mapping(measurement_import: MeasurementImport, table: Table) -> dict[str, int | None]:
    """The import's column mapping, or the guess from the headers when none is stored."""
    if measurement_import.mapping:
        return clean_mapping(measurement_import.mapping, len(table.headers))
    return guess_mapping(table.headers)


def import_check(
    *,
    measurement_import: MeasurementImport,
    mapping: dict[str, Any] | None = None,
    progress=None,
) -> Validation:
    """Check the import's file (with `mapping`, else its own); writes nothing."""
    try:
        table = import_table(measurement_import)
    except FileProblem as problem:
        return Validation(problems=[problem.problem])
    if mapping is None:
        cleaned = import_mapping(measurement_import, table)
    else:
        cleaned = clean_mapping(mapping, len(table.headers))
    return validate_table(
        table, cleaned, organisation=measurement_import.organisation, progress=progress
    )


def _refuse_when_started(measurement_import: MeasurementImport) -> None:
    if measurement_import.state in (ImportState.RUNNING, ImportState.DONE):
        raise ValidationError(
            _("This file has been imported already; upload it again to import it once more."),
            code="import_started",
        )


def import_validate(
    *, measurement_import: MeasurementImport, mapping: dict[str, Any] | None = None
) -> Validation:
    """Check the file with the column mapping and keep the outcome: state, problems, rows.

    Nothing but the import itself is written; the mapping given is stored for
    the next steps.
    """
    _refuse_when_started(measurement_import)
    if mapping is not None:
        try:
            table = import_table(measurement_import)
        except FileProblem:
            pass
        else:
            measurement_import.mapping = clean_mapping(mapping, len(table.headers))
    validation = import_check(measurement_import=measurement_import)
    measurement_import.errors = validation.errors_as_data()
    measurement_import.state = ImportState.VALID if validation.is_valid else ImportState.INVALID
    measurement_import.total_rows = validation.total_rows
    measurement_import.processed_rows = 0
    measurement_import.save(
        update_fields=["mapping", "errors", "state", "total_rows", "processed_rows", "updated_at"]
    )
    return validation


def import_start(*, measurement_import: MeasurementImport, user) -> None:
    """Queue the import of a checked file; the background task writes all rows or none.

    Whoever starts the import is recorded as having entered the values.
    """
    started = MeasurementImport.objects.filter(
        pk=measurement_import.pk, state=ImportState.VALID
    ).update(user=user, state=ImportState.RUNNING, processed_rows=0, errors=[])
    if not started:
        measurement_import.refresh_from_db()
        _refuse_when_started(measurement_import)
        raise ValidationError(
            _("Only a checked file without errors can be imported."), code="import_not_valid"
        )
    try:
        import_measurements.enqueue(measurement_import.pk)
    except Exception:
        MeasurementImport.objects.filter(pk=measurement_import.pk).update(
            state=ImportState.FAILED,
            errors=[_failure_problem().as_dict()],
        )
        raise
    finally:
        measurement_import.refresh_from_db()


def _failure_problem(detail: str = "") -> Problem:
    message = _("The import failed and nothing was written. Try again, or ask an administrator.")
    if detail:
        message = f"{message} ({detail})"
    return Problem(None, "", message)


def write_measurement(
    import_row: ImportRow, *, measurement_import: MeasurementImport, user
) -> tuple[Measurement, bool]:
    """Write one row's measurement, new or replacing the period's value (one row at a time).

    A replaced value gets a new version, so an API client holding the old one is refused.
    """
    values = {
        "value": import_row.value,
        "note": import_row.note,
        "source": MeasurementSource.IMPORT,
        "created_by": user,
        "measurement_import": measurement_import,
    }
    return Measurement.objects.update_or_create(
        indicator=import_row.indicator,
        organisation=import_row.organisation,
        period_start=import_row.period_start,
        period_end=import_row.period_end,
        defaults={**values, "version": F("version") + 1},
        create_defaults=values,
    )


def import_execute(*, import_id: int) -> str:
    """Check the file again, then write every row in one transaction; returns the new state.

    Progress is saved while the file is checked (outside the transaction, so
    other connections see it, up to CHECK_SHARE of the rows); the write itself
    is one transaction, after which the import is done. Any failure leaves no
    measurement written and the import FAILED with a message.
    """
    measurement_import = MeasurementImport.objects.select_related("organisation", "user").get(
        pk=import_id
    )
    if measurement_import.state != ImportState.RUNNING:
        return measurement_import.state  # delivered twice, or not started
    try:
        return _execute(measurement_import)
    except Exception as error:
        logger.exception("Measurement import %s failed", import_id)
        MeasurementImport.objects.filter(pk=import_id).update(
            state=ImportState.FAILED,
            processed_rows=0,
            errors=[_failure_problem(type(error).__name__).as_dict()],
        )
        return ImportState.FAILED


@task()
def import_measurements(import_id: int) -> str:
    """The background task: write a checked file's measurements, all rows or none.

    Declared beside the service it runs, so `import_start` queues it without importing
    verksam.indicators.tasks, which watches how the task ended. Returns the import's state.
    """
    return import_execute(import_id=import_id)


def _execute(measurement_import: MeasurementImport) -> str:
    def progress(done: int) -> None:
        measurement_import.processed_rows = int(done * CHECK_SHARE)
        measurement_import.save(update_fields=["processed_rows", "updated_at"])

    validation = import_check(measurement_import=measurement_import, progress=progress)
    if not validation.is_valid:
        measurement_import.state = ImportState.INVALID
        measurement_import.errors = validation.errors_as_data()
        measurement_import.processed_rows = 0
        measurement_import.total_rows = validation.total_rows
        measurement_import.save(
            update_fields=["state", "errors", "processed_rows", "total_rows", "updated_at"]
        )
        return ImportState.INVALID

    user = measurement_import.user
    replaced = []
    with transaction.atomic():
        for import_row in validation.rows:
            measurement, created = write_measurement(
                import_row, measurement_import=measurement_import, user=user
            )
            if not created:
                replaced.append(
                    {
                        "measurement": measurement.pk,
                        "indicator": import_row.indicator.key,
                        "organisation": import_row.organisation.pk,
                        "period": format_period(import_row.period_start, import_row.period_end),
                        "old_value": str(import_row.existing_value),
                        "old_note": import_row.existing_note,
                    }
                )
        change_record(
            user=user,
            action=ChangeRecord.Action.CREATE,
            obj=measurement_import,
            data={
                "file_name": measurement_import.file_name,
                "organisation": measurement_import.organisation_id,
                "rows": len(validation.rows),
                "created": len(validation.rows) - len(replaced),
                "replaced": replaced,
            },
        )
        measurement_import.state = ImportState.DONE
        measurement_import.errors = []
        measurement_import.total_rows = len(validation.rows)
        measurement_import.processed_rows = len(validation.rows)
        measurement_import.save(
            update_fields=["state", "errors", "total_rows", "processed_rows", "updated_at"]
        )
    return ImportState.DONE


# Export -----------------------------------------------------------------------------


def _organisation_labels(organisation: Organisation) -> dict[int, str]:
    """How the export names each unit: by name; where names repeat, by code or with its parent.

    The import reads every one of these forms back (verksam.indicators.imports.values).
    """
    units = {
        pk: (name, parent_id, municipality_code, statistics_id)
        for pk, name, parent_id, municipality_code, statistics_id in (
            Organisation.objects.descendants_of(organisation).values_list(
                "pk", "name", "parent_id", "municipality_code", "library_statistics_id"
            )
        )
    }

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    names = Counter(key(name) for name, _p, _m, _s in units.values())
    labels = {}
    for pk, (name, parent_id, municipality_code, statistics_id) in units.items():
        if names[key(name)] == 1:
            labels[pk] = name
        elif statistics_id or municipality_code:
            labels[pk] = statistics_id or municipality_code
        elif parent_id in units:
            labels[pk] = f"{units[parent_id][0]}{PATH_SEPARATOR}{name}"
        else:
            labels[pk] = name
    return labels


def _plain_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def _csv_text(text: str) -> str:
    """Text that Excel will not run as a formula; the import takes the quote off again."""
    return f"'{text}" if _FORMULA_START.match(text) else text


def export_headers() -> list[str]:
    """The headers of an exported file, in the user's language (the import reads both)."""
    return [str(FIELD_LABELS[name]) for name in FIELDS]


def measurement_rows(organisation: Organisation) -> list[tuple[str, str, str, Decimal, str]]:
    """The organisation's and its units' measurements as export rows (two queries)."""
    labels = _organisation_labels(organisation)
    measurements = (
        Measurement.objects.filter(organisation__path__startswith=organisation.path)
        .select_related("indicator")
        .order_by("organisation__path", "indicator__key", "period_start", "period_end")
        .only(
            "organisation_id",
            "indicator__key",
            "period_start",
            "period_end",
            "value",
            "note",
        )
    )
    return [
        (
            labels[m.organisation_id],
            m.indicator.key,
            format_period(m.period_start, m.period_end),
            m.value,
            m.note,
        )
        for m in measurements
    ]


def measurement_export(*, organisation: Organisation, file_format: str) -> tuple[bytes, str, str]:
    """The measurements of the organisation and its units as a file in the import format.

    Returns (content, content type, file name). CSV is UTF-8 with a byte order
    mark, separated by semicolons and with decimal commas, as Excel set to
    Swedish opens it; XLSX has numeric value cells.
    """
    rows = measurement_rows(organisation)
    headers = export_headers()
    if file_format == CSV:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        for label, key, period, value, note in rows:
            writer.writerow(
                [
                    _csv_text(label),
                    _csv_text(key),
                    period,
                    _plain_number(value).replace(".", ","),
                    _csv_text(note),
                ]
            )
        content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    elif file_format == XLSX:
        content = _xlsx(headers, rows)
    else:
        raise ValueError(file_format)
    # Letters such as å, ä and ö are kept; the download adds a plain-letter name beside it.
    name = slugify(organisation.name, allow_unicode=True) or str(organisation.pk)
    file_name = f"{slugify(_('measurements'), allow_unicode=True)}-{name}.{file_format}"
    return content, CONTENT_TYPES[file_format], file_name


def _xlsx(headers: list[str], rows: list[tuple[str, str, str, Decimal, str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Measurements"))[:31])

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    sheet.append([text(header) for header in headers])
    for label, key, period, value, note in rows:
        number = int(value) if value == value.to_integral_value() else float(value)
        sheet.append([text(label), text(key), text(period), number, text(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
