from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "verksam.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from verksam.core import lookups

        lookups.register()
