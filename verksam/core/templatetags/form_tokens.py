"""The one-time token of a form (verksam.core.form_tokens); used by includes/form_token.html."""

from django import template

from verksam.core.form_tokens import new_form_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A new token each time it is used, so each form of a page has its own."""
    return new_form_token()
