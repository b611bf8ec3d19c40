"""Forms of the planning-model pages. They parse and label input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.planning.models import PlanningModel, PlanningStep
from verksam.plans.choices import PlanKind
from verksam.plans.forms import DateInput, LevelNamesField, VersionField
from verksam.plans.models import Item, Plan


class PlanningModelForm(forms.Form):
    """A model's name, description and levels; the organisation when it is new."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    name = LineField(label=_("Name"), max_length=text_limit(PlanningModel, "name"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=text_limit(PlanningModel, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    level_names = LevelNamesField(
        label=_("Levels"),
        help_text=_("One level a line, top level first, e.g. Focus area, Goal, Activity."),
    )
    version = VersionField()

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].help_text = _(
                "Plans of the organisation and of its units can follow the model."
            )


class PlanningStepForm(forms.Form):
    """A step's title, question, guidance, level and perspective."""

    title = LineField(label=_("Title"), max_length=text_limit(PlanningStep, "title"))
    question = forms.CharField(
        label=_("Question"),
        max_length=text_limit(PlanningStep, "question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the editor answers in this step."),
        error_messages={"required": _("Write the question the step asks.")},
    )
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        max_length=text_limit(PlanningStep, "guidance"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What to think of, in a few sentences."),
    )
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=())
    perspective = LineField(
        label=_("Perspective"),
        required=False,
        max_length=text_limit(PlanningStep, "perspective"),
        help_text=_(
            "The perspective the step's items are written from, e.g. Internal perspective. "
            "Leave empty in a model without perspectives."
        ),
    )
    version = VersionField()

    def __init__(self, *args, model: PlanningModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (number, f"{number}. {name}") for number, name in enumerate(model.level_names, 1)
        ]
        self.fields["level"].help_text = _("The level of the plan where the step's items go.")


class PlanFromModelForm(forms.Form):
    """The new plan's organisation, kind, title and period."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    title = LineField(label=_("Title"), max_length=text_limit(Plan, "title"))
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=text_limit(Plan, "summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class StepItemForm(forms.Form):
    """An item written in a step: its title, a description, and where it goes."""

    parent = forms.ModelChoiceField(label=_("Below"), queryset=Item.objects.none())
    title = LineField(label=_("Title"), max_length=text_limit(Item, "title"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=text_limit(Item, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, parents=None, parent_level: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents
            self.fields["parent"].label = parent_level
            self.fields["parent"].error_messages["required"] = _(
                "Choose the %(level)s the new item belongs under."
            ) % {"level": parent_level.lower()}
