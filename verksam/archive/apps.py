from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """Packages of an adopted plan, its decisions, reports and follow-up for an e-archive."""

    name = "verksam.archive"
    verbose_name = _("E-archive")
