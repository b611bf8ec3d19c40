from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonMethod(models.TextChoices):
    """How the lesson was learned, an optional tag to filter by."""

    FOLLOWUP = "followup", _("follow-up")
    EVALUATION = "evaluation", _("evaluation")
    SURVEY = "survey", _("user survey")
    STATISTICS = "statistics", _("statistics")
    PILOT = "pilot", _("pilot project")


class NoteKind(models.TextChoices):
    """What a note written beside the plans is."""

    SCANNING = "scanning", _("environmental scanning")
    EVALUATION = "evaluation", _("evaluation")
