"""Two people entering the first value of the same period at the same moment.

Both find no value to replace and both insert; the database's unique constraint
lets one through. The other is refused as a concurrent edit, never with a
server error, and the first value stays.
"""

import datetime

import pytest

from verksam.core.services import ConcurrentEdit, VersionRequired
from verksam.indicators.models import Indicator, Measurement
from verksam.indicators.services import _insert_measurement

pytestmark = pytest.mark.django_db

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _value(personas, indicator, value):
    return Measurement(
        indicator=indicator,
        organisation=personas.home,
        period_start=YEAR[0],
        period_end=YEAR[1],
        value=value,
    )


@pytest.fixture
def first(personas):
    indicator = Indicator.objects.create(key="Besok01", name="Fysiska besök")
    measurement = _value(personas, indicator, 100)
    _insert_measurement(measurement, expected_version=None)
    return measurement


def test_it_asks_for_the_version_when_the_caller_sent_none(personas, first):
    with pytest.raises(VersionRequired) as refused:
        _insert_measurement(_value(personas, first.indicator, 200), expected_version=None)
    assert refused.value.current_version == 1
    assert Measurement.objects.get().value == 100


def test_it_refuses_a_form_loaded_before_the_value_existed(personas, first):
    with pytest.raises(ConcurrentEdit) as refused:
        _insert_measurement(_value(personas, first.indicator, 200), expected_version=0)
    assert (refused.value.expected_version, refused.value.current_version) == (0, 1)
    assert Measurement.objects.get().value == 100
