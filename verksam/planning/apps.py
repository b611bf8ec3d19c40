from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Planning models: a named sequence of steps a plan is written by."""

    name = "verksam.planning"
    verbose_name = _("Planning models")
