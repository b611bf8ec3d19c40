"""Pages of a measurement import: upload, column mapping, preview, progress; and the export.

Editors of an organisation import for it and its units; readers download its
measurements. Whatever a person may not use answers 404. The work itself is
done by verksam.indicators.imports.services.
"""

import os

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.core.downloads import content_disposition
from verksam.core.form_tokens import sent_once
from verksam.core.models import ChangeRecord
from verksam.indicators.choices import ImportState
from verksam.indicators.imports import services as import_services
from verksam.indicators.imports.columns import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from verksam.indicators.imports.files import CSV, MAX_FILE_SIZE, XLSX, detect_format
from verksam.indicators.imports.problems import FileProblem
from verksam.indicators.models import MeasurementImport
from verksam.indicators.permissions import import_for_user, organisation_for_user
from verksam.indicators.tasks import import_waiting_for_worker
from verksam.organisations.choices import Role

#: How many checked rows the preview lists.
PREVIEW_ROWS = 50
#: How many rows of the file the column mapping shows.
SAMPLE_ROWS = 5
#: htmx stops polling when an answer has this status.
STOP_POLLING = 286

_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")


# Forms --------------------------------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One measurement a row, with columns for organisation, indicator, period, value "
            "and an optional note. CSV files must be UTF-8 (“CSV UTF-8” in Excel). At most 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.tsv,.xlsx,text/csv,text/plain,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": gettext_lazy("Choose a file to upload."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension == ".xls":
            raise ValidationError(
                _(
                    "Old Excel files (.xls) cannot be read: save the file as an Excel "
                    "workbook (.xlsx) or as “CSV UTF-8”."
                )
            )
        if extension not in _EXTENSIONS:
            raise ValidationError(
                _("“%(name)s” is not a CSV or XLSX file: upload a .csv or an .xlsx file.")
                % {"name": upload.name}
            )
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is %(size)s MB; at most 5 MB can be imported. Split it into parts.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
            )
        content = upload.read()
        file_format = detect_format(content)
        if file_format is None:
            raise ValidationError(
                _(
                    "This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) "
                    "or as “CSV UTF-8”."
                )
            )
        if extension == ".xlsx" and file_format != XLSX:
            raise ValidationError(
                _("The file is not an Excel workbook although its name ends in .xlsx.")
            )
        self.cleaned_data["content"] = content
        self.cleaned_data["file_format"] = file_format
        return upload


_FIELD_HELP = {
    "organisation": gettext_lazy(
        "Its name, municipality code or library statistics id: this organisation or one of "
        "its units."
    ),
    "indicator": gettext_lazy("The indicator's key (e.g. Besok01) or its name."),
    "period": gettext_lazy(
        "E.g. 2024, 2024-T1, 2024-H1, 2024-Q1, 2024-03 or 2024-01-01–2024-04-30."
    ),
    "value": gettext_lazy("A number in Swedish (1 234,5) or English (1,234.5) notation."),
    "note": gettext_lazy("Optional."),
}


class ColumnMappingForm(forms.Form):
    """Which of the file's columns holds which field: a choice of column per field."""

    def __init__(self, *args, columns: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(str(i), label) for i, label in columns]
        for name in FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=capfirst(FIELD_LABELS[name]),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=name in REQUIRED_FIELDS,
                help_text=_FIELD_HELP[name],
                error_messages={
                    "required": _("Choose the column that holds the %(field)s.")
                    % {"field": FIELD_LABELS[name]}
                },
            )

    def clean(self):
        cleaned = super().clean()
        used: dict[int, str] = {}
        for name in FIELDS:
            index = cleaned.get(name)
            if index is None:
                continue
            if index in used:
                self.add_error(
                    name,
                    _("The same column is chosen for the %(other)s: choose another.")
                    % {"other": FIELD_LABELS[used[index]]},
                )
            else:
                used[index] = name
        return cleaned


# Pages --------------------------------------------------------------------------------


