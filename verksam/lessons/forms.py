from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.lessons.choices import LessonMethod
from verksam.lessons.selectors import LessonFilters
from verksam.organisations.areas import AreaKind, all_areas
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Tag


class LessonShareForm(forms.Form):
    """The optional tags a follow-up is shared with."""

    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", "—")] + LessonMethod.choices
    )
    priority_groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        required=False,
        queryset=Tag.objects.exclude(priority_group="").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


def _county_choices():
    counties = sorted(
        (area for area in all_areas() if area.kind == AreaKind.COUNTY), key=lambda a: a.name
    )
    return [("", _("All counties"))] + [(area.code, area.name) for area in counties]


class LessonSearchForm(forms.Form):
    """The words to search for and what to narrow the lessons to, sent as a GET query."""

    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    county = forms.ChoiceField(label=_("County"), required=False, choices=_county_choices)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds"))] + OrganisationKind.choices,
    )
    priority_group = forms.ChoiceField(
        label=_("Priority group"),
        required=False,
        choices=[("", _("All priority groups"))] + PriorityGroup.choices,
    )
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", _("All methods"))] + LessonMethod.choices
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def filters(self) -> LessonFilters:
        data = self.cleaned_data
        return LessonFilters(
            county_code=data.get("county") or "",
            organisation_kind=data.get("kind") or "",
            priority_group=data.get("priority_group") or "",
            method=data.get("method") or "",
            year=data.get("year"),
        )
