"""Follow-up rounds of a plan, the assessment of each item in each round, and reminders."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel, VersionedModel
from verksam.core.text import clean_title
from verksam.followup.choices import STATUS_CHOICES, AssessmentState, GoalStatus, Rhythm
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Plan


def current_round(
    rounds: Iterable["FollowUpRound"], today: datetime.date
) -> "FollowUpRound | None":
    """The round a page shows when none is chosen: the latest whose period has begun by
    `today` (latest period end, then start, then id), or the first if none has begun yet.

    The one rule for the current round; `FollowUpRound.objects.current` reads it from the
    database, pages that already hold a plan's rounds ask it of their list.
    """
    rounds = sorted(rounds, key=lambda r: (r.period_end, r.period_start, r.pk))
    begun = [r for r in rounds if r.period_start <= today]
    if begun:
        return begun[-1]
    return rounds[0] if rounds else None


class FollowUpRoundQuerySet(models.QuerySet):
    def in_order(self) -> "FollowUpRoundQuerySet":
        """In time order: period end, then start, then id."""
        return self.order_by("period_end", "period_start", "pk")

    def current(self, plan: Plan, today: datetime.date) -> "FollowUpRound | None":
        """The plan's current round by `current_round` (one query)."""
        return current_round(self.filter(plan=plan).in_order(), today)

    def current_pk(self, plan, today: datetime.date) -> Coalesce:
        """The id of the current round (`current_round`) of `plan`, a plan or an
        `OuterRef`, as a subquery, for reading it with many plans in one query."""
        rounds = self.filter(plan=plan)
        begun = rounds.filter(period_start__lte=today)
        return Coalesce(
            Subquery(begun.order_by("-period_end", "-period_start", "-pk").values("pk")[:1]),
            Subquery(rounds.order_by("period_end", "period_start", "pk").values("pk")[:1]),
        )

    def current_by_plan(self, plans: Iterable[Plan], today: datetime.date) -> dict:
        """Each plan's current round by `current_round`: {plan id: round}, one query."""
        by_plan: dict[int, list] = {}
        for followup_round in self.filter(plan__in=list(plans)).in_order():
            by_plan.setdefault(followup_round.plan_id, []).append(followup_round)
        return {plan_id: current_round(rounds, today) for plan_id, rounds in by_plan.items()}


