"""Small builders of the planning tests: the built-in models, an organisation's own model."""

from verksam.planning.models import PlanningModel
from verksam.planning.services import planning_model_create, planning_step_create

STOCKHOLM = "Stockholms stadsbiblioteks strategiska planeringsmodell"
FOCUS_AREAS = "Fokusområden, mål och aktiviteter"


def built_in(name: str = STOCKHOLM) -> PlanningModel:
    return PlanningModel.objects.get(organisation=None, name=name)


def make_model(organisation, *, user=None, name: str = "Vår modell", steps: int = 2):
    """An organisation's own model with two levels and `steps` steps, the last at level 2."""
    model = planning_model_create(
        user=user,
        organisation=organisation,
        name=name,
        level_names=["Perspektiv", "Åtagande"],
        description="En modell för testerna.",
    )
    for number in range(1, steps + 1):
        planning_step_create(
            user=user,
            model=model,
            title=f"Steg {number}",
            question=f"Fråga {number}?",
            guidance="Vägledning.",
            level=2 if number == steps and steps > 1 else 1,
            perspective="Internt perspektiv" if number % 2 else "Ekonomiskt perspektiv",
        )
    return model
