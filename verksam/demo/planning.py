"""A plan being written by Stockholm City Library's planning model, to show the guided flow.

A draft operational plan for next year of Stockholms stadsbibliotek, started from the
built-in strategic model: the first four steps have commitments (the mission and the
external perspective, the economic one among them), the rest are still to do, so the
plan's page shows the steps half done and where to continue. The plan is marked as a demo
draft in its title and summary. Written through the planning services, as an editor writes
it; loading the demo again leaves the plan as it is.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.organisations.models import Organisation
from verksam.planning.models import PlanFollowsModel, PlanningModel
from verksam.planning.services import plan_create_from_model, step_item_add

MODEL_NAME = "Stockholms stadsbiblioteks strategiska planeringsmodell"
EDITOR = "stockholm-editor"
ORGANISATION = "Stockholms stadsbibliotek"

#: The commitments written in the first four steps, by step number.
COMMITMENTS = {
    1: ["Biblioteket är stockholmarnas självklara mötesplats för läsning och lärande"],
    2: [
        "De allra yngsta barnen, 0–2 år, och deras föräldrar får bokprat och språklek",
        "Verksamhet för äldre utvecklas tillsammans med stadens äldreboenden",
    ],
    3: ["Det lokala, fria kulturlivet syns och får plats på biblioteken"],
    4: ["Nya intäktskällor genom samarbete med näringsliv och stiftelser"],
}


def demo_planning_load(today: datetime.date | None = None) -> str:
    """Write the demo plan if it is not there; answers a line for the command's summary."""
    editor = get_user_model().objects.filter(username=EDITOR).first()
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    model = PlanningModel.objects.built_in().filter(name=MODEL_NAME).first()
    if editor is None or organisation is None or model is None:
        return _("Planning models: the Stockholm demo is missing; no plan written by a model.")
    year = (today or timezone.localdate()).year + 1
    if PlanFollowsModel.objects.filter(model=model, plan__organisation=organisation).exists():
        return _("Planning models: already there.")
    plan = plan_create_from_model(
        user=editor,
        model=model,
        organisation=organisation,
        kind="operational_plan",
        title=f"Verksamhetsplan {year} (demoutkast efter planeringsmodellen)",
        summary=(
            "Demo: ett utkast som skrivs steg för steg efter den strategiska "
            "planeringsmodellen. Uppdraget och det externa perspektivet är klara; det interna "
            "perspektivet och de ständiga förbättringarna återstår."
        ),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    steps = list(model.steps.order_by("position"))
    for number, titles in COMMITMENTS.items():
        for title in titles:
            step_item_add(user=editor, plan=plan, step=steps[number - 1], title=title)
    return _("Planning models: “%(plan)s”, %(done)s of %(count)s steps written.") % {
        "plan": plan.title,
        "done": len(COMMITMENTS),
        "count": len(steps),
    }
