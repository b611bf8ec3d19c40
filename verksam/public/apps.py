from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "verksam.public"
    verbose_name = _("Published plans")
