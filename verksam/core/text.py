"""Titles and other one-line texts as they are stored, and the length limits of text fields.

One cleaning for the forms, the models' validation (which the services run with
`full_clean`) and the API, so a title refused in one is refused in all:

- Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
  are removed wherever they are: stored in a title, they would reorder the text
  that is shown around it (a page heading, a message, a document).
- Whitespace, zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and bidi
  marks (U+200E, U+200F, U+061C) are removed from both ends. Inside a title they
  stay: joiners belong to some scripts and emoji, and a mark reorders nothing.
- A title with nothing left is refused, with a message naming the field.

The length limits come from the models' `max_length`; text fields without one
(TextField) take LONG_TEXT_MAX_LENGTH. Forms and API schemas take their limits
from `text_limit`, so the two never disagree.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI_MARKS = "\u200e\u200f\u061c"
#: The controls that change the order of the characters after them.
BIDI_REORDERING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_CONTROLS = BIDI_REORDERING + BIDI_MARKS
_REMOVED = str.maketrans("", "", BIDI_REORDERING)
_INVISIBLE = ZERO_WIDTH + BIDI_MARKS

#: The longest text a multi-line field (a TextField) takes, about ten pages.
LONG_TEXT_MAX_LENGTH = 20000


def clean_line(value: str) -> str:
    """A one-line text as it is stored; see the module's docstring."""
    text = value.translate(_REMOVED)
    previous = None
    while text != previous:  # whitespace and invisible characters may alternate
        previous = text
        text = text.strip().strip(_INVISIBLE)
    return text


def clean_title(value: str, *, label: str) -> str:
    """The cleaned title, or a ValidationError naming the field when nothing is left."""
    text = clean_line(value or "")
    if not text:
        raise ValidationError(blank_message(label), code="blank")
    return text


def blank_message(label: str) -> str:
    return _("“%(field)s” cannot be empty, or only spaces and invisible characters.") % {
        "field": label
    }


def text_limit(model: type[models.Model], name: str) -> int:
    """The most characters the model's text field `name` takes."""
    field = model._meta.get_field(name)
    return field.max_length or LONG_TEXT_MAX_LENGTH


def in_sentence(name: str) -> str:
    """A name of a plan's level (user data, "Mål", "Fokusområde") as it stands inside a
    sentence in Swedish: "Lägg till mål", not "Lägg till Mål". Only the first letter is
    lowered, and not in an abbreviation ("KPI", "IT-mål"), whose second letter is a capital.
    """
    if not name or (len(name) > 1 and name[1].isupper()):
        return name
    return name[0].lower() + name[1:]
