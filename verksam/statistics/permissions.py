"""Who may see a comparison and choose catalogue terms.

Published statistics are open data, so the values themselves are readable by
everyone (pages and API). A comparison is shown for an indicator the visitor may
read (verksam.indicators.permissions) and any organisation; choosing a term for
an item needs the right to change the item (verksam.plans.permissions).
"""

from django.shortcuts import get_object_or_404

from verksam.indicators.models import Indicator
from verksam.indicators.permissions import indicator_for_user, organisation_for_user
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import has_role
from verksam.plans.models import Item
from verksam.plans.permissions import item_for_user


def comparison_for_user(
    user, indicator_pk: int, organisation_pk: int
) -> tuple[Indicator, Organisation]:
    """The indicator and organisation of a comparison, or 404 when the indicator is hidden."""
    indicator = indicator_for_user(user, indicator_pk)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    return indicator, organisation


def item_for_choosing(user, plan_pk: int, item_pk: int) -> Item:
    """The item a user may add indicators to, or 404."""
    return item_for_user(user, plan_pk, item_pk, write=True)


def peer_groups_organisation_for_user(user, organisation_pk: int) -> Organisation:
    """The organisation whose own peer groups a user manages: its editors and admins, else 404."""
    return organisation_for_user(user, organisation_pk, at_least=Role.EDITOR)


def can_manage_peer_groups(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.EDITOR)
