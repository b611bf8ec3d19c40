from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Planning models: a named sequence of steps a plan is written by."""

    name = "verksam.planning"
    verbose_name = _("Planning models")

    def ready(self) -> None:
        from verksam.planning import services
        from verksam.planning.page_parts import plan_progress_part
        from verksam.plans.page_parts import register_plan_page_part
        from verksam.plans.restore import ItemPart, register_item_part

        # A plan's page shows the steps of its model; plans cannot import these.
        register_plan_page_part("planning", plan_progress_part)
        # Deleting, restoring and revising items keeps the step each was written in.
        register_item_part(
            "planning",
            ItemPart(
                kept_rows=services.item_steps_kept,
                write_back=services.item_steps_write_back,
                copy=services.item_steps_copy,
            ),
        )