class FollowUpRound(TimeStampedModel):
    """A checkpoint of a plan (uppföljningstillfälle): T1, a half-year, the year, a month …

    Reporting after the due date is allowed and marked late. A closed round
    takes no more reports until an administrator reopens it.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=60)
    rhythm = models.CharField(_("rhythm"), max_length=10, choices=Rhythm.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_date = models.DateField(_("due date"))
    is_year_end = models.BooleanField(
        _("year-end round"),
        default=False,
        help_text=_("The last round of the year; the others also ask for a forecast."),
    )
    is_closed = models.BooleanField(_("closed"), default=False)

    objects = FollowUpRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["plan", "period_end", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end"], name="round_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:round_detail", args=[self.plan_id, self.pk])

    def history_scope(self) -> tuple[int, None]:
        """The plan and item whose history shows a change of this object (change_record)."""
        return self.plan_id, None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        try:
            self.name = clean_title(self.name, label=capfirst(_("name")))
        except ValidationError as error:
            errors["name"] = error.messages
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = [_("The period cannot end before it starts.")]
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_closed and today > self.due_date


class Assessment(VersionedModel):
    """The follow-up of one item in one round: plan – do – evaluate – improve.

    What was done, results and analysis, and improvements and next steps, with a
    status on the goal or activity scale, a progress percentage and, in rounds
    before the year's end, a forecast. Drafts are submitted, then approved by
    the plan's leadership (or returned for changes); an approved assessment is
    locked until it is reopened. Only approved assessments count in the roll-up.
    """

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assessments"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=GoalStatus.NOT_ASSESSED
    )
    forecast = models.CharField(
        _("forecast for the year"), max_length=16, choices=STATUS_CHOICES, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results and analysis"), blank=True)
    improvements = models.TextField(_("improvements and next steps"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_late = models.BooleanField(_("reported late"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    reviewer_comment = models.TextField(_("comment from the reviewer"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="assessment_once_per_round")
        ]
        indexes = [models.Index(fields=["item", "round"])]

    def __str__(self) -> str:
        return f"{self.item} – {self.round}"

    def get_absolute_url(self) -> str:
        return reverse(
            "followup:assessment_edit", args=[self.round.plan_id, self.round_id, self.item_id]
        )

    @property
    def is_locked(self) -> bool:
        return self.state in {AssessmentState.SUBMITTED, AssessmentState.APPROVED}

    def history_scope(self) -> tuple[int, int]:
        return self.round.plan_id, self.item_id


class FollowUpSettings(models.Model):
    """An organisation's follow-up settings; units without their own use their parent's."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="followup_settings",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"), default=7
    )
    met_threshold = models.PositiveSmallIntegerField(
        _("met at (% of target)"), default=100, validators=[MaxValueValidator(1000)]
    )
    partly_met_threshold = models.PositiveSmallIntegerField(
        _("partly met at (% of target)"), default=80, validators=[MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        super().clean()
        if self.partly_met_threshold > self.met_threshold:
            raise ValidationError(
                {"partly_met_threshold": _("Partly met cannot need more than met.")}
            )


class ReminderSent(models.Model):
    """A reminder e-mail sent to one person for one round; it is never sent twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.round} {self.user}"


class ItemStatus(models.Model):
    """An item's rolled-up status in a round, stored (docs/rollup.md, "Stored statuses").

    Kept by the one rule in ``verksam.followup.rollup`` through
    ``verksam.followup.stored``: whenever an input of the rule changes, the plan is
    marked stale in the same transaction and its rows are refreshed when it
    commits (or by the next reader, whichever comes first). Pages read these rows
    for the items they show instead of deriving the whole plan. The rule depends
    on neither the reader nor today's date, so one row serves everyone.
    """

    #: Derived from the other tables; a backup leaves it out and a restore rebuilds it.
    kept_in_backups = False

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16)
    source = models.CharField(_("derived from"), max_length=12)
    #: The approved assessment's own status as written (either scale), or empty.
    own_status = models.CharField(_("own status"), max_length=16, blank=True)
    #: What the explanation sentence says: how many items below and indicators were
    #: parts, and how many parts had each status ({status: count}).
    child_count = models.PositiveIntegerField(_("items below"), default=0)
    indicator_count = models.PositiveIntegerField(_("indicators"), default=0)
    tally = models.JSONField(_("parts by status"), default=dict)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("stored status")
        verbose_name_plural = _("stored statuses")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="item_status_once_per_round")
        ]
        indexes = [
            # Counting the rounds' rows by status (the national overview) reads
            # this index alone, in order, instead of every row of every round.
            models.Index(fields=["round", "status", "item"], name="item_status_counted")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} – {self.round_id}: {self.status}"


class StaleRollup(models.Model):
    """A plan whose stored statuses wait to be refreshed after a change to an input.

    Written in the same transaction as the change, so a reader who sees the change
    also sees the mark and refreshes before reading (``stored.ensure_fresh``).
    ``plan_id`` is a plain number, not a key: a plan being deleted may be marked
    on its way out, and the refresh then just drops the mark. ``generation``
    counts the marks, so a refresh that raced a newer change leaves it standing.
    """

    #: Derived from the other tables; a backup leaves it out and a restore rebuilds it.
    kept_in_backups = False

    plan_id = models.PositiveBigIntegerField(_("plan"), unique=True)
    generation = models.PositiveIntegerField(_("changes"), default=1)

    class Meta:
        verbose_name = _("plan waiting for its statuses")
        verbose_name_plural = _("plans waiting for their statuses")

    def __str__(self) -> str:
        return str(self.plan_id)


class PageVersion(models.Model):
    """How many times what a plan's cached pages show has changed (followup.page_cache).

    Cached plan trees and public plan pages carry these numbers in their keys, so
    a change makes every older entry unreachable in every process at once, and
    the number is bumped in the transaction of the change. ``plan_id`` 0 counts
    changes that may show on any plan's page (an organisation's or a linked
    plan's name); like ``StaleRollup`` it is a plain number, not a key.
    """

    #: Derived from the other tables; a backup leaves it out and a restore rebuilds it.
    kept_in_backups = False

    plan_id = models.PositiveBigIntegerField(_("plan"), unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.version}"
