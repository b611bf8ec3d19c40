from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueSource(models.TextChoices):
    """Where a stored value came from; each source has its own credit line."""

    LIBRARY_STATISTICS = "bibstat", _("national library statistics (open data)")
    SURVEY_WORKBOOK = "workbook", _("national library statistics (survey workbook)")
    KOLADA = "kolada", _("Kolada")
    DEMO = "demo", _("demo value")


class Scale(models.TextChoices):
    """How a term's value is shown: as it is, or divided by the area's population."""

    TOTAL = "total", _("as reported")
    PER_INHABITANT = "inhabitant", _("per inhabitant")
    PER_THOUSAND = "thousand", _("per 1,000 inhabitants")


class PeerGroupKind(models.TextChoices):
    SKR = "skr", _("SKR municipality group")
    OWN = "own", _("own group")
