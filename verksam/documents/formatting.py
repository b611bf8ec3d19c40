"""Dates, numbers, periods and texts as a generated document writes them, in the active language.

Swedish documents write "22 november 2026" and "1 234,5" (a non-breaking
space between the thousands, so a number is never split over two lines);
English ones "22 November 2026" and "1,234.5". Django's own formats for the
two languages give exactly these; the functions here only fix the pattern
and the grouping, so every document writes them the same way.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verksam.followup.charts import NO_VALUE, format_number

#: Shown in a table cell that has no value.
#: The date pattern of every document: day, month in words, year.
DATE_PATTERN = "j F Y"


def language_code() -> str:
    """The active language without its region, e.g. "sv" or "en"."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    return code.split("-")[0].lower()


def format_date(value: datetime.date | None) -> str:
    """A date as "22 november 2026" (Swedish) or "22 November 2026" (English); "" for None."""
    if value is None:
        return ""
    return date_format(value, DATE_PATTERN)


def format_percent(value: Decimal | int | None) -> str:
    """A percentage, "60 %" in Swedish (with a non-breaking space) and "60%" in English."""
    if value is None:
        return NO_VALUE
    return _("%(number)s%%") % {"number": format_number(value)}


def period_text(start: datetime.date, end: datetime.date) -> str:
    """A period in words: "2025" or "2025–2028" for whole years, else its two dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{format_date(start)} – {format_date(end)}"


def capitalise(text: str) -> str:
    """The text with its first letter in upper case: a label such as "uppfyllt" as a heading."""
    text = str(text)
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int = 600) -> str:
    """`text` cut to about `limit` characters, at the end of a sentence where one is near.

    Runs of white space become single spaces, so a shortened text is one
    paragraph; a cut text ends with "…".
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    sentence_end = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if sentence_end >= limit // 2:
        return head[: sentence_end + 1] + " …"
    space = head.rfind(" ")
    cut = head[:space] if space >= limit // 2 else head
    return cut.rstrip(" ,;:–-") + "…"


def person_name(user) -> str:
    """A person as a document names them: the full name, or else the username."""
    return user.get_full_name() or user.get_username()
