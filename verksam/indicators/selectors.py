"""Reads of indicators, their use on items and measurements, each in a fixed number of queries.

Values are formatted here for the pages, with the indicator's decimals and the
active language's separators ("1 234,5" in Swedish, "1,234.5" in English).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format, number_format

from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.indicators.permissions import can_read_measurements, visible_indicators
from verksam.organisations.models import Organisation
from verksam.plans.models import Item
from verksam.plans.permissions import visible_plans
from verksam.plans.version_parts import number_text

#: Rows on one page of a list.
PAGE_SIZE = 50


def format_value(value: Decimal | None, decimals: int = 0) -> str:
    """A value rounded half up to `decimals` and grouped by the active language's formats."""
    if value is None:
        return ""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def period_label(start: datetime.date, end: datetime.date) -> str:
    """A period as people say it: 2025, T1 2025, H1 2025, januari 2025, or its two dates."""
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1 and start.year == end.year:
        months = (start.month, end.month)
        if months == (1, 12):
            return str(start.year)
        part = {(1, 4): "T1", (5, 8): "T2", (9, 12): "T3", (1, 6): "H1", (7, 12): "H2"}.get(months)
        if part:
            return f"{part} {start.year}"
        if start.month == end.month:
            return date_format(start, "F Y")
    return f"{date_format(start, 'j M Y')} – {date_format(end, 'j M Y')}"


def paginate(queryset, page_number) -> Page:
    """One page of `queryset`; a page number out of range gives the nearest page."""
    return Paginator(queryset, PAGE_SIZE).get_page(page_number)


def indicator_search(user, query: str = "") -> QuerySet[Indicator]:
    """The indicators the user may read whose name or key contains `query`."""
    indicators = visible_indicators(user).select_related("organisation").order_by("name", "key")
    query = query.strip()
    if query:
        indicators = indicators.filter(Q(name__icontains=query) | Q(key__icontains=query))
    return indicators


def indicator_uses(user, indicator: Indicator) -> QuerySet[ItemIndicator]:
    """The items of plans the user may read that follow the indicator."""
    readable = visible_plans(user).values("pk")
    return (
        ItemIndicator.objects.filter(indicator=indicator, item__plan__in=readable)
        .select_related("item__plan__organisation", "organisation")
        .order_by(
            "item__plan__organisation__path",
            "-item__plan__period_start",
            "item__plan__title",
            "item__depth",
            "item__position",
        )
    )


@dataclass
class TargetRow:
    """A target with the value measured for the same period, when the user may see it."""

    target: Target
    value: str
    period: str
    measured: str = ""
    measured_note: str = ""
    #: The measured value is an invented demo value (source "demo value"), to be marked so.
    measured_is_demo: bool = False


@dataclass
class ItemIndicatorRow:
    """An item's indicator with its baseline and targets, formatted for the page."""

    item_indicator: ItemIndicator
    baseline: str
    targets: list[TargetRow] = field(default_factory=list)
    can_read_measurements: bool = False
    #: The form to set a target, given by the view.
    target_form: Any = None

    @property
    def indicator(self) -> Indicator:
        return self.item_indicator.indicator


def item_page_indicators(user, item: Item) -> dict:
    """What an item's page adds of its indicators (plans.page_parts)."""
    return {"indicator_rows": item_indicator_rows(user, item)}


