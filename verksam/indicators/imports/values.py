"""Numbers in a file as people write them: Swedish or English, with spaces, signs and decimals."""

import datetime
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from verksam.indicators.imports.files import cell_text
from verksam.indicators.imports.problems import ValueProblem

_SPACE_CHARACTERS = " \u00a0\u202f\u2009"
_MINUS_SIGNS = "-\u2212"
_PLAIN_INTEGER = re.compile(r"^\d+$")
# "1,234" is 1.234 in Swedish and 1234 in English: the file's other values decide.
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_SWEDISH = re.compile(r"^(?:\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:,\d+)?$")
_ENGLISH = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_LARGEST_VALUE = Decimal(10) ** 12


def _strip_sign(text: str) -> tuple[int, str]:
    if text and text[0] in _MINUS_SIGNS:
        return -1, text[1:].strip(_SPACE_CHARACTERS)
    if text.startswith("+"):
        return 1, text[1:].strip(_SPACE_CHARACTERS)
    return 1, text


def value_style(text: str) -> str | None:
    """The convention ("sv" or "en") that a value's text shows unambiguously, else None."""
    _sign, text = _strip_sign(text.strip(_SPACE_CHARACTERS))
    if _PLAIN_INTEGER.match(text) or _AMBIGUOUS.match(text):
        return None
    if _SWEDISH.match(text):
        return "sv"
    if _ENGLISH.match(text):
        return "en"
    return None


def number_style(values: Iterable[Any], hint: str | None = None) -> str | None:
    """The file's number convention, from its unambiguous values; None when they disagree."""
    styles = {value_style(value) for value in values if isinstance(value, str)} - {None}
    if len(styles) == 1:
        return styles.pop()
    if not styles:
        return hint
    return None


def parse_value(cell: Any, *, style: str | None = None) -> Decimal:
    """A cell as a Decimal, in Swedish ("1 234,5") or English ("1,234.5") notation.

    `style` ("sv" or "en") decides values such as "1,234" that mean different
    numbers in the two; without it they are refused as ambiguous.
    """
    if isinstance(cell, bool):
        raise ValueProblem(_("“%(text)s” is not a number.") % {"text": cell})
    if isinstance(cell, int):
        return _checked(Decimal(cell), cell_text(cell))
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ValueProblem(_("The value is not a number."))
        # A computed spreadsheet cell carries binary noise (0.1 + 0.2); keep six decimals.
        return _checked(round(Decimal(repr(cell)), 6), cell_text(cell))
    if isinstance(cell, Decimal):
        return _checked(cell, str(cell))
    if isinstance(cell, datetime.date | datetime.time):
        raise ValueProblem(
            _("The value is a date, not a number: format the cell as a number in Excel.")
        )
    original = "" if cell is None else " ".join(str(cell).split())
    text = str(cell or "").strip().strip(_SPACE_CHARACTERS)
    if not text:
        raise ValueProblem(_("The value is empty: every row needs a number."))
    sign, unsigned = _strip_sign(text)
    if _PLAIN_INTEGER.match(unsigned):
        number = unsigned
    elif _AMBIGUOUS.match(unsigned):
        if style == "sv":
            number = unsigned.replace(",", ".")
        elif style == "en":
            number = unsigned.replace(",", "")
        else:
            raise ValueProblem(
                _(
                    "“%(text)s” could mean %(english)s (English notation) or %(swedish)s "
                    "(Swedish notation), and the file's other values do not tell which: "
                    "write thousands without a separator (%(english)s)."
                )
                % {
                    "text": original,
                    "english": unsigned.replace(",", ""),
                    "swedish": unsigned.replace(",", "."),
                }
            )
    elif _SWEDISH.match(unsigned):
        number = "".join(c for c in unsigned if c not in _SPACE_CHARACTERS).replace(",", ".")
    elif _ENGLISH.match(unsigned):
        number = unsigned.replace(",", "")
    elif re.search(r"[^\d\s\u00a0\u202f\u2009.,]", unsigned):
        raise ValueProblem(
            _(
                "“%(text)s” is not a number: write the number alone, without words, "
                "a unit or a per cent sign."
            )
            % {"text": original}
        )
    else:
        raise ValueProblem(
            _("“%(text)s” is not a number in Swedish (1 234,5) or English (1,234.5) notation.")
            % {"text": original}
        )
    try:
        value = Decimal(number) * sign
    except InvalidOperation:
        raise ValueProblem(_("“%(text)s” is not a number.") % {"text": original}) from None
    return _checked(value, original)


def _checked(value: Decimal, text: str) -> Decimal:
    if abs(value) >= _LARGEST_VALUE:
        raise ValueProblem(
            _("“%(text)s” is too large: values must be below a million million.") % {"text": text}
        )
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise ValueProblem(_("“%(text)s” has more than six decimals.") % {"text": text})
    return value + 0  # drop a negative zero's sign
