"""The indicator services validate, lock adopted plans' content, and log every change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from verksam.core.models import ChangeRecord
from verksam.indicators import services
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)
from verksam.testing import error_codes

JAN_1, DEC_31 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _records(action: str, model) -> int:
    return ChangeRecord.objects.filter(action=action, object_type=model._meta.label_lower).count()


# Indicators


def test_it_creates_an_indicator_and_logs_it(personas):
    indicator = services.indicator_create(
        user=personas.superuser, key=" Besok01 ", name=" Fysiska besök ", unit="besök"
    )
    assert (indicator.key, indicator.name, indicator.organisation) == (
        "Besok01",
        "Fysiska besök",
        None,
    )
    assert _records("create", Indicator) == 1


def test_it_refuses_a_key_already_used_whatever_its_case(personas):
    make_indicator("Fysiska besök", key="Besok01")
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(user=personas.superuser, key="besok01", name="Besök igen")
    assert set(caught.value.message_dict) == {"key"}
    assert "Besok01" in caught.value.message_dict["key"][0]
    assert Indicator.objects.count() == 1


def test_it_refuses_a_key_with_spaces_and_an_empty_name(personas):
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(user=personas.superuser, key="Besök 01", name="  ")
    assert set(caught.value.message_dict) == {"key", "name"}
    assert not Indicator.objects.exists()


def test_it_refuses_more_than_six_decimals(personas):
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(user=personas.superuser, key="Andel", name="Andel", decimals=7)
    assert set(caught.value.message_dict) == {"decimals"}


def test_it_updates_an_indicator_keeping_its_own_key(personas):
    indicator = make_indicator("Utlån", key="Utlan399", organisation=personas.home)
    services.indicator_update(
        user=personas.editor, indicator=indicator, key="Utlan399", name="Utlån totalt", decimals=1
    )
    indicator.refresh_from_db()
    assert (indicator.name, indicator.decimals) == ("Utlån totalt", 1)
    record = ChangeRecord.objects.get(action="update", object_type="indicators.indicator")
    assert record.data["name"] == "Utlån"


def test_it_refuses_to_rename_a_key_to_one_in_use(personas):
    make_indicator("Besök", key="Besok01")
    indicator = make_indicator("Utlån", key="Utlan399")
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=personas.superuser, indicator=indicator, key="BESOK01")
    assert set(caught.value.message_dict) == {"key"}
    assert Indicator.objects.get(pk=indicator.pk).key == "Utlan399"


def test_it_refuses_unknown_fields_in_an_update(personas):
    indicator = make_indicator()
    with pytest.raises(TypeError):
        services.indicator_update(user=personas.superuser, indicator=indicator, pk=99)


# Indicators on items


def test_it_follows_an_indicator_on_a_draft_item_measured_for_the_plan_organisation(personas):
    item = personas.draft_plan.items.get(depth=1)
    indicator = make_indicator()
    use = services.item_indicator_add(
        user=personas.editor,
        item=item,
        indicator=indicator,
        baseline=Decimal("1234.5"),
        baseline_label=" 2019 ",
    )
    assert use.organisation == personas.home
    assert (use.baseline, use.baseline_label) == (Decimal("1234.5"), "2019")
    assert _records("create", ItemIndicator) == 1


def test_it_measures_an_item_indicator_for_another_organisation_when_asked(personas):
    item = personas.draft_plan.items.get(depth=1)
    use = services.item_indicator_add(
        user=personas.editor,
        item=item,
        indicator=make_indicator(),
        organisation=personas.work_group,
    )
    assert use.organisation == personas.work_group


def test_it_refuses_to_follow_the_same_indicator_twice_on_an_item(personas):
    item = personas.draft_plan.items.get(depth=1)
    indicator = make_indicator()
    make_item_indicator(item, indicator)
    with pytest.raises(ValidationError) as caught:
        services.item_indicator_add(user=personas.editor, item=item, indicator=indicator)
    assert set(caught.value.message_dict) == {"indicator"}
    assert ItemIndicator.objects.count() == 1


@pytest.mark.parametrize("plan_name", ["published_plan", "adopted_unpublished_plan"])
def test_it_refuses_indicators_on_an_adopted_plan(personas, plan_name):
    item = getattr(personas, plan_name).items.get(depth=1)
    with pytest.raises(ValidationError) as caught:
        services.item_indicator_add(user=personas.editor, item=item, indicator=make_indicator())
    assert error_codes(caught.value) == {"locked"}
    assert not ItemIndicator.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_it_updates_the_baseline_of_a_draft_item_indicator(personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    services.item_indicator_update(
        user=personas.editor, item_indicator=use, baseline=Decimal("42"), baseline_label="2024"
    )
    use.refresh_from_db()
    assert (use.baseline, use.baseline_label) == (Decimal("42"), "2024")
    assert _records("update", ItemIndicator) == 1


def test_it_refuses_to_change_or_remove_indicators_of_an_adopted_plan(personas):
    use = make_item_indicator(personas.published_plan.items.get(depth=1), make_indicator())
    make_target(use, 100, year=2025)
    with pytest.raises(ValidationError) as caught:
        services.item_indicator_update(user=personas.editor, item_indicator=use, baseline=1)
    assert error_codes(caught.value) == {"locked"}
    with pytest.raises(ValidationError) as caught:
        services.item_indicator_remove(user=personas.editor, item_indicator=use)
    assert error_codes(caught.value) == {"locked"}
    assert ItemIndicator.objects.filter(pk=use.pk).exists()
    assert Target.objects.count() == 1


def test_it_removes_an_item_indicator_with_its_targets_and_keeps_them_in_the_log(personas):
    indicator = make_indicator()
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), indicator)
    make_target(use, 100)
    make_measurement(indicator, personas.home)
    services.item_indicator_remove(user=personas.editor, item_indicator=use)
    assert not ItemIndicator.objects.exists()
    assert not Target.objects.exists()
    assert Measurement.objects.count() == 1  # the organisation's values stay
    record = ChangeRecord.objects.get(action="delete", object_type="indicators.itemindicator")
    assert record.data["targets"][0]["value"] == "100.000000"


# Targets


def test_it_sets_a_target_and_replaces_it_for_the_same_period(personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    first = services.target_set(
        user=personas.editor, item_indicator=use, period_start=JAN_1, period_end=DEC_31, value=100
    )
    second = services.target_set(
        user=personas.editor,
        item_indicator=use,
        period_start=JAN_1,
        period_end=DEC_31,
        value=Decimal("120.5"),
    )
    assert first.pk == second.pk
    assert Target.objects.get().value == Decimal("120.5")
    assert _records("create", Target) == 1
    assert _records("update", Target) == 1


def test_it_refuses_a_target_period_that_ends_before_it_starts(personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    with pytest.raises(ValidationError) as caught:
        services.target_set(
            user=personas.editor, item_indicator=use, period_start=DEC_31, period_end=JAN_1, value=1
        )
    assert set(caught.value.message_dict) == {"period_end"}
    assert not Target.objects.exists()


def test_it_refuses_targets_on_an_adopted_plan(personas):
    use = make_item_indicator(personas.published_plan.items.get(depth=1), make_indicator())
    target = make_target(use, 100, year=2025)
    with pytest.raises(ValidationError) as caught:
        services.target_set(
            user=personas.editor, item_indicator=use, period_start=JAN_1, period_end=DEC_31, value=1
        )
    assert error_codes(caught.value) == {"locked"}
    with pytest.raises(ValidationError) as caught:
        services.target_remove(user=personas.editor, target=target)
    assert error_codes(caught.value) == {"locked"}
    assert Target.objects.count() == 1


def test_it_removes_a_target_of_a_draft_and_logs_it(personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    target = make_target(use, 100)
    services.target_remove(user=personas.editor, target=target)
    assert not Target.objects.exists()
    assert _records("delete", Target) == 1


# Measurements


def test_it_saves_a_measurement_by_hand_and_replaces_it_for_the_same_period(personas):
    indicator = make_indicator()
    first = services.measurement_save(
        user=personas.reporter,
        indicator=indicator,
        organisation=personas.home,
        period_start=JAN_1,
        period_end=DEC_31,
        value=Decimal("1234.5"),
        note=" Räknat vid entrén ",
    )
    assert (first.source, first.created_by, first.note) == (
        MeasurementSource.MANUAL,
        personas.reporter,
        "Räknat vid entrén",
    )
    second = services.measurement_save(
        user=personas.editor,
        indicator=indicator,
        organisation=personas.home,
        period_start=JAN_1,
        period_end=DEC_31,
        value=Decimal("1300"),
    )
    assert second.pk == first.pk
    assert Measurement.objects.get().value == Decimal("1300")
    assert _records("create", Measurement) == 1
    update = ChangeRecord.objects.get(action="update", object_type="indicators.measurement")
    assert update.data["value"] == "1234.500000"


def test_it_makes_a_corrected_imported_value_a_value_entered_by_hand(personas):
    indicator = make_indicator()
    make_measurement(indicator, personas.home, 10, year=2026, source=MeasurementSource.IMPORT)
    saved = services.measurement_save(
        user=personas.reporter,
        indicator=indicator,
        organisation=personas.home,
        period_start=JAN_1,
        period_end=DEC_31,
        value=11,
    )
    assert saved.source == MeasurementSource.MANUAL


def test_it_saves_measurements_for_items_of_adopted_plans(personas):
    indicator = make_indicator()
    use = make_item_indicator(personas.published_plan.items.get(depth=1), indicator)
    measurement = services.measurement_save(
        user=personas.reporter,
        indicator=indicator,
        organisation=use.organisation,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=5,
    )
    services.measurement_delete(user=personas.reporter, measurement=measurement)
    assert not Measurement.objects.exists()
    assert _records("delete", Measurement) == 1


def test_it_refuses_a_measurement_period_that_ends_before_it_starts(personas):
    with pytest.raises(ValidationError) as caught:
        services.measurement_save(
            user=personas.reporter,
            indicator=make_indicator(),
            organisation=personas.home,
            period_start=DEC_31,
            period_end=JAN_1,
            value=1,
        )
    assert set(caught.value.message_dict) == {"period_end"}
    assert not Measurement.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_it_refuses_a_value_with_too_many_digits(personas):
    with pytest.raises(ValidationError) as caught:
        services.measurement_save(
            user=personas.reporter,
            indicator=make_indicator(),
            organisation=personas.home,
            period_start=JAN_1,
            period_end=DEC_31,
            value=Decimal("1.1234567"),
        )
    assert set(caught.value.message_dict) == {"value"}
