from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """Exporting the whole installation, or one organisation, to an archive, and restoring it."""

    name = "verksam.backup"
    verbose_name = _("Backup")
