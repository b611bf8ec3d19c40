"""Who may roll a plan into the next period: an editor of the plan's organisation."""

from django.http import Http404

from verksam.plans.models import Plan
from verksam.plans.permissions import can_create_plan, plan_for_user


def plan_to_roll_over_for_user(user, pk: int) -> Plan:
    """The plan with this id if the user may start its next period's plan, otherwise 404.

    Starting next period's plan is creating a plan in the organisation, so it takes
    the same role as creating one (an editor); readers and outsiders get 404.
    """
    plan = plan_for_user(user, pk)
    if not can_create_plan(user, plan.organisation):
        raise Http404
    return plan
