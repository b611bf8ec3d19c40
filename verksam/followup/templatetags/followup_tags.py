"""Template filters of follow-up: statuses as symbol and words, never colour alone."""

from django import template
from django.utils.html import format_html

from verksam.followup.choices import STATUS_LABELS, STATUS_SYMBOLS, AssessmentState

register = template.Library()


@register.filter
def status_badge(status: str):
    """A status as a symbol and its name, e.g. ✓ met; empty for no status."""
    if not status:
        return ""
    return format_html(
        '<span class="status status--{}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_SYMBOLS.get(status, "?"),
        STATUS_LABELS.get(status, status),
    )


@register.filter
def state_badge(state: str):
    """An assessment's state in words: draft, submitted, returned, approved."""
    if not state:
        return ""
    return format_html(
        '<span class="state state--{}">{}</span>', state, AssessmentState(state).label
    )


@register.filter
def at(sequence, index: int):
    """The element of `sequence` at `index`, or "" (e.g. the column of a total in a loop)."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""


@register.inclusion_tag("followup/_status_swatch.html")
def status_swatch(status: str | None):
    """The small patterned square that repeats a status in an overview's cell."""
    return {"status": status}


@register.filter
def split_words(text: str) -> list[str]:
    """The words of `text`: a list written in a template ("met partly_met …")."""
    return text.split()
