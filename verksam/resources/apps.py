from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resources: budget and cost per item, and the outcome each follow-up round records."""

    name = "verksam.resources"
    verbose_name = _("Resources")
