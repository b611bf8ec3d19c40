"""The upload form and the plan fields of the review form.

The items, levels and sections of the review are many small fields named by their
index (item-3, level-1, section-2-kind); `keep_review_input` reads them straight from
the sent data into the kept structure.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.plans.choices import PlanKind, SectionKind
from verksam.plans.reading import formats
from verksam.plans.reading.blocks import ReadingError
from verksam.plans.reading.formats import format_of

ACCEPTED = ".docx,.pdf,.html,.htm,.txt,.md"


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan document"),
        help_text=gettext_lazy(
            "A Word file (DOCX), a PDF saved from a document (not a scan), a web page (HTML), "
            "or plain text (TXT or MD). At most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
        error_messages={
            "required": gettext_lazy("Choose a file to upload."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except ReadingError as error:
            raise ValidationError(str(error)) from error
        if upload.size > formats.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB; split it or save it without images.")
                % {"size": formats.MAX_BYTES // (1024 * 1024)}
            )
        self.cleaned_data["content"] = upload.read()
        return upload


def _kind_choices():
    return [("", _("— choose —")), *PlanKind.choices]


class ReviewForm(forms.Form):
    """The plan's own fields on the review page; all needed before the plan is created."""

    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the plan a title.")},
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=None,
        empty_label=None,
        help_text=gettext_lazy("The organisation whose plan this is."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of plan"),
        choices=_kind_choices,
        error_messages={"required": gettext_lazy("Choose the kind of plan.")},
    )
    period_start = forms.IntegerField(
        label=gettext_lazy("Period starts (year)"),
        min_value=1900,
        max_value=2200,
        error_messages={"required": gettext_lazy("Give the year the period starts.")},
    )
    period_end = forms.IntegerField(
        label=gettext_lazy("Period ends (year)"),
        min_value=1900,
        max_value=2200,
        error_messages={"required": gettext_lazy("Give the year the period ends.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


def keep_review_input(data: dict, form: ReviewForm, sent) -> None:
    """Copy what was sent into the kept structure: the plan's fields that are valid,
    and the titles of items, levels and sections as typed."""
    cleaned = getattr(form, "cleaned_data", {})
    for name in ("title", "kind", "period_start", "period_end"):
        if name in cleaned:
            data[name] = cleaned[name]
    if "title" not in cleaned and "title" in sent:
        data["title"] = sent["title"][:200]
    for index, item in enumerate(data["items"]):
        key = f"item-{index}"
        if key in sent:
            item["title"] = sent[key].replace("\r\n", "\n").strip()
    for depth in range(len(data["levels"])):
        key = f"level-{depth}"
        if key in sent:
            data["levels"][depth] = sent[key].strip()[:100]
    for index, section in enumerate(data["sections"]):
        if f"section-{index}-title" not in sent:
            continue
        section["title"] = sent[f"section-{index}-title"].strip()[:200]
        section["include"] = sent.get(f"section-{index}-include") == "on"
        kind = sent.get(f"section-{index}-kind", "")
        if kind in SectionKind.values:
            section["kind"] = kind
