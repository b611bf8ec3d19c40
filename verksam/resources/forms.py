from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.resources.choices import CostKind
from verksam.resources.models import LARGEST_AMOUNT, BudgetLine, Outcome


class VersionField(forms.IntegerField):
    """The version an edit form was loaded with; 0 when the line did not exist yet."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


def _amount_field(label, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=LARGEST_AMOUNT,
        help_text=_("Whole kronor, without spaces or decimals."),
        error_messages={
            "invalid": _("Write the amount in whole kronor, e.g. 125000."),
            "min_value": _("The amount cannot be negative."),
            "max_value": _("The amount is too large."),
        },
    )


class BudgetLineForm(forms.Form):
    """One budget line of an item: kind of cost, year, amount and a note."""

    kind = forms.ChoiceField(label=_("Cost kind"), choices=CostKind.choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    amount = _amount_field(_("Amount (kronor)"))
    note = LineField(label=_("Note"), required=False, max_length=text_limit(BudgetLine, "note"))
    version = VersionField()

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class OutcomeForm(forms.Form):
    """What an item cost per kind of cost in one round; an empty amount records nothing."""

    note = LineField(label=_("Note"), required=False, max_length=text_limit(Outcome, "note"))
    versions = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amounts = {
            f"amount_{kind}": _amount_field(
                _("Outcome for %(kind)s (kronor)") % {"kind": label}, required=False
            )
            for kind, label in CostKind.choices
        }
        self.fields = {**amounts, **self.fields}

    def amounts(self) -> dict[str, int | None]:
        return {kind: self.cleaned_data.get(f"amount_{kind}") for kind in CostKind.values}


class BudgetImportForm(forms.Form):
    """A CSV or XLSX file of budget lines."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One budget line a row, with the columns item, kind, year, amount and, if you "
            "like, note."
        ),
    )
