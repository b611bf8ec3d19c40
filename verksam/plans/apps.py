from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "verksam.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from verksam.organisations.page_parts import register_page_part
        from verksam.plans.selectors import organisation_page_plans

        # The organisation's page lists its plans; organisations cannot import plans.
        register_page_part("plans", organisation_page_plans)
