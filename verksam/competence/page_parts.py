"""What competence development adds to an organisation's page and to an item's page."""

from typing import Any

from verksam.competence.choices import ProposalState
from verksam.competence.models import Proposal
from verksam.competence.permissions import (
    can_keep_register,
    can_read_register,
    visible_trainings,
)


def organisation_page_competence(user, organisation) -> dict[str, Any]:
    """Links to the register and the proposals, for the organisation's members; no query."""
    return {
        "can_read_competence": can_read_register(user, organisation),
        "can_keep_competence": can_keep_register(user, organisation),
    }


def item_page_competence(user, item) -> dict[str, Any]:
    """The trainings serving the item (of the registers the user reads) and the proposal
    it came from, for members of the plan's organisation; two queries, none for others."""
    organisation = item.plan.organisation
    if not can_read_register(user, organisation):
        return {"item_trainings": [], "item_proposal": None}
    trainings = list(
        visible_trainings(user)
        .filter(items=item)
        .select_related("organisation")
        .order_by("-start_date", "-pk")[:20]
    )
    proposal = (
        Proposal.objects.filter(item=item, state=ProposalState.ACCEPTED)
        .select_related("proposed_by")
        .first()
    )
    return {"item_trainings": trainings, "item_proposal": proposal}
