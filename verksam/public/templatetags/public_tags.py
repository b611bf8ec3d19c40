"""Template filters of the public pages."""

from django import template

from verksam.plans.models import Plan
from verksam.public.selectors import public_plan_url

register = template.Library()


@register.filter
def public_url(plan: Plan) -> str:
    """The address of a plan's public page, e.g. /offentligt/plan/12-verksamhetsplan-2025/."""
    return public_plan_url(plan)
