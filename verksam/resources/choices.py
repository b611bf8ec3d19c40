from django.db import models
from django.utils.translation import gettext_lazy as _


class CostKind(models.TextChoices):
    """What money goes to, as libraries report it to their boards."""

    STAFF = "staff", _("staff")
    MEDIA = "media", _("media")
    PREMISES = "premises", _("premises")
    OTHER = "other", _("other costs")
