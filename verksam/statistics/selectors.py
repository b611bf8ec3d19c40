"""Reads of stored statistics: one value, per-inhabitant figures, and the comparison of an
organisation's value with its county, the country and its peer group.

The comparison reads all it needs in a fixed number of queries (the values of
the term and the population for every area involved, and the peer groups),
whatever the number of areas and years: the sums, medians and spreads are
computed here, in Python, from those rows.
"""

from __future__ import annotations

import datetime
import statistics as pystats
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from verksam.indicators.models import ItemIndicator
from verksam.organisations.areas import (
    COUNTRY_CODE,
    Area,
    area_for_organisation,
    comparison_areas,
)
from verksam.organisations.models import Organisation
from verksam.statistics.catalogue import KOLADA, POPULATION_TERMS, SCALE_FACTORS, find_entry
from verksam.statistics.choices import PeerGroupKind, Scale, ValueSource
from verksam.statistics.models import IndicatorTerm, PeerGroup, StatisticValue

#: How many years back a comparison and a scheduled fetch reach.
YEARS_SHOWN = 10


def _scaled(value: Decimal | None, population: Decimal | None, scale: str) -> Decimal | None:
    if value is None:
        return None
    if scale == Scale.TOTAL:
        return value
    if not population:
        return None
    return value * SCALE_FACTORS[Scale(scale)] / population


def _population(rows: dict[tuple[str, str, int], StatisticValue], code: str, year: int):
    for term in POPULATION_TERMS:
        row = rows.get((term, code, year))
        if row is not None:
            return row.value
    return None


def value_for(*, term: str, area_code: str, year: int, scale: str = Scale.TOTAL) -> Decimal | None:
    """The stored value of a term for an area and year, per inhabitant if asked; None if none."""
    terms = [term] if scale == Scale.TOTAL else [term, *POPULATION_TERMS]
    rows = {
        (row.term, row.area_code, row.year): row
        for row in StatisticValue.objects.filter(term__in=terms, area_code=area_code, year=year)
    }
    row = rows.get((term, area_code, year))
    return _scaled(row.value if row else None, _population(rows, area_code, year), scale)


def peer_group_for(area: Area, organisation: Organisation | None) -> PeerGroup | None:
    """The group to compare a municipality with: the organisation's own, else SKR's."""
    groups = PeerGroup.objects.filter(
        Q(kind=PeerGroupKind.SKR) | Q(organisation=organisation)
    ).order_by("-kind", "name")
    candidates = [group for group in groups if area.code in group.members]
    own = [group for group in candidates if group.kind == PeerGroupKind.OWN]
    return (own or candidates or [None])[0]


@dataclass
class ComparisonRow:
    year: int
    own: Decimal | None
    county: Decimal | None
    country: Decimal | None
    peer_median: Decimal | None = None
    peer_low: Decimal | None = None
    peer_high: Decimal | None = None
    peer_count: int = 0


@dataclass
class Comparison:
    """An organisation's value over the years beside its county, the country and its peers."""

    title: str
    unit: str
    decimals: int
    area: Area
    county: Area | None
    country: Area | None
    peer_group: PeerGroup | None
    rows: list[ComparisonRow] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)

    @property
    def has_values(self) -> bool:
        return any(row.own is not None for row in self.rows)


def _quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, median, high = pystats.quantiles(values, n=4, method="inclusive")
    return Decimal(low), Decimal(median), Decimal(high)


def comparison(
    *,
    term: str,
    scale: str,
    organisation: Organisation,
    title: str = "",
    unit: str = "",
    decimals: int | None = None,
) -> Comparison | None:
    """The comparison of a term for an organisation's area, or None when it has no area.

    The peer group's median and spread (lower to upper quartile) are taken over
    its municipalities that have a value that year, the organisation's own included.
    """
    area = area_for_organisation(organisation)
    if area is None:
        return None
    entry = find_entry(term)
    areas = comparison_areas(area)
    county = next((a for a in areas[1:] if a.code != COUNTRY_CODE), None)
    country = next((a for a in areas if a.code == COUNTRY_CODE and a is not area), None)
    peer_group = peer_group_for(area, organisation) if area.is_municipality else None
    members = list(peer_group.members) if peer_group else []
    codes = {a.code for a in areas} | set(members)
    terms = [term] if scale == Scale.TOTAL else [term, *POPULATION_TERMS]
    rows = {
        (row.term, row.area_code, row.year): row
        for row in StatisticValue.objects.filter(term__in=terms, area_code__in=codes)
    }
    years = sorted({year for (t, _code, year) in rows if t == term})[-YEARS_SHOWN:]

    def scaled(code: str, year: int) -> Decimal | None:
        row = rows.get((term, code, year))
        return _scaled(row.value if row else None, _population(rows, code, year), scale)

    result = Comparison(
        title=title or (entry.indicator_name(scale) if entry else term),
        unit=unit or (entry.indicator_unit(scale) if entry else ""),
        decimals=decimals
        if decimals is not None
        else (entry.indicator_decimals(scale) if entry else 0),
        area=area,
        county=county,
        country=country,
        peer_group=peer_group,
    )
    for year in years:
        row = ComparisonRow(
            year=year,
            own=scaled(area.code, year),
            county=scaled(county.code, year) if county else None,
            country=scaled(country.code, year) if country else None,
        )
        peer_values = [v for v in (scaled(code, year) for code in members) if v is not None]
        if peer_values:
            row.peer_low, row.peer_median, row.peer_high = _quartiles(peer_values)
            row.peer_count = len(peer_values)
        result.rows.append(row)
    result.credits = _credits({row.source for row in rows.values()}, scale, term)
    return result


