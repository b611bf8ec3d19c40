"""Filters for words from user data placed in running text."""

from django import template

from verksam.core.text import in_sentence as _in_sentence

register = template.Library()


@register.filter
def in_sentence(name: str) -> str:
    """A level name inside a sentence: "Lägg till {{ level|in_sentence }}" → "Lägg till mål"."""
    return _in_sentence(str(name))
