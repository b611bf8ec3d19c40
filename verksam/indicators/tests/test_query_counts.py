"""The indicator pages run the same number of SQL queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.indicators.models import Indicator, Measurement, Target
from verksam.indicators.tests.builders import make_indicator, make_item_indicator
from verksam.testing import make_item, make_plan


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_indicators(personas, count: int, prefix: str) -> list[Indicator]:
    owners = [None, personas.home, personas.work_group, personas.other]
    return Indicator.objects.bulk_create(
        Indicator(
            key=f"{prefix}{index}",
            name=f"{prefix} indikator {index}",
            unit="st",
            organisation=owners[index % len(owners)],
        )
        for index in range(count)
    )


@pytest.mark.parametrize("persona", ["anonymous", "reader", "superuser"])
def test_it_lists_indicators_in_constant_queries(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    _add_indicators(personas, 4, "Liten")
    small = _count_queries(client, "/indikatorer/")
    _add_indicators(personas, 400, "Stor")
    large = _count_queries(client, "/indikatorer/")
    assert small == large
    assert _count_queries(client, "/indikatorer/?q=Stor&page=2") == large


def _item_with_indicators(personas, count: int, targets: int):
    item = make_item(personas.draft_plan, f"Mål med {count} indikatorer")
    for index, indicator in enumerate(_add_indicators(personas, count, f"I{count}x")):
        organisation = personas.other if indicator.organisation == personas.other else None
        use = make_item_indicator(item, indicator, organisation=organisation, baseline=index)
        Target.objects.bulk_create(
            Target(
                item_indicator=use,
                period_start=datetime.date(2020 + year, 1, 1),
                period_end=datetime.date(2020 + year, 12, 31),
                value=100 + year,
            )
            for year in range(targets)
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                organisation=use.organisation,
                period_start=datetime.date(2020 + year, 1, 1),
                period_end=datetime.date(2020 + year, 12, 31),
                value=90 + year,
            )
            for year in range(targets)
        )
    return item


@pytest.mark.parametrize("persona", ["editor", "superuser"])
def test_it_shows_an_items_indicators_in_constant_queries(client, personas, persona):
    client.force_login(personas.user(persona))
    small = _item_with_indicators(personas, 2, 1)
    large = _item_with_indicators(personas, 16, 6)
    _add_indicators(personas, 100, "Fler")
    small_count = _count_queries(client, f"/indikatorer/punkt/{small.plan_id}/{small.pk}/")
    large_count = _count_queries(client, f"/indikatorer/punkt/{large.plan_id}/{large.pk}/")
    assert small_count == large_count


def _add_measurements(personas, indicators: list[Indicator], years: int, day: int = 1) -> None:
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            organisation=personas.home,
            period_start=datetime.date(1990 + year, month, day),
            period_end=datetime.date(1990 + year, month, 28),
            value=year * 1000 + month,
        )
        for indicator in indicators
        for year in range(years)
        for month in range(1, 13)
    )


@pytest.mark.parametrize("persona", ["reporter", "reader", "superuser"])
def test_it_lists_measurements_in_constant_queries(client, personas, persona):
    client.force_login(personas.user(persona))
    url = f"/indikatorer/varden/{personas.home.pk}/"
    first = make_indicator("Fysiska besök", key="Besok01")
    filtered = f"{url}?indicator={first.pk}&year=1990&page=1"
    _add_measurements(personas, [first], 1)
    small = _count_queries(client, url), _count_queries(client, filtered)
    for day in range(2, 6):
        _add_measurements(personas, [first], 10, day=day)
    _add_measurements(personas, [make_indicator(key=f"Stor{i}") for i in range(10)], 3)
    _add_indicators(personas, 50, "Fler")
    large = _count_queries(client, url), _count_queries(client, filtered)
    assert small == large


def test_it_shows_an_indicator_and_its_uses_in_constant_queries(client, personas):
    client.force_login(personas.reader)
    indicator = make_indicator("Fysiska besök", key="Besok01")

    def add_uses(count: int) -> None:
        plan = make_plan(personas.home, title=f"Plan med {count}")
        for index in range(count):
            make_item_indicator(make_item(plan, f"Mål {index}"), indicator, baseline=index)

    add_uses(2)
    small = _count_queries(client, indicator.get_absolute_url())
    add_uses(70)
    large = _count_queries(client, indicator.get_absolute_url())
    assert small == large
