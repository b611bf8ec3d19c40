from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("higher is better")
    LOWER_IS_BETTER = "lower", _("lower is better")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    FILE = "file", _("imported from a file")
    KOLADA = "kolada", _("Kolada")
    LIBRARY_STATISTICS = "bibstat", _("national library statistics")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    IMPORT = "import", _("imported")
    DEMO = "demo", _("demo value")
    COMPETENCE = "competence", _("competence development register")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    INVALID = "invalid", _("has errors")
    VALID = "valid", _("ready to import")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")
