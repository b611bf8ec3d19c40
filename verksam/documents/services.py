"""Requesting, generating and storing documents, and saving an organisation's document settings.

`document_request` checks a request and queues the background task
`generate_document`, which runs `document_generate`: build the content
(verksam.documents.builders) in the document's language, render it in the chosen
format with the organisation's style, and keep the bytes. `document_build` does the same at
once, for the `verksam document` command and the benchmark; all three share
`document_check` and `document_render`, so every path makes the same file.

The builders and renderers are imported when a document is made, not when a
page imports this module: WeasyPrint and matplotlib take a while to load.
"""

import gc
import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from verksam.core.downloads import file_name_of
from verksam.core.memory import collection_paused
from verksam.core.models import ChangeRecord
from verksam.core.services import change_record
from verksam.documents.content import (
    KINDS_WITH_ROUND,
    DocumentContent,
    DocumentFormat,
    DocumentKind,
    DocumentStyle,
    round_fits,
)
from verksam.documents.models import (
    DocumentApproval,
    DocumentSettings,
    DocumentState,
    GeneratedDocument,
)
from verksam.followup.models import FollowUpRound
from verksam.organisations.models import Organisation
from verksam.plans.models import Plan

logger = logging.getLogger(__name__)

#: Progress saved after each step of making a document.
PROGRESS_STARTED = 10
PROGRESS_BUILT = 60
PROGRESS_DONE = 100
#: The longest error message kept with a failed document.
MAX_ERROR_LENGTH = 2000

# Settings and style -------------------------------------------------------------------

#: The settings' values an organisation inherits one by one from those above it.
INHERITED_FIELDS = ("logo", "accent_colour", "reference_docx", "default_kinds")


@dataclass
class EffectiveSettings:
    """An organisation's document settings as they apply, each value with where it comes from.

    `sources` maps a field name to the organisation whose settings supply it;
    a field missing from it has no value anywhere up the tree.
    """

    own: DocumentSettings | None = None
    logo: bytes | None = None
    logo_name: str = ""
    accent_colour: str = ""
    reference_docx: bytes | None = None
    reference_docx_name: str = ""
    default_kinds: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, Organisation] = field(default_factory=dict)

    def inherited(self, name: str) -> Organisation | None:
        """The organisation above whose value of `name` applies, or None if it is our own."""
        source = self.sources.get(name)
        if source is None or (self.own and source.pk == self.own.organisation_id):
            return None
        return source


def effective_settings(organisation: Organisation) -> EffectiveSettings:
    """The settings that apply to the organisation's documents, read in one query.

    Each value comes from the organisation's own settings, or else from the
    nearest organisation above it with a value for it: a library's logo is its
    branches' logo until a branch uploads one of its own.
    """
    rows = (
        DocumentSettings.objects.filter(organisation_id__in=organisation.ancestor_ids)
        .select_related("organisation")
        .order_by("-organisation__depth")
    )
    result = EffectiveSettings()
    for row in rows:  # nearest first
        if row.organisation_id == organisation.pk:
            result.own = row
        if "logo" not in result.sources and row.logo:
            result.logo, result.logo_name = bytes(row.logo), row.logo_name
            result.sources["logo"] = row.organisation
        if "accent_colour" not in result.sources and row.accent_colour:
            result.accent_colour = row.accent_colour
            result.sources["accent_colour"] = row.organisation
        if "reference_docx" not in result.sources and row.reference_docx:
            result.reference_docx = bytes(row.reference_docx)
            result.reference_docx_name = row.reference_docx_name
            result.sources["reference_docx"] = row.organisation
        if "default_kinds" not in result.sources and row.default_kinds:
            result.default_kinds = row.default_kinds
            result.sources["default_kinds"] = row.organisation
    return result


def style_for(organisation: Organisation) -> DocumentStyle:
    """How the organisation's documents look: its settings, or those of the organisations above."""
    found = effective_settings(organisation)
    style = DocumentStyle(logo=found.logo, logo_name=found.logo_name)
    if found.accent_colour:
        style.accent_colour = found.accent_colour
    style.reference_docx = found.reference_docx
    return style


def kinds_for_plan(plan: Plan) -> list[str]:
    """The kinds of document the plan can give, those its organisation usually makes first."""
    from verksam.documents.builders import kinds_for

    possible = [str(kind) for kind in kinds_for(plan)]
    usual = effective_settings(plan.organisation).default_kinds.get(plan.kind, [])
    first = [kind for kind in usual if kind in possible]
    return first + [kind for kind in possible if kind not in first]


