"""Pages of documents: ask for one, follow its progress, download it, list a plan's documents,
and an organisation's document settings.

Making and downloading a document needs a login and read access to its plan;
the settings need an administrator of the organisation (see
verksam.documents.permissions). The work is done by verksam.documents.services.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verksam.core.downloads import content_disposition
from verksam.core.form_tokens import sent_once
from verksam.documents import services
from verksam.documents.content import KINDS_WITH_ROUND, DocumentFormat, DocumentKind, round_fits
from verksam.documents.forms import DocumentApprovalForm, DocumentRequestForm, DocumentSettingsForm
from verksam.documents.models import DocumentState, GeneratedDocument
from verksam.documents.permissions import (
    approvable_document_for_user,
    document_for_user,
    document_plan_for_user,
    settings_organisation_for_user,
)
from verksam.documents.tasks import document_waiting_for_worker
from verksam.followup.models import FollowUpRound
from verksam.followup.selectors import ROUND_PARAMETER
from verksam.plans.models import Plan
from verksam.plans.permissions import can_administer_plan

#: htmx stops polling when an answer has this status.
STOP_POLLING = 286
#: Documents listed on one page of a plan's documents.
DOCUMENTS_PER_PAGE = 25


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors on the form: under their field where the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# Asking for a document and following it ---------------------------------------------------


def _round_in_address(request: HttpRequest, plan: Plan) -> FollowUpRound | None:
    """The round named by ?omgang= (from a round's page), if it is one of the plan's.

    Older links named it with ?round=; they still choose the round.
    """
    wanted = request.GET.get(ROUND_PARAMETER) or request.GET.get("round", "")
    if not wanted.isdigit():
        return None
    return FollowUpRound.objects.filter(plan=plan, pk=wanted).first()


def _kinds_for_round(kinds: list[str], followup_round: FollowUpRound | None) -> list[str]:
    """The kinds offered for a round: the plan itself and the reports that fit the round."""
    if followup_round is None:
        return kinds
    return [k for k in kinds if k not in KINDS_WITH_ROUND or round_fits(k, followup_round)]


def _initial_request(
    request: HttpRequest, plan: Plan, kinds: list[str], chosen_round: FollowUpRound | None
) -> dict:
    """What the form starts with: a round, kind or format given in the address, else defaults."""
    from verksam.documents.builders import default_round

    kind = request.GET.get("kind")
    if kind not in kinds:
        report_kinds = [k for k in kinds if k in KINDS_WITH_ROUND]
        if chosen_round is not None and report_kinds:
            # The kinds offered fit the round; the annual report first on a year-end round.
            preferred = (DocumentKind.ANNUAL_REPORT, DocumentKind.INTERIM_REPORT)
            kind = next((k for k in preferred if k in report_kinds), report_kinds[0])
        else:
            kind = kinds[0] if kinds else None
    if chosen_round is None:
        # Chosen for reports even when the plan itself comes first, so that picking a
        # report needs no second step; the form leaves it out for the plan.
        offered = (k for k in KINDS_WITH_ROUND if k in kinds)
        report_kind = kind if kind in KINDS_WITH_ROUND else next(offered, None)
        chosen_round = default_round(plan, report_kind) if report_kind else None
    file_format = request.GET.get("format")
    return {
        "kind": kind,
        "followup_round": chosen_round,
        "file_format": file_format if file_format in DocumentFormat.values else DocumentFormat.DOCX,
    }


@login_required
@sent_once
def document_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = document_plan_for_user(request.user, plan_pk)
    kinds = services.kinds_for_plan(plan)
    if request.method == "POST":
        form = DocumentRequestForm(request.POST, plan=plan, kinds=kinds)
        if form.is_valid():
            try:
                document = services.document_request(
                    user=request.user,
                    plan=plan,
                    kind=form.cleaned_data["kind"],
                    file_format=form.cleaned_data["file_format"],
                    followup_round=form.cleaned_data["followup_round"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("documents:document_detail", pk=document.pk)
    else:
        chosen_round = _round_in_address(request, plan)
        kinds = _kinds_for_round(kinds, chosen_round)
        form = DocumentRequestForm(
            plan=plan, kinds=kinds, initial=_initial_request(request, plan, kinds, chosen_round)
        )
    return render(
        request, "documents/document_create.html", {"plan": plan, "form": form, "kinds": kinds}
    )


def _progress_context(document: GeneratedDocument) -> dict:
    return {
        "document": document,
        "plan": document.plan,
        "is_running": document.state in (DocumentState.QUEUED, DocumentState.RUNNING),
        "is_done": document.state == DocumentState.DONE,
        "is_failed": document.state == DocumentState.FAILED,
        "waiting_for_worker": document_waiting_for_worker(document),
    }


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's progress; polled by htmx every second until it is done or failed."""
    document = document_for_user(request.user, pk)
    context = _progress_context(document)
    if getattr(request, "htmx", False):
        response = render(request, "documents/_document_progress.html", context)
        if not context["is_running"]:
            response.status_code = STOP_POLLING
        return response
    context["approval"] = getattr(document, "approval", None)
    context["can_approve"] = document.kind in KINDS_WITH_ROUND and can_administer_plan(
        request.user, document.plan
    )
    return render(request, "documents/document_detail.html", context)


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished file: Word and PDF as attachments, HTML shown in the browser."""
    document = document_for_user(request.user, pk, with_content=True)
    if document.state != DocumentState.DONE or document.content is None:
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    inline = document.file_format == DocumentFormat.HTML
    response["Content-Disposition"] = content_disposition(document.file_name, inline=inline)
    response["Cache-Control"] = "private"
    return response


@login_required
@sent_once
def document_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a board approved a report; from then on it is kept as it is."""
    from verksam.plans.services import adopting_boards

    document = approvable_document_for_user(request.user, pk)
    boards = adopting_boards(document.plan)
    if request.method == "POST":
        form = DocumentApprovalForm(request.POST, boards=boards)
        if form.is_valid():
            try:
                services.document_approve(user=request.user, document=document, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The approval was recorded. The document is kept as it was approved."),
                )
                return redirect("documents:document_detail", pk=document.pk)
    else:
        form = DocumentApprovalForm(boards=boards)
    return render(
        request,
        "documents/document_approve.html",
        {"document": document, "plan": document.plan, "form": form},
    )


@login_required
def document_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Every document made of the plan, newest first, with who asked for it and when."""
    plan = document_plan_for_user(request.user, plan_pk)
    documents = (
        GeneratedDocument.objects.without_content()
        .filter(plan=plan)
        .select_related("followup_round", "created_by")
    )
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "documents/document_list.html", {"plan": plan, "page": page})


# Settings -------------------------------------------------------------------------------


def _settings_initial(found: services.EffectiveSettings) -> dict:
    own = found.own
    if own is None:
        return {}
    initial: dict = {"accent_colour": own.accent_colour}
    for plan_kind, kinds in (own.default_kinds or {}).items():
        initial[DocumentSettingsForm.kinds_field(plan_kind)] = kinds
    return initial


def _logo_data_url(found: services.EffectiveSettings) -> str:
    """The logo as a data: address, which the pages' Content Security Policy allows for images."""
    if not found.logo:
        return ""
    mime = "image/png" if found.logo.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(found.logo).decode('ascii')}"


