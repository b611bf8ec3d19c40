"""Forms of documents: asking for a document, and an organisation's document settings.

The forms check what a person typed or uploaded and name the field when
something is wrong; the services (verksam.documents.services) check again and
do the work.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.documents.content import KINDS_WITH_ROUND, DocumentFormat, DocumentKind, round_fits
from verksam.documents.models import (
    MAX_LOGO_SIZE,
    MAX_REFERENCE_SIZE,
    validate_accent_colour,
    validate_logo,
    validate_reference_docx,
)
from verksam.documents.services import UploadedFile
from verksam.followup.models import FollowUpRound
from verksam.organisations.forms import BoardDecisionForm
from verksam.plans.choices import PlanKind
from verksam.plans.models import Plan


class RoundSelect(forms.Select):
    """The rounds, each option naming the reports that fit it (``round_fits``).

    The page's script then offers, for the report chosen, only the rounds it
    fits; without the script every round is listed and the service refuses a
    round that does not fit, naming the field.
    """

    def __init__(self, attrs=None) -> None:
        attrs = {"data-fits-kind": "kind", "data-report-kinds": " ".join(KINDS_WITH_ROUND)} | (
            attrs or {}
        )
        super().__init__(attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        followup_round = getattr(value, "instance", None)
        if followup_round is not None:
            fitting = [str(kind) for kind in KINDS_WITH_ROUND if round_fits(kind, followup_round)]
            option["attrs"]["data-kinds"] = " ".join(fitting)
        return option


class DocumentRequestForm(forms.Form):
    """Which document to make of a plan: kind, format and, for reports, the round."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Document"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose which document to make.")},
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=DocumentFormat.choices,
        initial=DocumentFormat.DOCX,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Word to edit further, PDF to send or print, a web page to read on screen."
        ),
        error_messages={"required": gettext_lazy("Choose a format.")},
    )
    followup_round = forms.ModelChoiceField(
        label=gettext_lazy("Follow-up round"),
        queryset=FollowUpRound.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none (for the operational plan) —"),
        help_text=gettext_lazy(
            "The round a report covers: an interim report a round during the year, the annual "
            "report the year-end round. Not used for the operational plan."
        ),
        widget=RoundSelect,
    )

    def __init__(self, *args, plan: Plan, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, capfirst(DocumentKind(kind).label)) for kind in kinds]
        self.fields["followup_round"].queryset = FollowUpRound.objects.filter(plan=plan)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") and cleaned["kind"] not in KINDS_WITH_ROUND:
            # A round chosen for a report and left selected does not concern the plan itself.
            cleaned["followup_round"] = None
        return cleaned


def _read_upload(upload, *, max_size: int, too_large: str) -> bytes:
    if upload.size > max_size:
        raise ValidationError(too_large)
    return upload.read()


class DocumentSettingsForm(forms.Form):
    """An organisation's own document settings; what is left empty is inherited from above."""

    accent_colour = forms.CharField(
        label=gettext_lazy("Accent colour"),
        required=False,
        max_length=7,
        help_text=gettext_lazy(
            "Used for headings and table headers, written as # and six hexadecimal digits, "
            "e.g. #1d4e89. It needs a contrast of at least 4.5:1 against white. "
            "Leave empty to use the colour of the organisation above."
        ),
        widget=forms.TextInput(attrs={"placeholder": "#1d4e89", "size": 8}),
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("A PNG or JPEG image of at most 1 MB, shown on the front page."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    reference_docx = forms.FileField(
        label=gettext_lazy("Word reference file"),
        required=False,
        help_text=gettext_lazy(
            "A Word document (.docx) of at most 5 MB whose styles (fonts, headings, margins) "
            "the Word documents use."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for plan_kind, label in PlanKind.choices:
            self.fields[self.kinds_field(plan_kind)] = forms.MultipleChoiceField(
                label=capfirst(label),
                required=False,
                choices=[(kind, capfirst(kind_label)) for kind, kind_label in DocumentKind.choices],
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def kinds_field(plan_kind: str) -> str:
        return f"kinds_{plan_kind}"

    def kinds_fields(self):
        """The bound fields of the default documents, one per kind of plan."""
        return [self[self.kinds_field(plan_kind)] for plan_kind in PlanKind.values]

    def main_fields(self):
        return [self["accent_colour"], self["logo"], self["reference_docx"]]

    def clean_accent_colour(self) -> str:
        colour = self.cleaned_data["accent_colour"].strip().lower()
        if colour:
            validate_accent_colour(colour)
        return colour

    def clean_logo(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        content = _read_upload(
            upload, max_size=MAX_LOGO_SIZE, too_large=_("The logo may be at most 1 MB.")
        )
        validate_logo(content)
        return UploadedFile(name=upload.name, content=content)

    def clean_reference_docx(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("reference_docx")
        if not upload:
            return None
        content = _read_upload(
            upload,
            max_size=MAX_REFERENCE_SIZE,
            too_large=_("The Word file may be at most 5 MB."),
        )
        validate_reference_docx(content)
        return UploadedFile(name=upload.name, content=content)

    def default_kinds(self) -> dict[str, list[str]]:
        """The chosen default documents as {plan kind: [document kind, …]}."""
        return {
            plan_kind: self.cleaned_data.get(self.kinds_field(plan_kind)) or []
            for plan_kind in PlanKind.values
        }


class DocumentApprovalForm(BoardDecisionForm):
    """A board's approval of a report: which board, when, and the case number."""

    missing_board_message = gettext_lazy(
        "Choose the board that approved the report, or name the body below."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = gettext_lazy("Approved by")
