"""Forms of the follow-up pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.followup.choices import Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.plans.forms import DateInput, VersionField


class RoundsFromRhythmForm(forms.Form):
    rhythm = forms.ChoiceField(
        label=_("Rhythm"), choices=[c for c in Rhythm.choices if c[0] != Rhythm.CUSTOM]
    )
    years = forms.TypedMultipleChoiceField(
        label=_("Years"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to create rounds for every year of the plan."),
    )
    days_to_due = forms.IntegerField(
        label=_("Days from the end of a period to its due date"),
        min_value=0,
        max_value=365,
        initial=15,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.period_start.year, plan.period_end.year + 1)
        self.fields["years"].choices = [(year, str(year)) for year in years]


class CustomRoundForm(forms.Form):
    name = LineField(label=_("Name"), max_length=text_limit(FollowUpRound, "name"))
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    is_year_end = forms.BooleanField(label=_("Year-end round (no forecast)"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class AssessmentForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    forecast = forms.ChoiceField(
        label=_("Forecast for the year"), required=False, widget=forms.RadioSelect
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("How far the work has come, from 0 to 100."),
    )
    done = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=text_limit(Assessment, "done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do: what has been carried out during the period."),
    )
    results = forms.CharField(
        label=_("Results and analysis"),
        required=False,
        max_length=text_limit(Assessment, "results"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Evaluate: what it led to, and why."),
    )
    improvements = forms.CharField(
        label=_("Improvements and next steps"),
        required=False,
        max_length=text_limit(Assessment, "improvements"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Improve: what will be done differently or next."),
    )
    version = VersionField()

    def __init__(self, *args, status_choices, asks_forecast: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices
        if asks_forecast:
            self.fields["forecast"].choices = [("", _("no forecast")), *status_choices]
        else:
            del self.fields["forecast"]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the reporters"),
        required=False,
        max_length=text_limit(Assessment, "reviewer_comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you return the follow-up for changes."),
    )