@login_required
@sent_once
def import_start(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = organisation_for_user(request.user, organisation_pk, at_least=Role.EDITOR)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                measurement_import = import_services.import_create(
                    user=request.user,
                    organisation=organisation,
                    file_name=os.path.basename(form.cleaned_data["file"].name),
                    content=form.cleaned_data["content"],
                    file_format=form.cleaned_data["file_format"],
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                if measurement_import.state == ImportState.INVALID:
                    return redirect("imports:import_preview", pk=measurement_import.pk)
                return redirect("imports:import_mapping", pk=measurement_import.pk)
    else:
        form = ImportUploadForm()
    recent = (
        MeasurementImport.objects.filter(organisation=organisation)
        .defer("content")
        .select_related("user")[:10]
    )
    return render(
        request,
        "indicators/import_start.html",
        {"form": form, "organisation": organisation, "recent_imports": recent},
    )


@login_required
@sent_once
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    measurement_import = import_for_user(request.user, pk)
    if measurement_import.state in (ImportState.RUNNING, ImportState.DONE):
        return redirect("imports:import_preview", pk=pk)
    try:
        table = import_services.import_table(measurement_import)
    except FileProblem:
        return redirect("imports:import_preview", pk=pk)
    columns = table.column_choices()
    if request.method == "POST":
        form = ColumnMappingForm(request.POST, columns=columns)
        if form.is_valid():
            try:
                import_services.import_validate(
                    measurement_import=measurement_import,
                    mapping={name: form.cleaned_data[name] for name in FIELDS},
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("imports:import_preview", pk=pk)
    else:
        mapping = import_services.import_mapping(measurement_import, table)
        form = ColumnMappingForm(
            initial={name: "" if index is None else str(index) for name, index in mapping.items()},
            columns=columns,
        )
    return render(
        request,
        "indicators/import_mapping.html",
        {
            "form": form,
            "measurement_import": measurement_import,
            "organisation": measurement_import.organisation,
            "headers": [table.column_label(index) for index in range(len(table.headers))],
            "sample": table.sample(SAMPLE_ROWS),
            "total_rows": measurement_import.total_rows,
        },
    )


def _progress_context(measurement_import: MeasurementImport) -> dict:
    context = {
        "measurement_import": measurement_import,
        "is_running": measurement_import.state == ImportState.RUNNING,
        "is_done": measurement_import.state == ImportState.DONE,
        "is_failed": measurement_import.state == ImportState.FAILED,
        "waiting_for_worker": import_waiting_for_worker(measurement_import),
    }
    if context["is_done"]:
        record = (
            ChangeRecord.objects.filter(
                object_type=MeasurementImport._meta.label_lower, object_id=measurement_import.pk
            )
            .only("data")
            .first()
        )
        data = record.data if record else {}
        context["replaced_count"] = len(data.get("replaced", []))
        context["created_count"] = data.get("created", measurement_import.total_rows)
    return context


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    measurement_import = import_for_user(request.user, pk)
    if measurement_import.state == ImportState.UPLOADED:
        return redirect("imports:import_mapping", pk=pk)
    context = {
        "organisation": measurement_import.organisation,
        "errors": measurement_import.errors,
        **_progress_context(measurement_import),
    }
    if measurement_import.state == ImportState.VALID:
        validation = import_services.import_check(measurement_import=measurement_import)
        context.update(
            validation=validation,
            errors=validation.errors_as_data(),
            preview_rows=validation.rows[:PREVIEW_ROWS],
        )
    context["can_remap"] = measurement_import.state in (
        ImportState.VALID,
        ImportState.INVALID,
    ) and bool(measurement_import.mapping)
    return render(request, "indicators/import_preview.html", context)


@login_required
@require_POST
@sent_once
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    measurement_import = import_for_user(request.user, pk)
    try:
        import_services.import_start(measurement_import=measurement_import, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:import_preview", pk=pk)


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    measurement_import = import_for_user(request.user, pk, with_content=False)
    context = _progress_context(measurement_import)
    response = render(request, "indicators/_import_progress.html", context)
    if getattr(request, "htmx", False) and not context["is_running"]:
        response.status_code = STOP_POLLING
    return response


@login_required
def measurement_export(
    request: HttpRequest, organisation_pk: int, file_format: str
) -> HttpResponse:
    if file_format not in (CSV, XLSX):
        raise Http404
    organisation = organisation_for_user(request.user, organisation_pk, at_least=Role.READER)
    content, content_type, file_name = import_services.measurement_export(
        organisation=organisation, file_format=file_format
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(file_name)
    return response
