from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resources: budget and cost per item, and the outcome each follow-up round records."""

    name = "verksam.resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from verksam.plans.page_parts import register_item_page_part
        from verksam.plans.restore import ItemPart, register_item_part
        from verksam.resources import services
        from verksam.resources.selectors import item_page_resources

        # An item's page shows its budget and outcomes; plans cannot import these.
        register_item_page_part("resources", item_page_resources)
        # Deleting, restoring and revising items keeps their budget; plans cannot import these.
        register_item_part(
            "resources",
            ItemPart(
                kept_rows=services.item_resources_kept,
                write_back=services.item_resources_write_back,
                copy=services.item_resources_copy,
            ),
        )