def _credits(sources: set[str], scale: str, term: str) -> list[str]:
    """Credit lines: raw Kolada values say "Källa: Kolada"; own calculations never do."""
    credits = []
    if scale != Scale.TOTAL:
        credits.append(
            _("Per-inhabitant figures are Verksam's own calculation from the published values.")
        )
    if ValueSource.KOLADA in sources and scale == Scale.TOTAL:
        credits.append("Källa: Kolada")
    if sources & {ValueSource.LIBRARY_STATISTICS, ValueSource.SURVEY_WORKBOOK}:
        credits.append(_("Source: Sweden's official library statistics, National Library (CC0)."))
    if ValueSource.KOLADA in sources and scale != Scale.TOTAL:
        credits.append(_("Population from Kolada."))
    if ValueSource.DEMO in sources:
        credits.append(_("Demo values: made up for trying Verksam, not published statistics."))
    return credits


def comparison_for_indicator(indicator, organisation: Organisation) -> Comparison | None:
    """The comparison of an indicator chosen from the catalogue; None for other indicators.

    A count (loans, visits) is compared per inhabitant even when the indicator
    follows the total: a municipality's total beside its county's says nothing.
    """
    link = IndicatorTerm.objects.filter(indicator=indicator).first()
    if link is None:
        return None
    return comparison_of_link(link, indicator, organisation)


def comparison_of_link(link: IndicatorTerm, indicator, organisation: Organisation):
    """The comparison of an indicator whose term link is already read."""
    scale, title, unit, decimals = link.scale, indicator.name, indicator.unit, indicator.decimals
    entry = find_entry(link.term)
    if scale == Scale.TOTAL and entry and entry.is_count and link.term not in POPULATION_TERMS:
        # Rare things (events, active borrowers) read better per 1,000 inhabitants.
        if entry.per_thousand_name and not entry.per_inhabitant_name:
            scale = Scale.PER_THOUSAND
            title = _("%(name)s per 1,000 inhabitants") % {"name": indicator.name}
            unit = f"{unit}/1000 inv" if unit else "per 1000 inv"
            decimals = max(decimals, 1)
        else:
            scale = Scale.PER_INHABITANT
            title = _("%(name)s per inhabitant") % {"name": indicator.name}
            unit = f"{unit}/inv" if unit else "per inv"
            decimals = max(decimals, 2)
    return comparison(
        term=link.term,
        scale=scale,
        organisation=organisation,
        title=title,
        unit=unit,
        decimals=decimals,
    )


def fetches_due(today: datetime.date | None = None) -> list[tuple[str, str, str, int, int]]:
    """(source, term, area, first year, last year) for every term followed in a plan.

    Per-inhabitant indicators bring the population term of their source along.
    Each area's county and the country come too, so the comparison has its lines.
    """
    today = today or datetime.date.today()
    last = today.year - 1
    first = last - YEARS_SHOWN + 1
    links = {
        link.indicator_id: link
        for link in IndicatorTerm.objects.filter(indicator__uses__isnull=False).distinct()
    }
    uses = ItemIndicator.objects.filter(indicator_id__in=links).select_related("organisation")
    wanted: set[tuple[str, str, str]] = set()
    for use in uses:
        link = links[use.indicator_id]
        area = area_for_organisation(use.organisation)
        if area is None:
            continue
        source = "kolada" if link.source == KOLADA else "kb"
        terms = [link.term]
        if link.scale != Scale.TOTAL:
            terms.append("N01951" if source == "kolada" else "Population01")
        for comparison_area in comparison_areas(area):
            for term in terms:
                wanted.add((source, term, comparison_area.code))
    return [(source, term, code, first, last) for source, term, code in sorted(wanted)]


def values_page(*, term: str = "", area_code: str = "", year: int | None = None):
    """Stored values for the API, filtered, in a stable order."""
    values = StatisticValue.objects.all()
    if term:
        values = values.filter(term=term)
    if area_code:
        values = values.filter(area_code=area_code)
    if year:
        values = values.filter(year=year)
    return values.order_by("term", "area_code", "year")
