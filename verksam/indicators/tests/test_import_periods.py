"""Period labels: read into dates, checked for range, and written back the same way."""

import datetime

import pytest
from django.utils import translation

from verksam.indicators.periods import (
    PeriodError,
    check_period,
    format_period,
    parse_checked_period,
    parse_period,
)

D = datetime.date
TODAY = D(2026, 11, 22)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-T1", D(2024, 1, 1), D(2024, 4, 30)),
        ("2024-T2", D(2024, 5, 1), D(2024, 8, 31)),
        ("2024-T3", D(2024, 9, 1), D(2024, 12, 31)),
        ("2024-H1", D(2024, 1, 1), D(2024, 6, 30)),
        ("2024-H2", D(2024, 7, 1), D(2024, 12, 31)),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28)),
        ("2024-01-01–2024-04-30", D(2024, 1, 1), D(2024, 4, 30)),
        ("2024-01-01/2024-04-30", D(2024, 1, 1), D(2024, 4, 30)),
        ("2024-01-15 - 2024-02-14", D(2024, 1, 15), D(2024, 2, 14)),
        ("2024-01-15..2024-02-14", D(2024, 1, 15), D(2024, 2, 14)),
        ("2024 t2", D(2024, 5, 1), D(2024, 8, 31)),
        (" 2024-q3 ", D(2024, 7, 1), D(2024, 9, 30)),
    ],
)
def test_it_reads_every_period_label(label, start, end):
    assert parse_period(label) == (start, end)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("våren 2024", "is not a period"),
        ("", "The period is empty"),
        ("24", "is not a period"),
        ("2024-T4", "three tertials"),
        ("2024-H3", "two halves"),
        ("2024-Q5", "four quarters"),
        ("2024-13", "numbered 01 to 12"),
        ("2024-02-30–2024-03-31", "does not exist"),
        ("2024-01-01", "is not a period"),
    ],
)
def test_it_refuses_what_is_not_a_period(label, message):
    with pytest.raises(PeriodError) as caught:
        parse_period(label)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("1850", "before 1990"),
        ("1989-Q4", "before 1990"),
        ("2036", "more than a year from now"),
        ("2027-12", "more than a year from now"),
        ("2024-05-01–2024-04-30", "ends before it starts"),
    ],
)
def test_it_refuses_periods_outside_the_range(label, message):
    with pytest.raises(PeriodError) as caught:
        parse_checked_period(label, today=TODAY)
    assert message in caught.value.message


@pytest.mark.parametrize("label", ["1990", "2026", "2027", "2027-T3", "2027-11"])
def test_it_accepts_periods_from_1990_to_a_year_from_now(label):
    assert parse_checked_period(label, today=TODAY) == parse_period(label)


def test_it_allows_a_year_ahead_from_a_leap_day():
    # A year after 29 February 2024 is 28 February 2025: a period starting then is
    # accepted, one starting the day after is refused.
    assert check_period(D(2025, 2, 28), D(2025, 2, 28), today=D(2024, 2, 29)) is None
    with translation.override("en"), pytest.raises(PeriodError) as caught:
        check_period(D(2025, 3, 1), D(2025, 3, 31), today=D(2024, 2, 29))
    assert "more than a year from now" in caught.value.message


@pytest.mark.parametrize(
    "label",
    [
        "2024",
        "2024-T1",
        "2024-T2",
        "2024-T3",
        "2024-H1",
        "2024-H2",
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2024-01",
        "2024-12",
        "2024-01-15–2024-02-14",
        "2023-07-01–2024-06-30",
    ],
)
def test_it_writes_a_period_back_as_the_label_it_was_read_from(label):
    assert format_period(*parse_period(label)) == label
