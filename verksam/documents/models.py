"""Each organisation's document settings, and every document Verksam has generated.

An organisation's settings (logo, accent colour, a Word reference file, the
document kinds it usually makes) reach down the tree: a unit without a value of
its own uses the nearest organisation above it that has one. Generated
documents are kept with their bytes, so the version a board received can be
found and downloaded again.
"""

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from verksam.documents.content import DocumentFormat, DocumentKind
from verksam.followup.models import FollowUpRound
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanKind
from verksam.plans.models import Plan

#: The largest logo accepted, in bytes.
MAX_LOGO_SIZE = 1024 * 1024
#: The largest logo in pixels a side: a small PNG can unpack to gigabytes of pixels.
MAX_LOGO_SIDE = 5000
#: The largest Word reference file accepted, in bytes.
MAX_REFERENCE_SIZE = 5 * 1024 * 1024
#: A Word reference file may unpack to at most this many bytes. A real one, even with
#: pictures in it, unpacks to a few times its packed size; a zip bomb to gigabytes.
MAX_REFERENCE_UNPACKED = 50 * 1024 * 1024
#: A Word reference file may hold at most this many parts (Word writes a few dozen).
MAX_REFERENCE_MEMBERS = 1000
#: A part larger than MAX_REFERENCE_DENSE_PART may unpack to at most this many times its
#: packed size. Word's XML packs about ten to one; a bomb packs about a thousand to one.
MAX_REFERENCE_RATIO = 100
MAX_REFERENCE_DENSE_PART = 1024 * 1024
#: Text in the accent colour must reach this contrast against white (WCAG 2.1 AA).
MIN_CONTRAST = 4.5

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

CONTENT_TYPES = {
    DocumentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.HTML: "text/html; charset=utf-8",
}


# Checks of the settings' values ----------------------------------------------------


def _relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a "#rrggbb" colour."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of a "#rrggbb" colour against white, from 1 to 21."""
    return 1.05 / (_relative_luminance(colour) + 0.05)


def validate_accent_colour(value: str) -> None:
    """A "#rrggbb" colour dark enough for white text on it and for text in it on white."""
    if not _HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, e.g. #1d4e89."),
            code="colour_format",
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "The colour %(colour)s has a contrast of only %(ratio)s:1 against white; "
                "at least 4.5:1 is needed for text to be readable. Choose a darker colour."
            )
            % {"colour": value, "ratio": number_format(int(ratio * 100) / 100, decimal_pos=2)},
            code="low_contrast",
        )


def _megabytes(size: int) -> str:
    return number_format(size / 1024 / 1024, decimal_pos=1)


def validate_logo(value: bytes | memoryview | None) -> None:
    """A PNG or JPEG image of at most 1 MB, judged by its content, not by its name."""
    if not value:
        return
    data = bytes(value)
    if len(data) > MAX_LOGO_SIZE:
        raise ValidationError(
            _("The logo is %(size)s MB; it may be at most 1 MB.") % {"size": _megabytes(len(data))},
            code="logo_too_large",
        )
    from PIL import Image, UnidentifiedImageError

    width = height = 0
    try:
        # Opening reads only the header; verify() checks the data without unpacking pixels.
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The logo has too many pixels; it may be at most %(side)d pixels wide and high.")
            % {"side": MAX_LOGO_SIDE},
            code="logo_too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    if image_format in ("PNG", "JPEG") and max(width, height) > MAX_LOGO_SIDE:
        raise ValidationError(
            _(
                "The logo is %(width)d × %(height)d pixels; it may be at most %(side)d pixels "
                "wide and high."
            )
            % {"width": width, "height": height, "side": MAX_LOGO_SIDE},
            code="logo_too_many_pixels",
        )
    if image_format not in ("PNG", "JPEG"):
        raise ValidationError(
            _("The logo must be a PNG or JPEG image; this file is not one."),
            code="logo_format",
        )


def _unreadable_reference() -> ValidationError:
    return ValidationError(
        _(
            "The reference file could not be opened as a Word document (.docx). "
            "Save it from Word as “Word Document (.docx)” and upload it again."
        ),
        code="reference_unreadable",
    )