@dataclass(frozen=True)
class UploadedFile:
    """A file given to a service: its name and its bytes."""

    name: str
    content: bytes


def document_settings_save(
    *,
    user,
    organisation: Organisation,
    accent_colour: str | None = None,
    default_kinds: dict[str, list[str]] | None = None,
    logo: UploadedFile | None = None,
    reference_docx: UploadedFile | None = None,
    clear_logo: bool = False,
    clear_reference_docx: bool = False,
) -> DocumentSettings:
    """Save the organisation's own document settings; None leaves a value as it is.

    An empty colour, an empty mapping or a cleared file means "use the value of
    the organisations above". Checked with full_clean (the logo's and the Word
    file's content included) and logged in the change log.
    """
    with transaction.atomic():
        document_settings, created = DocumentSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        unchanged_files = {"logo", "reference_docx"}
        if accent_colour is not None:
            document_settings.accent_colour = accent_colour.strip().lower()
        if default_kinds is not None:
            document_settings.default_kinds = {
                plan_kind: kinds for plan_kind, kinds in default_kinds.items() if kinds
            }
        if clear_logo:
            document_settings.logo, document_settings.logo_name = None, ""
        if logo is not None:
            document_settings.logo, document_settings.logo_name = logo.content, logo.name[-255:]
            unchanged_files.discard("logo")
        if clear_reference_docx:
            document_settings.reference_docx, document_settings.reference_docx_name = None, ""
        if reference_docx is not None:
            document_settings.reference_docx = reference_docx.content
            document_settings.reference_docx_name = reference_docx.name[-255:]
            unchanged_files.discard("reference_docx")
        # A stored file was checked when it was uploaded; do not read it again.
        document_settings.full_clean(exclude=sorted(unchanged_files))
        document_settings.save()
        change_record(
            user=user,
            action=ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
            obj=document_settings,
            data=_settings_snapshot(document_settings),
        )
    return document_settings


def _settings_snapshot(document_settings: DocumentSettings) -> dict:
    return {
        "organisation": document_settings.organisation_id,
        "accent_colour": document_settings.accent_colour,
        "logo_name": document_settings.logo_name,
        "logo_size": len(document_settings.logo or b""),
        "reference_docx_name": document_settings.reference_docx_name,
        "reference_docx_size": len(document_settings.reference_docx or b""),
        "default_kinds": document_settings.default_kinds,
    }


# Requests -----------------------------------------------------------------------------


def document_check(
    *, plan: Plan, kind: str, file_format: str, followup_round: FollowUpRound | None = None
) -> None:
    """Refuse a document the plan cannot give, naming the field: kind, format or round."""
    from verksam.documents.builders import kinds_for

    errors: dict[str, str] = {}
    if file_format not in DocumentFormat.values:
        errors["file_format"] = _("Choose Word (DOCX), PDF or a web page (HTML).")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose a kind of document.")
    elif kind not in [str(possible) for possible in kinds_for(plan)]:
        errors["kind"] = _("This plan cannot give the document “%(kind)s”.") % {
            "kind": DocumentKind(kind).label
        }
    elif kind in KINDS_WITH_ROUND and followup_round is None:
        errors["followup_round"] = _(
            "Choose the follow-up round that the report (%(kind)s) covers."
        ) % {"kind": DocumentKind(kind).label}
    elif kind not in KINDS_WITH_ROUND and followup_round is not None:
        errors["followup_round"] = _(
            "An operational plan is not made for a follow-up round; leave the round empty."
        )
    if followup_round is not None and followup_round.plan_id != plan.pk:
        errors["followup_round"] = _(
            "The follow-up round “%(round)s” is not one of this plan’s."
        ) % {"round": followup_round.name}
    elif not errors and kind in KINDS_WITH_ROUND and not round_fits(kind, followup_round):
        errors["followup_round"] = _round_misfit(kind, followup_round)
    if errors:
        raise ValidationError(errors)


def _round_misfit(kind: str, followup_round: FollowUpRound) -> str:
    """Why a report of `kind` cannot be made on the round (see content.round_fits)."""
    if kind == DocumentKind.INTERIM_REPORT:
        message = _(
            "“%(round)s” is a round of the whole year, and an interim report is made on a "
            "round during the year. Choose such a round, or the annual report or the report "
            "to the board."
        )
    else:
        message = _(
            "“%(round)s” does not reach the end of the year, and the annual report is made on "
            "the year-end round. Choose that round, or an interim report or the report to the "
            "board."
        )
    return message % {"round": followup_round.name}


