"""Planning models: a named sequence of steps a plan is written by, and the plans that follow one.

A model says which levels the plan has and, step by step, which question the editor
answers at which level and from which perspective. Built-in models (no organisation)
come with Verksam; an organisation may define its own. Plans live in `plans`, which
knows nothing of models: what a plan follows, the steps marked done and the perspective
of each item written in a step are kept here, beside the plan.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel, VersionedModel
from verksam.core.text import clean_title
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Plan


class PlanningModelQuerySet(models.QuerySet):
    def built_in(self):
        return self.filter(organisation__isnull=True)

    def seeded_by_migrations(self):
        """The built-in models, which `migrate` makes (a restore replaces them)."""
        return self.built_in()


class PlanningStepQuerySet(models.QuerySet):
    def seeded_by_migrations(self):
        """The steps of the built-in models, which `migrate` makes with them."""
        return self.filter(model__organisation__isnull=True)


class PlanningModel(VersionedModel):
    """A way of writing a plan: its levels and the ordered steps that fill them.

    `organisation` is empty for a built-in model; otherwise the organisation that owns it,
    whose editors change it and whose plans (and those of its units) may follow it.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="planning_models",
        help_text=_("Empty for a model that comes with Verksam."),
    )
    level_names = models.JSONField(
        _("levels"),
        default=list,
        help_text=_("The levels of a plan written by the model, top level first."),
    )

    objects = PlanningModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning model")
        verbose_name_plural = _("planning models")
        ordering = ["organisation_id", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:model_detail", args=[self.pk])

    @property
    def is_built_in(self) -> bool:
        return self.organisation_id is None

    @property
    def structure_label(self) -> str:
        return " → ".join(self.level_names)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        try:
            self.name = clean_title(self.name, label=_("Name"))
        except ValidationError as error:
            errors["name"] = error.messages
        names = self.level_names
        if not isinstance(names, list) or not names:
            errors["level_names"] = [_("Give the model at least one level, e.g. Goal.")]
        elif any(not isinstance(name, str) or not name.strip() for name in names):
            errors["level_names"] = [_("Every level needs a name.")]
        elif len(names) > 6:
            errors["level_names"] = [_("A plan can have at most six levels.")]
        if errors:
            raise ValidationError(errors)


class PlanningStep(VersionedModel):
    """One step of a model: the question asked, guidance, and where its answers go.

    `level` counts from 1 for the plan's top level; items written in the step are put
    at that level (below an item of the level above, when it is not the top).
    `perspective` names the angle the step's items are written from, e.g.
    "Externt perspektiv"; empty in a model without perspectives.
    """

    model = models.ForeignKey(
        PlanningModel,
        verbose_name=_("planning model"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    perspective = models.CharField(_("perspective"), max_length=100, blank=True)

    objects = PlanningStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["model", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        try:
            self.title = clean_title(self.title, label=_("Title"))
        except ValidationError as error:
            errors["title"] = error.messages
        if not (self.question or "").strip():
            errors["question"] = [_("Write the question the step asks.")]
        levels = len(self.model.level_names)
        if not (1 <= self.level <= levels):
            errors["level"] = [_("Choose a level between 1 and %(count)d.") % {"count": levels}]
        self.perspective = (self.perspective or "").strip()
        if errors:
            raise ValidationError(errors)

    def level_name(self) -> str:
        names = self.model.level_names
        if 1 <= self.level <= len(names):
            return names[self.level - 1]
        return str(_("Item"))


class PlanFollowsModel(TimeStampedModel):
    """That a plan is written by a planning model, and which of its steps the editor marked done."""

    plan = models.OneToOneField(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="planning_model_choice",
    )
    model = models.ForeignKey(
        PlanningModel,
        verbose_name=_("planning model"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    steps_done = models.ManyToManyField(
        PlanningStep,
        verbose_name=_("steps marked done"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan's planning model")
        verbose_name_plural = _("plans' planning models")

    def __str__(self) -> str:
        return f"{self.plan} – {self.model}"

    def history_scope(self) -> tuple[int, None]:
        return self.plan_id, None


class ItemStep(models.Model):
    """The step an item was written in, and the perspective it was written from.

    The perspective is copied from the step when the item is added, so a later change
    to the model does not change what a plan already says.
    """

    item = models.OneToOneField(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="planning_step"
    )
    step = models.ForeignKey(
        PlanningStep,
        verbose_name=_("step"),
        on_delete=models.PROTECT,
        related_name="item_steps",
    )
    perspective = models.CharField(_("perspective"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("item's step")
        verbose_name_plural = _("items' steps")

    def __str__(self) -> str:
        return f"{self.item} – {self.step}"

    def history_scope(self) -> tuple[int, int]:
        return self.item.plan_id, self.item_id