@login_required
@sent_once
def organisation_document_settings(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = settings_organisation_for_user(request.user, organisation_pk)
    if request.method == "POST" and request.POST.get("clear") in ("logo", "reference_docx"):
        which = request.POST["clear"]
        services.document_settings_save(
            user=request.user,
            organisation=organisation,
            clear_logo=which == "logo",
            clear_reference_docx=which == "reference_docx",
        )
        messages.success(
            request,
            _("The logo was removed.") if which == "logo" else _("The Word file was removed."),
        )
        return redirect("documents:organisation_document_settings", organisation_pk=organisation.pk)
    found = services.effective_settings(organisation)
    if request.method == "POST":
        form = DocumentSettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_settings_save(
                    user=request.user,
                    organisation=organisation,
                    accent_colour=form.cleaned_data["accent_colour"],
                    default_kinds=form.default_kinds(),
                    logo=form.cleaned_data["logo"],
                    reference_docx=form.cleaned_data["reference_docx"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The document settings were saved."))
                return redirect(
                    "documents:organisation_document_settings", organisation_pk=organisation.pk
                )
    else:
        form = DocumentSettingsForm(initial=_settings_initial(found))
    return render(
        request,
        "documents/document_settings_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "settings": found,
            "logo_url": _logo_data_url(found),
            "logo_source": found.inherited("logo"),
            "colour_source": found.inherited("accent_colour"),
            "reference_source": found.inherited("reference_docx"),
            "kinds_source": found.inherited("default_kinds"),
        },
    )
