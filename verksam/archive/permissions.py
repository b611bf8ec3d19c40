"""Who may make a plan's e-archive package: the administrators of its organisation."""

from django.http import Http404

from verksam.plans.models import Plan
from verksam.plans.permissions import plan_for_user


def plan_to_archive_for_user(user, pk: int) -> Plan:
    """A plan whose package the user may make (those who adopt and publish it): 404 for any
    other, so that a plan the user may not administer is not revealed."""
    if not user.is_authenticated:
        raise Http404
    return plan_for_user(user, pk, administer=True)
