"""The roll-over preview's choices: which items, links and proposals go into next period's plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.followup.rollover.selectors import RolloverPreview


class RolloverForm(forms.Form):
    """Ticks for the items to copy, the links to keep and the improvements to add as items.

    The choices are those of the preview, so an id of anything else is refused.
    """

    items = forms.TypedMultipleChoiceField(
        label=_("Items to copy"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    links = forms.TypedMultipleChoiceField(
        label=_("Contributes-to links to keep"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    proposals = forms.TypedMultipleChoiceField(
        label=_("Improvements to add as items"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, preview: RolloverPreview, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {"items": preview.initial_items(), "links": preview.initial_links(), "proposals": []},
        )
        super().__init__(*args, **kwargs)
        self.preview = preview
        self.fields["items"].choices = [(row.pk, row.item.title) for row in preview.rows]
        self.fields["links"].choices = [(row.link.pk, str(row.link)) for row in preview.links_kept]
        self.fields["proposals"].choices = [(p.pk, p.title) for p in preview.proposals]

    def ticked(self, name: str) -> set[int]:
        """The ids ticked in a field: as sent, or as first offered."""
        values = self[name].value() or []
        found = set()
        for value in values:
            try:
                found.add(int(value))
            except (TypeError, ValueError):
                continue
        return found
