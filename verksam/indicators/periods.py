"""Period labels of measurements: "2024", "2024-T1", "2024-H2", "2024-Q3", "2024-03", date ranges.

Import files and exports name a period by a short label; a measurement keeps
the period as a start and an end date. `parse_period` turns a label into the
two dates and `format_period` turns the dates back into the shortest label
that means the same, so an exported file imports again unchanged.

Tertials follow Swedish municipal practice: T1 January–April, T2 May–August,
T3 September–December.
"""

import calendar
import datetime
import re

from django.utils.translation import gettext as _

#: Periods starting before this day are taken for typing mistakes.
EARLIEST_START = datetime.date(1990, 1, 1)

#: Months covered by each part of a year, by the letter of the label.
_PARTS = {
    "T": {1: (1, 4), 2: (5, 8), 3: (9, 12)},
    "H": {1: (1, 6), 2: (7, 12)},
    "Q": {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)},
}

_YEAR = re.compile(r"^(\d{4})$")
_PART = re.compile(r"^(\d{4})\s*[-–]?\s*([THQ])\s*(\d)$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:–|—|/|-|\.\.)\s*(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period label that cannot be read or lies outside the accepted range."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _not_a_period(label: str) -> PeriodError:
    return PeriodError(
        _(
            "“%(label)s” is not a period: write a year (2024), a tertial (2024-T1), "
            "a half-year (2024-H1), a quarter (2024-Q1), a month (2024-03) "
            "or two dates (2024-01-01–2024-04-30)."
        )
        % {"label": label}
    )


def parse_period(label: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period a label names; PeriodError if it names none.

    Only the form is checked here; `check_period` checks the range.
    """
    text = " ".join(str(label).split())
    if not text:
        raise PeriodError(_("The period is empty."))
    if match := _YEAR.match(text):
        year = int(match[1])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if match := _PART.match(text):
        year, letter, number = int(match[1]), match[2].upper(), int(match[3])
        months = _PARTS[letter].get(number)
        if months is None:
            raise PeriodError(
                {
                    "T": _("“%(label)s”: a year has three tertials, T1, T2 and T3."),
                    "H": _("“%(label)s”: a year has two halves, H1 and H2."),
                    "Q": _("“%(label)s”: a year has four quarters, Q1 to Q4."),
                }[letter]
                % {"label": text}
            )
        return datetime.date(year, months[0], 1), _month_end(year, months[1])
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(_("“%(label)s”: a month is numbered 01 to 12.") % {"label": text})
        return datetime.date(year, month, 1), _month_end(year, month)
    if match := _RANGE.match(text):
        try:
            start = datetime.date.fromisoformat(match[1])
            end = datetime.date.fromisoformat(match[2])
        except ValueError:
            raise PeriodError(
                _("“%(label)s” contains a date that does not exist.") % {"label": text}
            ) from None
        return start, end
    raise _not_a_period(text)


def check_period(
    start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> None:
    """Refuse a period that ends before it starts, starts before 1990 or a year from now."""
    today = today or datetime.date.today()
    if end < start:
        raise PeriodError(_("The period ends before it starts."))
    if start < EARLIEST_START:
        raise PeriodError(
            _("The period starts in %(year)d, before 1990: check the year.") % {"year": start.year}
        )
    latest_start = _one_year_after(today)
    if start > latest_start:
        raise PeriodError(
            _(
                "The period starts in %(year)d, more than a year from now: "
                "measurements are of what has happened; check the year."
            )
            % {"year": start.year}
        )


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def parse_checked_period(
    label: str, *, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """`parse_period` followed by `check_period`."""
    start, end = parse_period(label)
    check_period(start, end, today=today)
    return start, end


def format_period(start: datetime.date, end: datetime.date) -> str:
    """The shortest label for the period: the inverse of `parse_period`."""
    if start.year == end.year and start.day == 1 and end == _month_end(end.year, end.month):
        months = (start.month, end.month)
        if months == (1, 12):
            return str(start.year)
        for letter in ("T", "H", "Q"):
            for number, part_months in _PARTS[letter].items():
                if part_months == months:
                    return f"{start.year}-{letter}{number}"
        if start.month == end.month:
            return f"{start.year}-{start.month:02d}"
    return f"{start.isoformat()}–{end.isoformat()}"
