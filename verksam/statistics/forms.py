"""Forms of the statistics: an organisation's own peer group."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import LONG_TEXT_MAX_LENGTH, text_limit
from verksam.organisations.areas import AreaCodeError, all_areas, normalise_code
from verksam.statistics.models import PeerGroup


class PeerGroupForm(forms.Form):
    name = LineField(label=_("Name of the group"), max_length=text_limit(PeerGroup, "name"))
    members = forms.CharField(
        label=_("Municipalities"),
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names or codes, separated by commas, e.g. Kalmar, Växjö, 0883."),
    )

    def clean_members(self) -> list[str]:
        by_name = {area.name.casefold(): area.code for area in all_areas() if area.is_municipality}
        codes, unknown = [], []
        for part in re.split(r"[,;\\n]+", self.cleaned_data["members"]):
            text = part.strip()
            if not text:
                continue
            if text.casefold() in by_name:
                codes.append(by_name[text.casefold()])
                continue
            try:
                codes.append(normalise_code(text))
            except AreaCodeError:
                unknown.append(text)
        if unknown:
            raise ValidationError(
                _("Not a municipality: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return codes
