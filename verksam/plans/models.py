"""Plans, their text sections and their item trees, and the links between items."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel, VersionedModel
from verksam.core.text import clean_line, clean_title
from verksam.organisations.models import Organisation
from verksam.plans.choices import (
    DecisionRequestState,
    PlanKind,
    PlanStatus,
    PriorityGroup,
    SectionKind,
)


class PlanQuerySet(models.QuerySet):
    def publicly_visible(self):
        """Plans anyone may read: published, and adopted or archived (never a draft)."""
        return self.filter(is_published=True).exclude(status=PlanStatus.DRAFT)


class Plan(VersionedModel):
    """A steering document of one organisation for a period.

    Its `level_names` are the plan's own structure, top level first, e.g.
    ["Fokusområde", "Mål", "Aktivitet"] or ["Perspektiv", "Åtagande"]: an item
    at depth n is at the level `level_names[n]`. An adopted plan never changes;
    a revision is a new draft that points back at it (`previous_version`).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published plans can be read by anyone, also without logging in."),
    )
    level_names = models.JSONField(
        _("levels"),
        default=list,
        help_text=_("The names of the plan's levels, top level first."),
    )
    derived_from = models.ManyToManyField(
        "self",
        verbose_name=_("derived from"),
        symmetrical=False,
        blank=True,
        related_name="derived_plans",
    )
    activity_from_level = models.PositiveSmallIntegerField(
        _("activities from level"),
        null=True,
        blank=True,
        help_text=_(
            "Items from this level down (1 is the top level) are followed up as activities "
            "(not started, ongoing, done, stopped); the levels above as goals (met, partly met, "
            "not met). Leave empty to follow up every level as goals."
        ),
    )
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    awaiting_decision = models.BooleanField(
        _("sent for decision"),
        default=False,
        editable=False,
        help_text=_(
            "A draft sent for decision is locked until an administrator records the decision "
            "or sends it back."
        ),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["organisation__path", "-period_start", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    def history_scope(self) -> tuple[int, None]:
        """The plan and item whose history shows a change of this object (change_record)."""
        return self.pk, None

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{date_format(start, 'j M Y')} – {date_format(end, 'j M Y')}"

    @property
    def is_editable(self) -> bool:
        """Only drafts change; adopted and archived plans are kept as they were decided,
        and a draft sent for decision waits unchanged for the decision."""
        return self.status == PlanStatus.DRAFT and not self.awaiting_decision

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def lock_message(self) -> str:
        """Why the plan cannot be changed, for the user; empty while it can."""
        if self.is_editable:
            return ""
        if self.status == PlanStatus.DRAFT:
            return str(
                _(
                    "The plan has been sent for decision and cannot be changed until an "
                    "administrator records the decision or sends it back."
                )
            )
        return str(
            _(
                "The plan is %(status)s and can no longer be changed. "
                "Make a new version to change it."
            )
            % {"status": self.get_status_display()}
        )

    @property
    def is_publicly_visible(self) -> bool:
        return self.is_published and self.status != PlanStatus.DRAFT

    @property
    def structure_label(self) -> str:
        return " → ".join(self.level_names)

    def is_activity_level(self, depth: int) -> bool:
        """Whether items at `depth` (0 for the top) are followed up on the activity scale."""
        return self.activity_from_level is not None and depth + 1 >= self.activity_from_level

    def level_name(self, depth: int) -> str:
        if 0 <= depth < len(self.level_names):
            return self.level_names[depth]
        return str(_("Item"))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        try:
            self.title = clean_title(self.title, label=capfirst(_("title")))
        except ValidationError as error:
            errors["title"] = error.messages
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = [_("The period cannot end before it starts.")]
        names = self.level_names
        if not isinstance(names, list) or not names:
            errors["level_names"] = [_("Give the plan at least one level, e.g. Goal.")]
        elif any(not isinstance(name, str) or not name.strip() for name in names):
            errors["level_names"] = [_("Every level needs a name.")]
        elif len(names) > 6:
            errors["level_names"] = [_("A plan can have at most six levels.")]
        if (
            self.activity_from_level is not None
            and isinstance(names, list)
            and not (1 <= self.activity_from_level <= len(names))
        ):
            errors["activity_from_level"] = [
                _("Choose a level between 1 and %(count)d.") % {"count": len(names)}
            ]
        if self.is_published and self.status == PlanStatus.DRAFT:
            errors["is_published"] = [_("A draft cannot be published; adopt the plan first.")]
        if errors:
            raise ValidationError(errors)


class PlanSection(TimeStampedModel):
    """A titled free-text part of a plan: vision, purpose, mission, values or any other."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def history_scope(self) -> tuple[int, None]:
        return self.plan_id, None


class Decision(TimeStampedModel):
    """A board's decision on a plan, registered under a case number (diarienummer)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.CharField(
        _("decided by"), max_length=200, help_text=_("The board or body that took the decision.")
    )
    board = models.ForeignKey(
        Organisation,
        verbose_name=_("board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The board (nämnd) that took the decision; empty on decisions made before."),
    )
    decided_on = models.DateField(_("date of decision"))
    case_number = models.CharField(
        _("case number"), max_length=60, blank=True, help_text=_("E.g. RUN 2024/0123.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["plan", "-decided_on"]

    def __str__(self) -> str:
        number = f", {self.case_number}" if self.case_number else ""
        return f"{self.body} {self.decided_on:%Y-%m-%d}{number}"

    def history_scope(self) -> tuple[int, None]:
        return self.plan_id, None


class DecisionRequest(TimeStampedModel):
    """A draft plan sent by an editor to a board for decision, and how it was answered.

    While a request is pending its plan is locked (`Plan.awaiting_decision`).
    An administrator answers it by recording the decision, which adopts the
    plan, or by sending the plan back with a comment. The rows are kept, so the
    plan page can say why a plan came back and the history shows each sending.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="decision_requests"
    )
    board = models.ForeignKey(
        Organisation,
        verbose_name=_("board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_requests",
    )
    body = models.CharField(
        _("to be decided by"), max_length=200, help_text=_("The board or body that is to decide.")
    )
    message = models.TextField(_("message to the administrators"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DecisionRequestState.choices,
        default=DecisionRequestState.PENDING,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    return_comment = models.TextField(_("comment"), blank=True)
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )

    class Meta:
        verbose_name = _("sending for decision")
        verbose_name_plural = _("sendings for decision")
        ordering = ["plan", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(state="pending"),
                name="decision_request_one_pending_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.body}"

    def history_scope(self) -> tuple[int, None]:
        return self.plan_id, None

    def clean(self) -> None:
        super().clean()
        self.body = clean_line(self.body or "")
        if not self.body:
            raise ValidationError(
                {"board": _("Choose the board that is to decide, or name the body.")}
            )


class PlanSnapshot(models.Model):
    """The whole content of a plan as it was adopted, frozen with the decision.

    `data` holds sections, items (with parent, position, depth, texts,
    responsibility and tags), contributes-to links and the items' indicators
    with baselines and targets, as made by verksam.plans.versions.plan_version_data.
    It is written once, by the adopt service, and never changed.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="snapshots"
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snapshot",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    data = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("adopted version")
        verbose_name_plural = _("adopted versions")
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.created_at:%Y-%m-%d}"


class Tag(models.Model):
    """A label on items: one of the Library Act's priority groups, or any other theme."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    priority_group = models.CharField(
        _("priority group"),
        max_length=20,
        choices=PriorityGroup.choices,
        blank=True,
        help_text=_("Set when the tag is one of the Library Act's priority groups."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["-priority_group", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority_group"],
                condition=~models.Q(priority_group=""),
                name="tag_one_per_priority_group",
            )
        ]

    def __str__(self) -> str:
        return self.get_priority_group_display() if self.priority_group else self.name


class Item(VersionedModel):
    """One element of a plan's tree at one level: a focus area, a goal, an activity …

    `depth` is the item's level (0 for the top level) and is kept equal to the
    parent's depth plus one by the services that create and move items.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    depth = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
        help_text=_("The item of the previous version this item was copied from."),
    )
    #: Set when next period's plan took the item over unfinished (verksam.followup.rollover).
    carried_from_year = models.PositiveSmallIntegerField(
        _("carried over from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The year whose plan this unfinished activity was carried over from."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_items",
        help_text=_("The group, branch or performer responsible."),
    )
    responsible_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible people"),
        blank=True,
        related_name="responsible_for_items",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="items")
    contributes_to = models.ManyToManyField(
        "self",
        verbose_name=_("contributes to"),
        symmetrical=False,
        through="Contribution",
        through_fields=("source", "target"),
        blank=True,
        related_name="contributors",
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["plan", "depth", "position", "id"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:item_detail", args=[self.plan_id, self.pk])

    def history_scope(self) -> tuple[int, int]:
        return self.plan_id, self.pk

    @property
    def level_name(self) -> str:
        return self.plan.level_name(self.depth)

    @property
    def carried_label(self) -> str:
        """The visible mark of an activity taken over unfinished: "Carried over from 2026"."""
        if self.carried_from_year is None:
            return ""
        return str(_("Carried over from %(year)s") % {"year": self.carried_from_year})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if not clean_line(self.title or ""):
            errors["title"] = [_("Give the item a title.")]
        else:
            self.title = clean_line(self.title)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
        if self.parent_id and self.parent.plan_id != self.plan_id:
            errors["parent"] = [_("An item can only be placed under an item of the same plan.")]
        if errors:
            raise ValidationError(errors)


class Contribution(models.Model):
    """A link saying that one item contributes to an item of another plan.

    A municipal goal contributes to a regional focus area; an activity of an
    annual plan contributes to a focus area of the library plan it derives from.
    """

    source = models.ForeignKey(
        Item,
        verbose_name=_("contributing item"),
        on_delete=models.CASCADE,
        related_name="outgoing_contributions",
    )
    target = models.ForeignKey(
        Item,
        verbose_name=_("contributes to"),
        on_delete=models.CASCADE,
        related_name="incoming_contributions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contributes-to link")
        verbose_name_plural = _("contributes-to links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="contribution_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def history_scope(self) -> tuple[int, int]:
        """A link is content of the contributing item's plan."""
        return self.source.plan_id, self.source_id

    def clean(self) -> None:
        super().clean()
        if self.source_id and self.target_id and self.source.plan_id == self.target.plan_id:
            raise ValidationError(
                {"target": _("An item contributes to items of other plans, not of its own plan.")}
            )


# The uploaded plan documents (verksam.plans.upload) are models of this app as well.
from verksam.plans.upload.models import PlanReading, PlanSourceFile  # noqa: E402, F401
