from django.db import models
from django.utils.translation import gettext_lazy as _


class Rhythm(models.TextChoices):
    """How often a plan is followed up; each rhythm makes its rounds in one step."""

    TERTIAL = "tertial", _("tertial (T1, T2, year)")
    HALF_YEAR = "half_year", _("half-year")
    ANNUAL = "annual", _("annual")
    MONTHLY = "monthly", _("monthly")
    CUSTOM = "custom", _("custom period")


class GoalStatus(models.TextChoices):
    """The usual scale for goals in Swedish public organisations."""

    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    NOT_MET = "not_met", _("not met")
    NOT_ASSESSED = "not_assessed", _("not assessed")


class ActivityStatus(models.TextChoices):
    """The usual scale for activities."""

    NOT_STARTED = "not_started", _("not started")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    STOPPED = "stopped", _("stopped")


#: Every status an assessment can hold, goal and activity scale together.
STATUS_CHOICES = [*GoalStatus.choices, *ActivityStatus.choices]
STATUS_LABELS = dict(STATUS_CHOICES)

#: Each status's symbol, shown before its words wherever a status shows (never colour alone).
STATUS_SYMBOLS = {
    "met": "✓",
    "partly_met": "◐",
    "not_met": "✗",
    "not_assessed": "–",
    "done": "✓",
    "ongoing": "◐",
    "not_started": "○",
    "stopped": "✗",
}


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved")
