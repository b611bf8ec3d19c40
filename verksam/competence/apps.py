from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """Competence development: trainings and other development, and staff's proposals."""

    name = "verksam.competence"
    verbose_name = _("Competence development")

    def ready(self) -> None:
        from verksam.competence.page_parts import item_page_competence, organisation_page_competence
        from verksam.organisations.page_parts import register_page_part
        from verksam.plans.page_parts import register_item_page_part

        register_page_part("competence", organisation_page_competence)
        register_item_page_part("competence", item_page_competence)
