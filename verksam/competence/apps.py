from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """Competence development: trainings and other development, and staff's proposals."""

    name = "verksam.competence"
    verbose_name = _("Competence development")
