"""Small builders of competence development for tests, through the services."""

import datetime
from decimal import Decimal
from typing import Any

from verksam.competence.models import Proposal, Training
from verksam.competence.services import proposal_create, training_create


def make_training(organisation, *, user, title: str = "Digitalt först", **fields: Any) -> Training:
    """A training registered through the service (so the register indicators follow)."""
    fields.setdefault("start_date", datetime.date(2026, 3, 10))
    fields.setdefault("hours", Decimal("7.5"))
    return training_create(user=user, organisation=organisation, title=title, **fields)


def make_proposal(
    organisation, *, user, title: str = "Studiebesök på Dokk1", **fields: Any
) -> Proposal:
    fields.setdefault("reason", "Inspiration till det nya bibliotekets mötesplatser.")
    return proposal_create(user=user, organisation=organisation, title=title, **fields)
