import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.lessons.choices import LessonMethod, NoteKind
from verksam.lessons.models import Note
from verksam.lessons.selectors import LessonFilters, focus_areas_for
from verksam.organisations.areas import AreaKind, all_areas
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PriorityGroup
from verksam.plans.forms import VersionField
from verksam.plans.models import Tag


def focus_area_choices(user) -> list[tuple[int, str]]:
    """The focus areas of the regional library plans the user may read, each named with
    its plan, since several plans have focus areas of the same name."""
    return [
        (item.pk, f"{item.title} ({item.plan.title}, {item.plan.organisation.name})")
        for item in focus_areas_for(user)
    ]


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
    focus_area = forms.TypedChoiceField(
        label=_("Focus area of the regional plan"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Lessons of items that contribute to it, directly or through a chain of links, "
            "and notes tagged with it."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", _("All focus areas"))] + focus_area_choices(user)

    def filters(self) -> LessonFilters:
        data = self.cleaned_data
        return LessonFilters(
            county_code=data.get("county") or "",
            organisation_kind=data.get("kind") or "",
            priority_group=data.get("priority_group") or "",
            method=data.get("method") or "",
            year=data.get("year"),
            focus_area=data.get("focus_area"),
        )


class NoteForm(forms.Form):
    """An environmental-scanning note or a short evaluation, with its sources and tags."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    title = LineField(label=_("Title"), max_length=text_limit(Note, "title"))
    text = forms.CharField(
        label=_("Text"),
        max_length=text_limit(Note, "text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you saw or evaluated, and what it means for the libraries."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=text_limit(Note, "sources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One source a line: a web address or a reference to a report or an article."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", "—")] + LessonMethod.choices
    )
    priority_groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        required=False,
        queryset=Tag.objects.exclude(priority_group="").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = forms.TypedMultipleChoiceField(
        label=_("Focus areas of the regional plan"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    is_shared = forms.BooleanField(
        label=_("Share with everyone"),
        required=False,
        help_text=_(
            "A shared note is found in the lessons by everyone, also visitors who are not "
            "logged in. Unshared, only the members of the organisation read it."
        ),
    )
    version = VersionField()

    def __init__(self, *args, user, organisations, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", datetime.date.today().year)
        super().__init__(*args, **kwargs)
        if organisations is None:  # a note stays with the organisation it was written for
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["focus_areas"].choices = focus_area_choices(user)

    def clean_sources(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["sources"].splitlines()]
        return "\n".join(line for line in lines if line)
