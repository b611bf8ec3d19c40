from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "verksam.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Connects the receiver that fails the import of a task whose worker stopped.
        from verksam.indicators import (
            services,
            tasks,  # noqa: F401
        )
        from verksam.indicators.permissions import organisation_page_measurements
        from verksam.indicators.selectors import item_page_indicators, plan_version_indicators
        from verksam.organisations.page_parts import register_page_part
        from verksam.plans.page_parts import register_item_page_part
        from verksam.plans.restore import ItemPart, register_item_part
        from verksam.plans.version_parts import register_version_part

        # The organisation's page offers its measurements; organisations cannot import these.
        register_page_part("indicators", organisation_page_measurements)
        # An adopted version keeps the indicators followed on its items; plans cannot import these.
        register_version_part("indicators", plan_version_indicators)
        # An item's page lists the indicators followed on it; plans cannot import these.
        register_item_page_part("indicators", item_page_indicators)
        # Deleting, restoring and revising items keeps their indicators; plans cannot import these.
        register_item_part(
            "indicators",
            ItemPart(
                kept_rows=services.item_indicators_kept,
                write_back=services.item_indicators_write_back,
                copy=services.item_indicators_copy,
            ),
        )
