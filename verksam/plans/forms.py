"""Forms of the plan pages. They parse and label input; the services decide what is valid."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.organisations.forms import BoardDecisionForm
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanKind, SectionKind
from verksam.plans.models import DecisionRequest, Item, Plan, PlanSection, Tag

DEFAULT_LEVELS = {
    PlanKind.LIBRARY_PLAN: [_("Target area"), _("Goal")],
    PlanKind.REGIONAL_LIBRARY_PLAN: [_("Focus area"), _("Goal")],
    PlanKind.DEVELOPMENT_STRATEGY: [_("Strategic area"), _("Goal")],
    PlanKind.OPERATIONAL_PLAN: [_("Focus area"), _("Goal"), _("Activity")],
    PlanKind.ASSIGNMENT_PLAN: [_("Assignment"), _("Goal")],
    PlanKind.GROUP_PLAN: [_("Goal"), _("Activity")],
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LevelNamesField(forms.CharField):
    """The plan's levels, one name a line, top level first."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Give the plan at least one level, e.g. Goal."))
        if len(value) > 6:
            raise forms.ValidationError(_("A plan can have at most six levels."))


class VersionField(forms.IntegerField):
    """The version an edit form was loaded with; 0 when the object did not exist yet."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


class PlanForm(forms.Form):
    """A plan's settings, for creating a plan and for changing a draft."""

    title = LineField(label=_("Title"), max_length=text_limit(Plan, "title"))
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    level_names = LevelNamesField(
        label=_("Levels"),
        help_text=_("One level a line, top level first, e.g. Focus area, Goal, Activity."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=text_limit(Plan, "summary"),
        widget=forms.Textarea,
    )
    derived_from = forms.ModelMultipleChoiceField(
        label=_("Derived from"),
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The plans this plan follows, e.g. the library plan an annual plan derives from."
        ),
    )
    version = VersionField()

    def __init__(self, *args, derivable_plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if derivable_plans is not None:
            self.fields["derived_from"].queryset = derivable_plans.select_related("organisation")
        self.fields["derived_from"].label_from_instance = lambda plan: (
            f"{plan.title} ({plan.period_label}), {plan.organisation.name}"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class PlanCreateForm(PlanForm):
    copy_sections = forms.BooleanField(
        label=_("Copy the text sections (vision, purpose …) of the plan it derives from"),
        required=False,
    )


class PlanSectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=SectionKind.choices)
    title = LineField(
        label=_("Heading"),
        max_length=text_limit(PlanSection, "title"),
        required=False,
        help_text=_("Leave empty to use the kind as heading."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=text_limit(PlanSection, "body"),
    )


PlanSectionFormSet = forms.formset_factory(
    PlanSectionForm, extra=1, can_delete=True, can_order=True
)


class PlanSectionsVersionForm(forms.Form):
    version = VersionField()


class PlanAdoptForm(BoardDecisionForm):
    missing_board_message = _("Choose the board that adopted the plan, or name the body below.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].help_text = _("The board (nämnd) that adopted the plan.")
        # Browsers offer no later day; the service refuses one all the same.
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["body"].help_text = _(
            "The name of the body that adopted the plan, when it is not one of the boards "
            "above, e.g. the municipal assembly."
        )


class PlanSendForDecisionForm(forms.Form):
    """Which board is to decide on the plan (or another body, by name), and a message."""

    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(another body, named below)"),
        help_text=_("The board (nämnd) that is to decide on the plan."),
    )
    body = LineField(
        label=_("To be decided by"),
        max_length=text_limit(DecisionRequest, "body"),
        required=False,
        help_text=_(
            "The name of the body that is to decide, when it is not one of the boards above, "
            "e.g. the municipal assembly."
        ),
    )
    message = forms.CharField(
        label=_("Message to the administrators"),
        required=False,
        max_length=text_limit(DecisionRequest, "message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the meeting the plan is meant for."),
    )

    def __init__(self, *args, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        if boards is not None:
            self.fields["board"].queryset = boards

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("board") and not cleaned.get("body"):
            self.add_error(
                "board", _("Choose the board that is to decide, or name the body below.")
            )
        return cleaned


class PlanReturnForm(forms.Form):
    """Why a plan sent for decision goes back to its editors."""

    comment = forms.CharField(
        label=_("Comment to the editors"),
        max_length=text_limit(DecisionRequest, "return_comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What should be changed before the plan is sent for decision again."),
        error_messages={"required": _("Say what should be changed before the plan is sent again.")},
    )


def responsible_organisations(plan: Plan):
    """Organisations that may be responsible for a plan's items: the plan owner's whole tree."""
    root_id = plan.organisation.ancestor_ids[0]
    return Organisation.objects.filter(path__startswith=f"/{root_id}/").order_by("path")


class ItemForm(forms.Form):
    title = LineField(
        label=_("Title"),
        max_length=text_limit(Item, "title"),
        error_messages={"blank": _("Give the item a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=text_limit(Item, "description"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible group or unit"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    responsible_people = forms.ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = responsible_organisations(plan)
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["responsible_organisation"].label_from_instance = lambda org: (
            f"{'— ' * max(org.depth, 0)}{org.name}"
        )
        people = (
            get_user_model()
            .objects.filter(memberships__organisation__in=organisations)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["responsible_people"].queryset = people
        self.fields["responsible_people"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class ItemMoveForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Place under"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose an item of this plan: an item can only be moved within its own plan."
            )
        },
    )
    position = forms.IntegerField(
        label=_("Place as number"),
        min_value=1,
        required=False,
        help_text=_("1 is first among its new siblings; leave empty to place it last."),
    )
    version = VersionField()

    def __init__(self, *args, item: Item, items: list[Item], **kwargs):
        super().__init__(*args, **kwargs)
        top = _("(top level: %(level)s)") % {"level": item.plan.level_name(0)}
        choices = [("", top)]
        for other in items:
            if other.pk == item.pk:
                continue
            indent = "— " * other.depth
            choices.append((other.pk, f"{indent}{other.level_name}: {other.title}"))
        self.fields["parent"].choices = choices


class ContributionSearchForm(forms.Form):
    """Where to look for the items an item may contribute to.

    By default the search covers the related plans: those of the organisation's
    own tree (its owner, board and units) and of the region of its county. A
    plan can be chosen to browse its items, and the search can be widened to
    every plan the user may read.
    """

    q = forms.CharField(
        label=_("Search items of other plans"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    plan = forms.TypedChoiceField(
        label=_("In the plan"), required=False, coerce=int, empty_value=None
    )
    everywhere = forms.BooleanField(
        label=_("Search every plan I can read, not only the related plans"), required=False
    )

    def __init__(self, *args, related_plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("All related plans"))] + [
            (plan.pk, f"{plan.title} ({plan.period_label}), {plan.organisation.name}")
            for plan in related_plans
        ]
