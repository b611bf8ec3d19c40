"""The demo's library statistics: five years and more for Kalmar, Uppsala and Stockholm,
their counties, Sweden and the municipalities of their SKR groups.

The figures come from the snapshot ``data/statistics-snapshot.json``. They are demo
values, invented near the size of each area's real figures, and are stored as such
(source "demo value"), so every page, chart and document that shows them says so.
The demo's indicators of national library statistics (Besok01, Utlan399 …) are linked
to their terms, so their plans show the comparison with the county, Sweden and the
peer group. Loading again changes nothing.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from verksam.indicators.choices import IndicatorSource
from verksam.indicators.models import Indicator
from verksam.statistics.catalogue import find_entry
from verksam.statistics.choices import Scale, ValueSource
from verksam.statistics.models import IndicatorTerm
from verksam.statistics.services import NewValue, values_store

SNAPSHOT = Path(__file__).resolve().parent / "data" / "statistics-snapshot.json"
DEMO_LICENCE = "Demo values, not published statistics"


@transaction.atomic
def demo_statistics_load() -> str:
    """Store the snapshot's values and link the demo's statistics indicators; a summary line."""
    data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    values = [
        NewValue(term, code, year, Decimal(str(value)))
        for term, code, year, value in data["values"]
    ]
    stored = values_store(
        values=values, source=ValueSource.DEMO, origin=SNAPSHOT.name, licence=DEMO_LICENCE
    )
    linked = 0
    indicators = Indicator.objects.filter(
        source__in=[IndicatorSource.LIBRARY_STATISTICS, IndicatorSource.KOLADA]
    )
    for indicator in indicators:
        entry = find_entry(indicator.key)
        if entry is None:
            continue
        _link, created = IndicatorTerm.objects.get_or_create(
            indicator=indicator,
            defaults={"source": entry.source, "term": entry.key, "scale": Scale.TOTAL},
        )
        linked += created
    return _(
        "Statistics (demo values): %(created)d new, %(unchanged)d already there; "
        "%(linked)d indicators linked to their terms."
    ) % {"created": stored.created, "unchanged": stored.unchanged, "linked": linked}
