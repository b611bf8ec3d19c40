"""Small builders of indicator objects for the tests, in the style of verksam.testing.

They write straight to the database and skip the services' rules, so a test can
set up any state in one line; tests of the services call the services.
"""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.organisations.models import Organisation
from verksam.plans.models import Item

_keys = itertools.count(1)


def make_indicator(
    name: str = "Fysiska besök",
    key: str | None = None,
    organisation: Organisation | None = None,
    **fields: Any,
) -> Indicator:
    """An indicator, shared unless an owning organisation is given; the key is made up."""
    fields.setdefault("unit", "besök")
    return Indicator.objects.create(
        name=name, key=key or f"Test{next(_keys):04d}", organisation=organisation, **fields
    )


def make_item_indicator(
    item: Item, indicator: Indicator, organisation: Organisation | None = None, **fields: Any
) -> ItemIndicator:
    """An indicator followed on an item, measured for the plan's organisation by default."""
    return ItemIndicator.objects.create(
        item=item,
        indicator=indicator,
        organisation=organisation or item.plan.organisation,
        **fields,
    )


def make_target(
    item_indicator: ItemIndicator, value: Decimal | str | int = 100, year: int = 2026
) -> Target:
    """A target of a whole calendar year."""
    return Target.objects.create(
        item_indicator=item_indicator,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        value=Decimal(value),
    )


def make_measurement(
    indicator: Indicator,
    organisation: Organisation,
    value: Decimal | str | int = 100,
    year: int = 2025,
    **fields: Any,
) -> Measurement:
    """A measured value of a whole calendar year unless other dates are given."""
    fields.setdefault("period_start", datetime.date(year, 1, 1))
    fields.setdefault("period_end", datetime.date(year, 12, 31))
    return Measurement.objects.create(
        indicator=indicator, organisation=organisation, value=Decimal(value), **fields
    )