def _language(language: str | None) -> str:
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        raise ValidationError({"language": _("Choose Swedish (sv) or English (en).")}) from None


def document_request(
    *,
    user,
    plan: Plan,
    kind: str,
    file_format: str,
    followup_round: FollowUpRound | None = None,
    language: str | None = None,
) -> GeneratedDocument:
    """Check the request and queue the document; the background task makes it.

    The document is written in `language`, by default the language the person
    uses Verksam in. The task is queued when the transaction commits, so the
    worker always finds the new row.
    """
    document_check(plan=plan, kind=kind, file_format=file_format, followup_round=followup_round)
    document = GeneratedDocument(
        plan=plan,
        followup_round=followup_round,
        kind=kind,
        file_format=file_format,
        language=_language(language),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    document.full_clean(exclude=["content"])
    with transaction.atomic():
        document.save()
        transaction.on_commit(partial(_enqueue, document.pk))
    return document


def _enqueue(document_id: int) -> None:
    try:
        generate_document.enqueue(document_id)
    except Exception as error:
        logger.exception("Queueing document %s failed", document_id)
        _fail(document_id, error)


# Making the document ------------------------------------------------------------------


def document_file_name(content: DocumentContent, file_format: str) -> str:
    """E.g. "Verksamhetsplan-2025-Biblioteksutveckling-Region-Kalmar-län.docx".

    The document's title and organisation, words joined by hyphens, so the name
    travels safely by e-mail and in any file system; å, ä and ö are kept (the
    download gives a plain-letter name beside it, see verksam.core.downloads).
    """
    return file_name_of(
        content.title, content.front_page.organisation, extension=file_format, empty="document"
    )


def document_render(
    content: DocumentContent,
    *,
    file_format: str,
    style: DocumentStyle | None = None,
    stylesheet_url: str | None = None,
) -> bytes:
    """The content as a file in `file_format`.

    An HTML document links to its stylesheet: `stylesheet_url` when given (an
    absolute address, for a file opened outside Verksam), otherwise the
    stylesheet's address among Verksam's static files.
    """
    if file_format == DocumentFormat.DOCX:
        from verksam.documents.render_docx import render_docx

        return render_docx(content, style)
    if file_format == DocumentFormat.PDF:
        from verksam.documents.render_html import render_pdf

        return render_pdf(content, style)
    if file_format == DocumentFormat.HTML:
        from verksam.documents.render_html import render_html

        return render_html(content, style, stylesheet_url=stylesheet_url).encode("utf-8")
    raise ValueError(f"Unknown document format {file_format!r}")


def document_build(
    *,
    plan: Plan,
    kind: str,
    file_format: str,
    followup_round: FollowUpRound | None = None,
    language: str | None = None,
    user=None,
    stylesheet_url: str | None = None,
) -> tuple[bytes, str]:
    """Make a document at once, without a task or a stored row: (bytes, file name)."""
    document_check(plan=plan, kind=kind, file_format=file_format, followup_round=followup_round)
    with translation.override(_language(language)):
        content = _build_content(plan, kind, followup_round, user)
        data = document_render(
            content,
            file_format=file_format,
            style=style_for(plan.organisation),
            stylesheet_url=stylesheet_url,
        )
        return data, document_file_name(content, file_format)


def _build_content(
    plan: Plan, kind: str, followup_round: FollowUpRound | None, user
) -> DocumentContent:
    from verksam.documents.builders import build_document

    return build_document(plan=plan, kind=kind, followup_round=followup_round, user=user)


def document_generate(*, document_id: int) -> str:
    """Make a queued document and keep its bytes; returns the document's new state.

    Run by the background task. Progress is saved after each step, outside
    any transaction, so the progress page sees it. Any failure leaves the
    document FAILED with the error's message, and is logged.
    """
    started = (
        GeneratedDocument.objects.filter(pk=document_id, state=DocumentState.QUEUED)
        .exclude(approval__isnull=False)  # an approved document is never made again
        .update(state=DocumentState.RUNNING, progress=PROGRESS_STARTED)
    )
    if not started:  # delivered twice, or gone
        state = GeneratedDocument.objects.filter(pk=document_id).values_list("state", flat=True)
        return state.first() or DocumentState.FAILED
    try:
        return _generate(document_id)
    except Exception as error:
        logger.exception("Generating document %s failed", document_id)
        _fail(document_id, error)
        return DocumentState.FAILED


@task()
def generate_document(document_id: int) -> str:
    """The background task that makes a queued document; returns its new state (done or failed).

    Declared beside the service it runs, so this module queues it without importing
    verksam.documents.tasks, which watches how the task ended.
    """
    return document_generate(document_id=document_id)


def _generate(document_id: int) -> str:
    document = (
        GeneratedDocument.objects.without_content()
        .select_related("plan__organisation", "followup_round", "created_by")
        .get(pk=document_id)
    )
    # The heap a document's making leaves (see verksam.core.memory) is collected once
    # the file is stored, rather than while the reader waits for it.
    with translation.override(document.language), collection_paused():
        content = _build_content(
            document.plan, document.kind, document.followup_round, document.created_by
        )
        _set_progress(document_id, PROGRESS_BUILT)
        data = document_render(
            content, file_format=document.file_format, style=style_for(document.plan.organisation)
        )
        GeneratedDocument.objects.filter(pk=document_id).update(
            state=DocumentState.DONE,
            progress=PROGRESS_DONE,
            content=data,
            size=len(data),
            file_name=document_file_name(content, document.file_format),
            finished_at=timezone.now(),
        )
    gc.collect()
    return DocumentState.DONE


def _set_progress(document_id: int, progress: int) -> None:
    GeneratedDocument.objects.filter(pk=document_id).update(progress=progress)


def _fail(document_id: int, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    GeneratedDocument.objects.filter(pk=document_id).exclude(state=DocumentState.DONE).update(
        state=DocumentState.FAILED,
        error=message[:MAX_ERROR_LENGTH],
        finished_at=timezone.now(),
    )


# Approval by a board --------------------------------------------------------------------


def _refuse_when_approved(document: GeneratedDocument) -> None:
    if DocumentApproval.objects.filter(document_id=document.pk).exists():
        raise ValidationError(
            _(
                "The document was approved by a board and is kept as it was approved; "
                "it cannot be made again or deleted."
            ),
            code="approved",
        )


@transaction.atomic
def document_approve(
    *,
    user,
    document: GeneratedDocument,
    decided_on,
    board: Organisation | None = None,
    body: str = "",
    case_number: str = "",
    note: str = "",
) -> DocumentApproval:
    """Record that a board approved a finished report, with the date and case number.

    Only reports (of a follow-up round) that are done can be approved, once.
    The board is one of the plan organisation's tree, as when a plan is
    adopted; its name is kept as `body`, which may be given alone instead.
    """
    from verksam.plans.services import adopting_boards

    document = GeneratedDocument.objects.select_for_update().without_content().get(pk=document.pk)
    _refuse_when_approved(document)
    if document.kind not in KINDS_WITH_ROUND:
        raise ValidationError(_("Only a report can be approved by a board."), code="not_report")
    if document.state != DocumentState.DONE:
        raise ValidationError(_("Only a finished document can be approved."), code="not_finished")
    if board is not None and not adopting_boards(document.plan).filter(pk=board.pk).exists():
        raise ValidationError(
            {
                "board": ValidationError(
                    _("Choose a board of %(organisation)s or of the organisations around it.")
                    % {"organisation": document.plan.organisation.name},
                    code="not_a_board",
                )
            }
        )
    approval = DocumentApproval(
        document=document,
        board=board,
        body=(body or "").strip() or (board.name if board is not None else ""),
        decided_on=decided_on,
        case_number=(case_number or "").strip(),
        note=note,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    approval.full_clean()
    approval.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=approval)
    return approval


@transaction.atomic
def document_regenerate(*, user, document: GeneratedDocument) -> GeneratedDocument:
    """Make a document again from the plan as it is now; refused once a board approved it."""
    document = GeneratedDocument.objects.select_for_update().without_content().get(pk=document.pk)
    _refuse_when_approved(document)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.QUEUED,
        progress=0,
        content=None,
        size=0,
        error="",
        finished_at=None,
    )
    transaction.on_commit(partial(_enqueue, document.pk))
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=document)
    document.refresh_from_db()
    return document


@transaction.atomic
def document_delete(*, user, document: GeneratedDocument) -> None:
    """Delete a generated document; refused once a board approved it."""
    _refuse_when_approved(document)
    change_record(
        user=user,
        action=ChangeRecord.Action.DELETE,
        obj=document,
        data={
            "plan": document.plan_id,
            "kind": document.kind,
            "file_name": document.file_name,
        },
    )
    document.delete()
