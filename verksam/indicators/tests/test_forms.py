"""LocalDecimalField reads Swedish and English notation and names the field in its errors."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from verksam.indicators.forms import LocalDecimalField, period_dates
from verksam.indicators.selectors import format_value, period_label


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),  # non-breaking space, as copied from a document
        ("1\u202f234,5", Decimal("1234.5")),  # narrow non-breaking space
        ("1234.5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234,567", Decimal("1234567")),
        ("  42 ", Decimal("42")),
        ("-3,25", Decimal("-3.25")),
        ("\u22123,25", Decimal("-3.25")),  # a typographic minus sign
        (",5", Decimal("0.5")),
        ("0", Decimal("0")),
    ],
)
def test_it_reads_swedish_and_english_notation(typed, number):
    assert LocalDecimalField(label="Värde").clean(typed) == number


@pytest.mark.parametrize(
    "typed", ["abc", "12a", "1,2,3", "1.2.3,4,5", "1,23.4", "--1", "1e5", "NaN"]
)
def test_it_refuses_what_is_not_a_number_and_names_the_field(typed):
    with pytest.raises(forms.ValidationError) as caught:
        LocalDecimalField(label="Värde").clean(typed)
    assert caught.value.code == "invalid"
    assert caught.value.messages[0].startswith("Värde")


def test_it_refuses_more_decimals_than_it_stores():
    with pytest.raises(forms.ValidationError) as caught:
        LocalDecimalField(label="Målvärde").clean("1,1234567")
    assert caught.value.code == "max_decimal_places"
    assert "Målvärde" in caught.value.messages[0]


def test_it_refuses_a_number_too_large_to_store():
    with pytest.raises(forms.ValidationError) as caught:
        LocalDecimalField(label="Värde").clean("1 000 000 000 000")
    assert caught.value.code == "max_whole_digits"


def test_it_leaves_an_optional_value_empty():
    assert LocalDecimalField(required=False).clean("  ") is None


def test_it_shows_a_stored_value_in_the_active_language_without_trailing_zeros():
    field = LocalDecimalField()
    with translation.override("sv"):
        assert field.prepare_value(Decimal("1234.500000")) == "1234,5"
        assert field.prepare_value(Decimal("1000.000000")) == "1000"
    with translation.override("en"):
        assert field.prepare_value(Decimal("1234.500000")) == "1234.5"


class ValueForm(forms.Form):
    value = LocalDecimalField(label="Värde")


def test_it_renders_a_text_input_for_decimal_commas():
    html = str(ValueForm()["value"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


def test_it_formats_values_with_the_indicators_decimals_and_grouping():
    with translation.override("sv"):
        assert format_value(Decimal("1234567.25"), 1) == "1\u00a0234\u00a0567,3"
        assert format_value(Decimal("1234.5"), 0) == "1\u00a0235"
        assert format_value(Decimal("0.125"), 2) == "0,13"
    with translation.override("en"):
        assert format_value(Decimal("1234567.25"), 1) == "1,234,567.3"
    assert format_value(None, 2) == ""


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        ("year", (2025, 1, 1), (2025, 12, 31), "2025"),
        ("t1", (2025, 1, 1), (2025, 4, 30), "T1 2025"),
        ("t2", (2025, 5, 1), (2025, 8, 31), "T2 2025"),
        ("t3", (2025, 9, 1), (2025, 12, 31), "T3 2025"),
        ("m2", (2024, 2, 1), (2024, 2, 29), "februari 2024"),
    ],
)
def test_it_turns_period_shortcuts_into_dates(period, start, end, label):
    year = start[0]
    assert period_dates(period, year) == (datetime.date(*start), datetime.date(*end))
    with translation.override("sv"):
        assert period_label(datetime.date(*start), datetime.date(*end)) == label
