import datetime

from django import forms
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verksam.competence.choices import ProposalKind, RegisterMeasure, TrainingKind
from verksam.competence.models import Proposal, Training
from verksam.competence.permissions import items_in_reading_order, servable_items
from verksam.competence.services import eligible_participants
from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.indicators.models import Indicator
from verksam.plans.forms import DateInput, VersionField
from verksam.plans.models import Item, Plan


def item_label(item: Item) -> str:
    """An item as a choice: its plan, then its place in the plan's tree."""
    return f"{item.plan.title}: {'— ' * item.depth}{item.title}"


def _item_choices(items: list[Item]) -> list[tuple[str, str]]:
    return [(str(item.pk), item_label(item)) for item in items]


def person_label(person) -> str:
    return person.get_full_name() or person.username


class TrainingForm(forms.Form):
    """A training in the register: what, when, how long, who took part and what it serves."""

    title = LineField(
        label=_("Title"),
        max_length=text_limit(Training, "title"),
        error_messages={"blank": _("Give the training a title.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a training of one day."),
    )
    hours = forms.DecimalField(
        label=_("Hours per participant"),
        min_value=0,
        max_value=9999,
        decimal_places=1,
        initial=0,
        help_text=_("E.g. 7.5 for a full day."),
    )
    provider = LineField(
        label=_("Provider"),
        required=False,
        max_length=text_limit(Training, "provider"),
        help_text=_("Who gave the training, e.g. the regional library or a university."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=text_limit(Training, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants from the organisation"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.IntegerField(
        label=_("Other participants"),
        min_value=0,
        max_value=100000,
        initial=0,
        help_text=_("How many took part without being named above, e.g. substitutes."),
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Goals and items it serves"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args, organisation, user, training=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = eligible_participants(organisation)
        self.fields["participants"].queryset = people
        self.fields["participants"].label_from_instance = person_label
        # The plans running since last year (or, when all are older, the latest ones),
        # and whatever the training already serves: not every plan the county ever had.
        items = servable_items(user, organisation)
        latest = items.aggregate(latest=Max("plan__period_start"))["latest"]
        since = datetime.date(timezone.localdate().year - 1, 1, 1)
        since = min(since, latest) if latest else since
        current = training.items.values("pk") if training is not None else Item.objects.none()
        items = items.filter(Q(plan__period_end__gte=since) | Q(pk__in=current))
        self.fields["items"].queryset = items
        self.fields["items"].choices = _item_choices(items_in_reading_order(items))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The training cannot end before it starts."))
        return data


class CompetenceProposalForm(forms.Form):
    """A training or a project proposed by a member of staff."""

    kind = forms.ChoiceField(
        label=_("I propose a"), choices=ProposalKind.choices, widget=forms.RadioSelect
    )
    title = LineField(
        label=_("Title"),
        max_length=text_limit(Proposal, "title"),
        error_messages={"blank": _("Give the proposal a title.")},
    )
    description = forms.CharField(
        label=_("What is it?"),
        required=False,
        max_length=text_limit(Proposal, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Why?"),
        required=False,
        max_length=text_limit(Proposal, "reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it would give the library and its users."),
    )
    goal = forms.ModelChoiceField(
        label=_("Which goal does it serve?"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("(no particular goal)"),
    )

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        items = servable_items(user, organisation)
        self.fields["goal"].queryset = items
        self.fields["goal"].choices = [("", _("(no particular goal)"))] + _item_choices(
            items_in_reading_order(items)
        )


class ProposalAcceptForm(forms.Form):
    """Where in which draft plan an accepted proposal becomes an item."""

    place = forms.ChoiceField(label=_("Add it to"))
    comment = forms.CharField(
        label=_("Comment to the proposer"),
        required=False,
        max_length=text_limit(Proposal, "decision_comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, places: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places


class ProposalDeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is it declined?"),
        max_length=text_limit(Proposal, "decision_comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the proposal is declined; the proposer reads it.")},
        help_text=_("The proposer reads this."),
    )


class RegisterIndicatorForm(forms.Form):
    """An indicator of the organisation's own, counted from the register every year."""

    name = LineField(
        label=_("Name of the indicator"),
        max_length=text_limit(Indicator, "name"),
        error_messages={"blank": _("Give the indicator a name.")},
        help_text=_("E.g. Deltagare i kompetensutveckling."),
    )
    measure = forms.ChoiceField(label=_("It counts"), choices=RegisterMeasure.choices)
    item = forms.ModelChoiceField(
        label=_("Only trainings serving"),
        queryset=Item.objects.none(),
        required=False,
    )

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        items = servable_items(user, organisation)
        self.fields["item"].queryset = items
        self.fields["item"].choices = [("", _("(every training)"))] + _item_choices(
            items_in_reading_order(items)
        )


def accept_places(plans: list[Plan], items: list[Item]) -> list[tuple[str, str]]:
    """The choices of ProposalAcceptForm.place: the top of each draft plan, and each of its items
    that may have items below it ("plan-<id>" and "item-<id>")."""
    by_plan: dict[int, list[Item]] = {}
    for item in items:
        by_plan.setdefault(item.plan_id, []).append(item)
    places: list[tuple[str, str]] = []
    for plan in plans:
        places.append((f"plan-{plan.pk}", _("%(plan)s: at the top") % {"plan": plan.title}))
        for item in items_in_reading_order(by_plan.get(plan.pk, [])):
            if item.depth + 1 < len(plan.level_names):
                item.plan = plan
                places.append(
                    (
                        f"item-{item.pk}",
                        _("%(plan)s: below %(item)s")
                        % {"plan": plan.title, "item": f"{'— ' * item.depth}{item.title}"},
                    )
                )
    return places