def _check_reference_unpacked_size(data: bytes) -> None:
    """Refuse a zip bomb from the zip's directory alone, before anything is unpacked.

    A .docx is a zip file. Its central directory states each part's packed and
    unpacked size; reading it unpacks nothing, so a file that would unpack to
    gigabytes is refused at once. The sizes stated there also bound what the
    parser can later read: Python's zipfile stops each part at its stated size.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable_reference() from None
    if len(members) > MAX_REFERENCE_MEMBERS:
        raise ValidationError(
            _(
                "The Word file holds %(count)d parts; a Word document has far fewer "
                "(at most %(limit)d are accepted). Save it from Word as “Word Document "
                "(.docx)” and upload it again."
            )
            % {"count": len(members), "limit": MAX_REFERENCE_MEMBERS},
            code="reference_too_many_parts",
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_REFERENCE_UNPACKED:
        raise ValidationError(
            _(
                "The Word file would unpack to %(size)s MB; at most %(limit)d MB is accepted. "
                "Use a Word file with the styles only, without large pictures or content."
            )
            % {"size": _megabytes(unpacked), "limit": MAX_REFERENCE_UNPACKED // 1024 // 1024},
            code="reference_unpacks_too_large",
        )
    for member in members:
        dense = member.file_size > MAX_REFERENCE_DENSE_PART and (
            member.file_size > MAX_REFERENCE_RATIO * max(member.compress_size, 1)
        )
        if dense:
            raise ValidationError(
                _(
                    "The part “%(part)s” of the Word file is packed unusually tightly "
                    "(%(ratio)d to 1), as in a file made to exhaust the server; it is not "
                    "accepted. Save the file from Word as “Word Document (.docx)” and upload "
                    "it again."
                )
                % {
                    "part": member.filename[:100],
                    "ratio": member.file_size // max(member.compress_size, 1),
                },
                code="reference_packed_too_tightly",
            )


def validate_reference_docx(value: bytes | memoryview | None) -> None:
    """A Word file (.docx) of at most 5 MB, no zip bomb, that python-docx can open."""
    if not value:
        return
    data = bytes(value)
    if len(data) > MAX_REFERENCE_SIZE:
        raise ValidationError(
            _("The Word file is %(size)s MB; it may be at most 5 MB.")
            % {"size": _megabytes(len(data))},
            code="reference_too_large",
        )
    _check_reference_unpacked_size(data)
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of errors on a damaged file
        raise _unreadable_reference() from None


def validate_default_kinds(value) -> None:
    """{plan kind: [document kind, …]} with known kinds only."""
    if not isinstance(value, dict):
        raise ValidationError(_("The default documents must be a mapping."), code="kinds_shape")
    for plan_kind, kinds in value.items():
        if plan_kind not in PlanKind.values:
            raise ValidationError(
                _("%(kind)s is not a kind of plan.") % {"kind": plan_kind}, code="plan_kind"
            )
        if not isinstance(kinds, list) or any(kind not in DocumentKind.values for kind in kinds):
            raise ValidationError(
                _("The default documents of %(kind)s name an unknown kind of document.")
                % {"kind": PlanKind(plan_kind).label},
                code="document_kind",
            )


# Models --------------------------------------------------------------------------------


class DocumentSettings(models.Model):
    """How one organisation's documents look: logo, accent colour and Word styles.

    Empty values are inherited: ``verksam.documents.services.style_for`` takes
    each value from the organisation itself or else from the nearest
    organisation above it that has one. `default_kinds` lists, per kind of
    plan, the documents the organisation usually makes from such a plan; the
    first is offered first.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="document_settings",
    )
    logo = models.BinaryField(
        _("logo"), null=True, blank=True, editable=True, validators=[validate_logo]
    )
    logo_name = models.CharField(_("logo file name"), max_length=255, blank=True)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_("Headings and table headers, e.g. #1d4e89."),
    )
    reference_docx = models.BinaryField(
        _("Word reference file"),
        null=True,
        blank=True,
        editable=True,
        validators=[validate_reference_docx],
    )
    reference_docx_name = models.CharField(
        _("Word reference file name"), max_length=255, blank=True
    )
    default_kinds = models.JSONField(
        _("default documents"), default=dict, blank=True, validators=[validate_default_kinds]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(self.organisation)


class DocumentState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class GeneratedDocumentQuerySet(models.QuerySet):
    def without_content(self):
        """Everything but the file's bytes, for lists and progress pages."""
        return self.defer("content")


class GeneratedDocument(models.Model):
    """One document generated from a plan (and, for reports, a follow-up round).

    Made by a background task, which moves `state` from queued through running
    to done or failed and `progress` from 0 to 100. The finished file's bytes
    are kept for good, so the version a board received can be downloaded again
    long after the plan or its follow-up has changed.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="documents"
    )
    followup_round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("follow-up round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    file_format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    content = models.BinaryField(_("content"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self) -> str:
        return self.file_name or f"{self.get_kind_display()} ({self.plan_id})"

    @property
    def is_finished(self) -> bool:
        return self.state in (DocumentState.DONE, DocumentState.FAILED)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[DocumentFormat(self.file_format)]

    @property
    def is_approved(self) -> bool:
        """Whether a board has approved the document; it is then kept as it is, for good."""
        return hasattr(self, "approval")


class DocumentApproval(models.Model):
    """A board's approval of a generated report, with the date and case number (diarienummer).

    An approved document is never made again nor deleted: it is the version the
    board decided on. The approval protects the document's row in the database.
    """

    document = models.OneToOneField(
        GeneratedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="approval",
    )
    board = models.ForeignKey(
        Organisation,
        verbose_name=_("board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_approvals",
    )
    body = models.CharField(
        _("approved by"), max_length=200, help_text=_("The board or body that approved it.")
    )
    decided_on = models.DateField(_("date of decision"))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval of a report")
        verbose_name_plural = _("approvals of reports")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        number = f", {self.case_number}" if self.case_number else ""
        return f"{self.body} {self.decided_on:%Y-%m-%d}{number}"
