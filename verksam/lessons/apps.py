from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """What libraries learn from their follow-up, shared for others to find."""

    name = "verksam.lessons"
    verbose_name = _("Lessons")
