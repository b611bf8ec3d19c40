from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    LIBRARY_PLAN = "library_plan", _("library plan")
    REGIONAL_LIBRARY_PLAN = "regional_library_plan", _("regional library plan")
    DEVELOPMENT_STRATEGY = "development_strategy", _("regional development strategy")
    OPERATIONAL_PLAN = "operational_plan", _("operational plan")
    ASSIGNMENT_PLAN = "assignment_plan", _("assignment plan")
    GROUP_PLAN = "group_plan", _("group plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    ARCHIVED = "archived", _("archived")


class DecisionRequestState(models.TextChoices):
    """Where a plan sent for decision stands: awaiting the decision, adopted, or sent back."""

    PENDING = "pending", _("awaiting decision")
    ADOPTED = "adopted", _("adopted")
    RETURNED = "returned", _("sent back")


class SectionKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    MISSION = "mission", _("Mission")
    VISION = "vision", _("Vision")
    PURPOSE = "purpose", _("Purpose")
    VALUES = "values", _("Values")
    OTHER = "other", _("Other section")


class PriorityGroup(models.TextChoices):
    """The Library Act's priority groups (bibliotekslagen 2013:801, 4, 5 and 8 §§)."""

    CHILDREN_AND_YOUNG_PEOPLE = "children", _("children and young people")
    PEOPLE_WITH_DISABILITIES = "disabilities", _("people with disabilities")
    NATIONAL_MINORITIES = "minorities", _("national minorities")
    OTHER_MOTHER_TONGUE = "mother_tongue", _("people with another mother tongue than Swedish")
