from django import template

from verksam.resources.formatting import kronor as kronor_text

register = template.Library()


@register.filter
def kronor(amount) -> str:
    """An amount in whole kronor for a page: "125 000 kr"."""
    return kronor_text(amount)
