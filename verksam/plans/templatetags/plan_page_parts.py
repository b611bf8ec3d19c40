"""`{% plan_page_parts plan %}`: what the apps above plans add to a plan's page."""

from django import template
from django.utils.html import format_html_join

from verksam.plans.page_parts import plan_page_parts_html

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_page_parts(context, plan):
    """The registered parts' HTML for this plan, rendered for the request's user.

    Each part answers safe HTML (a rendered template); anything else is escaped.
    """
    request = context.get("request")
    if request is None:
        return ""
    parts = plan_page_parts_html(request, plan)
    return format_html_join("", "{}", ((html,) for html in parts))