def item_indicator_rows(user, item: Item) -> list[ItemIndicatorRow]:
    """The item's indicators, baselines, targets and measured values, in constant queries."""
    uses = list(
        item.item_indicators.select_related("indicator", "organisation")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("period_start", "period_end"))
        )
        .order_by("indicator__name", "pk")
    )
    readable = [use for use in uses if can_read_measurements(user, use.organisation)]
    measured: dict[tuple[int, int, datetime.date, datetime.date], Measurement] = {}
    if readable:
        wanted = Q()
        for use in readable:
            wanted |= Q(indicator_id=use.indicator_id, organisation_id=use.organisation_id)
        periods = Q()
        for use in readable:
            for target in use.targets.all():
                periods |= Q(period_start=target.period_start, period_end=target.period_end)
        if periods:
            for measurement in Measurement.objects.filter(wanted & periods):
                key = (
                    measurement.indicator_id,
                    measurement.organisation_id,
                    measurement.period_start,
                    measurement.period_end,
                )
                measured[key] = measurement
    rows = []
    readable_ids = {use.pk for use in readable}
    for use in uses:
        use.item = item
        decimals = use.indicator.decimals
        row = ItemIndicatorRow(
            item_indicator=use,
            baseline=format_value(use.baseline, decimals),
            can_read_measurements=use.pk in readable_ids,
        )
        for target in use.targets.all():
            found = measured.get(
                (use.indicator_id, use.organisation_id, target.period_start, target.period_end)
            )
            row.targets.append(
                TargetRow(
                    target=target,
                    value=format_value(target.value, decimals),
                    period=period_label(target.period_start, target.period_end),
                    measured=format_value(found.value, decimals) if found else "",
                    measured_note=found.note if found else "",
                    measured_is_demo=bool(found) and found.source == MeasurementSource.DEMO,
                )
            )
        rows.append(row)
    return rows


def used_indicator_ids(item: Item) -> list[int]:
    return list(item.item_indicators.values_list("indicator_id", flat=True))


def measurements_of(
    organisation: Organisation,
    *,
    indicator: Indicator | None = None,
    year: int | None = None,
) -> QuerySet[Measurement]:
    """An organisation's measurements, newest period first, optionally of one indicator and year.

    A year selects the periods that overlap it, so a school year counts in both
    of its calendar years.
    """
    measurements = (
        Measurement.objects.filter(organisation=organisation)
        .select_related("indicator", "created_by")
        .order_by("-period_end", "-period_start", "indicator__name", "pk")
    )
    if indicator is not None:
        measurements = measurements.filter(indicator=indicator)
    if year is not None:
        measurements = measurements.filter(
            period_start__lte=datetime.date(year, 12, 31),
            period_end__gte=datetime.date(year, 1, 1),
        )
    return measurements


def measured_indicators(organisation: Organisation) -> QuerySet[Indicator]:
    """The indicators with at least one measurement for the organisation, to filter by."""
    return Indicator.objects.filter(
        pk__in=Measurement.objects.filter(organisation=organisation).values("indicator_id")
    ).order_by("name", "key")


def format_measurements(measurements) -> None:
    """Give each measurement of a page its `display_value` (with its indicator's decimals)
    and `period`."""
    for measurement in measurements:
        measurement.display_value = format_value(measurement.value, measurement.indicator.decimals)
        measurement.period = period_label(measurement.period_start, measurement.period_end)


def plan_version_indicators(plan) -> list[dict[str, Any]]:
    """The indicators followed on a plan's items, with baselines and targets, as a version
    keeps them (the "indicators" of `PlanSnapshot.data`), in two queries.

    Registered with verksam.plans.version_parts by IndicatorsConfig.ready().
    """
    uses = (
        ItemIndicator.objects.filter(item__plan=plan)
        .select_related("indicator", "organisation")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("period_start", "period_end"))
        )
        .order_by("item_id", "indicator__name", "id")
    )
    return [
        {
            "item": use.item_id,
            "indicator": use.indicator_id,
            "key": use.indicator.key,
            "name": use.indicator.name,
            "unit": use.indicator.unit,
            "organisation": use.organisation.name,
            "baseline": number_text(use.baseline),
            "baseline_label": use.baseline_label,
            "targets": [
                {
                    "period_start": target.period_start.isoformat(),
                    "period_end": target.period_end.isoformat(),
                    "value": number_text(target.value),
                }
                for target in use.targets.all()
            ],
        }
        for use in uses
    ]
