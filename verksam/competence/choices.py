from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingKind(models.TextChoices):
    """What kind of competence development a training is."""

    COURSE = "course", _("course")
    CONFERENCE = "conference", _("conference")
    STUDY_VISIT = "study_visit", _("study visit")
    INTERNAL = "internal", _("internal training")
    OTHER = "other", _("other competence development")


class ProposalKind(models.TextChoices):
    """What staff propose: a training or a project (seed 003: the cross-groups propose both)."""

    TRAINING = "training", _("training")
    PROJECT = "project", _("project")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("awaiting decision")
    ACCEPTED = "accepted", _("accepted into the plan")
    DECLINED = "declined", _("declined")


class RegisterMeasure(models.TextChoices):
    """What of the register an indicator counts, per calendar year."""

    TRAININGS = "trainings", _("number of trainings")
    PARTICIPANTS = "participants", _("participants")
    HOURS = "hours", _("hours of competence development (hours × participants)")
