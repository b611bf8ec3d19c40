from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Planning models: a named sequence of steps a plan is written by."""

    name = "verksam.planning"
    verbose_name = _("Planning models")

    def ready(self) -> None:
        from verksam.planning.page_parts import plan_progress_part
        from verksam.plans.page_parts import register_plan_page_part

        register_plan_page_part("planning", plan_progress_part)
