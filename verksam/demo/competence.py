"""A little competence development for Kalmar's library development unit in the demo.

Three trainings of the year of its latest adopted operational plan (seed 004: training
days for the county's public library staff, digital inclusion), an indicator counted
from the register, and two proposals from staff: one awaiting a decision, one declined
with a comment. Invented, and marked as demo in their texts; written through the
competence services, as people write them. Loading the demo again leaves a register that
has trainings as it is.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.competence.choices import RegisterMeasure
from verksam.competence.models import Training
from verksam.competence.services import (
    eligible_participants,
    proposal_create,
    proposal_decline,
    register_indicator_create,
    training_create,
)
from verksam.organisations.models import Membership
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan

PEOPLE = ("kalmar-editor", "kalmar-reporter", "kalmar-reader")


def _item(items, word: str):
    return next((item for item in items if word.lower() in item.title.lower()), None)


@transaction.atomic
def demo_competence_load() -> str:
    """Write the demo register if it is not there; answers a line for the command's summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PEOPLE)}
    if "kalmar-editor" not in users:
        return _("Competence development: the Kalmar demo accounts are missing; nothing written.")
    editor = users["kalmar-editor"]
    membership = Membership.objects.filter(user=editor).select_related("organisation").first()
    organisation = membership.organisation
    plan = (
        Plan.objects.filter(organisation=organisation, status=PlanStatus.ADOPTED)
        .order_by("-period_start")
        .first()
    )
    if plan is None:
        return _("Competence development: no adopted plan of Kalmar found; nothing written.")
    if Training.objects.filter(organisation=organisation).exists():
        return _("Competence development: already there.")
    year = plan.period_start.year
    items = list(plan.items.order_by("depth", "position"))
    digital = _item(items, "digital")
    access = _item(items, "tillgänglighet")
    reading = _item(items, "läsfrämjande")
    staff = set(eligible_participants(organisation))
    reporter = users.get("kalmar-reporter")
    reader = users.get("kalmar-reader")
    named = [person for person in (reporter, reader) if person in staff]

    register_indicator_create(
        user=editor,
        organisation=organisation,
        name="Deltagare i kompetensutveckling",
        measure=RegisterMeasure.PARTICIPANTS,
        description="Demo: räknas ur registret över kompetensutveckling.",
    )
    training_create(
        user=editor,
        organisation=organisation,
        title="Digitala lyftet: källkritik och AI i referensarbetet",
        kind="internal",
        start_date=datetime.date(year, 3, 12),
        end_date=datetime.date(year, 3, 13),
        hours=Decimal(12),
        provider="Biblioteksutveckling, Region Kalmar län",
        description="Demo: två utbildningsdagar för folkbibliotekspersonalen i länet.",
        participants=named,
        other_participants=18,
        items=[item for item in (digital,) if item],
    )
    training_create(
        user=editor,
        organisation=organisation,
        title="Biblioteksdagarna",
        kind="conference",
        start_date=datetime.date(year, 5, 20),
        end_date=datetime.date(year, 5, 22),
        hours=Decimal(16),
        provider="Svensk biblioteksförening",
        description="Demo: omvärldsbevakning och nätverk.",
        participants=[editor] if editor in staff else [],
    )
    training_create(
        user=editor,
        organisation=organisation,
        title="Studiebesök: ett meröppet bibliotek",
        kind="study_visit",
        start_date=datetime.date(year, 9, 9),
        hours=Decimal(5),
        description="Demo: hur ett bibliotek håller öppet utan personal på kvällstid.",
        participants=named[:1],
        other_participants=3,
        items=[item for item in (access,) if item],
    )
    # Staff of the unit propose (the reporter); the editor stands in if the demo has none.
    proposer = reporter if reporter in staff else editor
    proposal_create(
        user=proposer,
        organisation=organisation,
        kind="training",
        title="Kurs i lättläst svenska för bibliotekspersonal",
        description="Demo: en halvdag om att skriva och välja lättläst.",
        reason="Demo: fler besökare med annat modersmål frågar efter lättlästa medier.",
        goal=reading,
    )
    declined = proposal_create(
        user=proposer,
        organisation=organisation,
        kind="project",
        title="Digitala språkcaféer på distans",
        description="Demo: språkcaféer över videolänk för de mindre orterna.",
        reason="Demo: långa avstånd gör det svårt att träffas.",
        goal=digital,
    )
    proposal_decline(
        user=editor,
        proposal=declined,
        comment="Demo: Bra idé, men vi väntar på länets gemensamma plattform. Vi tar upp den "
        "igen inför nästa års plan.",
    )
    return _("Competence development: 3 trainings and 2 proposals in %(organisation)s.") % {
        "organisation": organisation.name
    }
