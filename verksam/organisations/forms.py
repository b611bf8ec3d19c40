"""Forms about organisations that other apps build on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.core.text import LONG_TEXT_MAX_LENGTH
from verksam.organisations.models import Organisation


class BoardDecisionForm(forms.Form):
    """A board's decision: which board (or another body, by name), when, and its case number.

    Adopting a plan and approving a report ask the same; a subclass names the
    body field and says, in `missing_board_message`, what to do when neither a
    board nor a body is given. `boards` are the boards to choose from.
    """

    missing_board_message = _("Choose the board that decided, or name the body below.")

    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(another body, named below)"),
    )
    body = forms.CharField(label=_("Decided by"), max_length=200, required=False)
    decided_on = forms.DateField(
        label=_("Date of decision"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    case_number = forms.CharField(
        label=_("Case number (diarienummer)"), max_length=60, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        if boards is not None:
            self.fields["board"].queryset = boards

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("board") and not (cleaned.get("body") or "").strip():
            self.add_error("board", self.missing_board_message)
        return cleaned
