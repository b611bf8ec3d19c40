"""Counts of the register feed indicators: the yearly values follow every change."""

import datetime
from decimal import Decimal

import pytest

from verksam.competence.choices import RegisterMeasure
from verksam.competence.services import (
    register_indicator_create,
    training_delete,
    training_update,
)
from verksam.competence.tests.builders import make_training
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Measurement
from verksam.organisations.choices import Role
from verksam.testing import make_member

pytestmark = pytest.mark.django_db


def value(feed, year: int = 2026):
    measurement = Measurement.objects.filter(
        indicator=feed.indicator,
        organisation=feed.organisation,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    ).first()
    return None if measurement is None else measurement


def _feed(personas, measure, **kwargs):
    names = {
        RegisterMeasure.PARTICIPANTS: "Deltagare i kompetensutveckling",
        RegisterMeasure.HOURS: "Timmar kompetensutveckling",
        RegisterMeasure.TRAININGS: "Utbildningar",
    }
    return register_indicator_create(
        user=personas.editor,
        organisation=personas.home,
        name=names[measure],
        measure=measure,
        **kwargs,
    )


def test_it_updates_the_indicator_when_participants_are_added(personas):
    participants = _feed(personas, RegisterMeasure.PARTICIPANTS)
    hours = _feed(personas, RegisterMeasure.HOURS)
    training = make_training(
        personas.home, user=personas.reporter, participants=[personas.reader], hours=Decimal(6)
    )
    assert value(participants).value == 1
    assert value(hours).value == 6
    assert value(participants).source == MeasurementSource.COMPETENCE

    colleague = make_member(personas.work_group, Role.READER)
    training_update(
        user=personas.reporter,
        training=training,
        participants=[personas.reader, personas.reporter, colleague],
        other_participants=2,
    )

    assert value(participants).value == 5
    assert value(hours).value == 30
    assert value(participants).version == 2


def test_it_counts_the_years_a_training_moves_between(personas):
    feed = _feed(personas, RegisterMeasure.TRAININGS)
    training = make_training(personas.home, user=personas.editor)
    make_training(personas.home, user=personas.editor, title="Läsfrämjande i praktiken")
    assert value(feed, 2026).value == 2

    training_update(user=personas.editor, training=training, start_date=datetime.date(2027, 2, 1))

    assert value(feed, 2026).value == 1
    assert value(feed, 2027).value == 1


def test_it_counts_again_when_a_training_is_removed(personas):
    feed = _feed(personas, RegisterMeasure.PARTICIPANTS)
    training = make_training(personas.home, user=personas.editor, other_participants=4)
    assert value(feed).value == 4
    training_delete(user=personas.editor, training=training)
    assert value(feed).value == 0


def test_it_counts_only_the_trainings_serving_the_indicators_item(personas):
    goal = personas.published_plan.items.get(depth=1)
    feed = _feed(personas, RegisterMeasure.PARTICIPANTS, item=goal)
    make_training(personas.home, user=personas.editor, other_participants=3, items=[goal])
    make_training(personas.home, user=personas.editor, other_participants=10)
    assert value(feed).value == 3


def test_it_counts_the_years_already_in_the_register_when_made(personas):
    make_training(personas.home, user=personas.editor, other_participants=7)
    make_training(
        personas.home,
        user=personas.editor,
        other_participants=2,
        start_date=datetime.date(2025, 5, 5),
    )
    feed = _feed(personas, RegisterMeasure.PARTICIPANTS)
    assert value(feed, 2026).value == 7
    assert value(feed, 2025).value == 2


def test_it_replaces_a_value_entered_by_hand_for_a_year_of_the_register(personas):
    from verksam.indicators.services import measurement_save

    feed = _feed(personas, RegisterMeasure.PARTICIPANTS)
    measurement_save(
        user=personas.editor,
        indicator=feed.indicator,
        organisation=personas.home,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal(99),
    )
    make_training(personas.home, user=personas.editor, other_participants=1)
    measurement = value(feed)
    assert (measurement.value, measurement.source) == (1, MeasurementSource.COMPETENCE)


def test_it_refuses_participants_who_are_not_members(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        make_training(personas.home, user=personas.editor, participants=[personas.outsider])
    assert "participants" in raised.value.message_dict
