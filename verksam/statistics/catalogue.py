"""The catalogue of library indicators: KB's statistics terms and Kolada's library KPIs.

Read from the data files shipped beside this module, once per process: KB's
numeric terms with their Swedish definitions (``kb-terms.json``, CC0, from
bibstat's /def/terms) and the short names, units and Kolada KPIs of
``catalogue.json``. Nothing here touches the database; choosing an entry for an
item is `verksam.statistics.services.term_choose_for_item`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from verksam.indicators.choices import Direction, IndicatorSource
from verksam.statistics.choices import Scale

DATA_DIR = Path(__file__).resolve().parent / "data"
#: KB's own inhabitant figure, and Kolada's, in the order they are used for per-inhabitant values.
POPULATION_TERMS = ("Population01", "N01951")
KB = IndicatorSource.LIBRARY_STATISTICS.value
KOLADA = IndicatorSource.KOLADA.value
SCALE_FACTORS = {Scale.TOTAL: 1, Scale.PER_INHABITANT: 1, Scale.PER_THOUSAND: 1000}
#: Suffixes of the indicator keys of per-inhabitant figures: Utlan399.inv, Aktiv99.tinv.
SCALE_SUFFIXES = {Scale.TOTAL: "", Scale.PER_INHABITANT: ".inv", Scale.PER_THOUSAND: ".tinv"}


@dataclass(frozen=True)
class Entry:
    """One term of the catalogue."""

    source: str
    key: str
    name: str
    description: str
    unit: str
    kind: str  # "count" or "ratio"
    direction: str = Direction.HIGHER_IS_BETTER
    decimals: int = 0
    retired: bool = False
    featured: bool = False
    per_inhabitant_name: str = ""
    per_thousand_name: str = ""

    @property
    def is_count(self) -> bool:
        return self.kind == "count"

    @property
    def source_label(self) -> str:
        return "Kolada" if self.source == KOLADA else "KB"

    def scales(self) -> list[str]:
        """The ways the term can be shown: counts also per inhabitant and per 1,000."""
        if not self.is_count or self.key in POPULATION_TERMS:
            return [Scale.TOTAL]
        return [Scale.TOTAL, Scale.PER_INHABITANT, Scale.PER_THOUSAND]

    def indicator_key(self, scale: str) -> str:
        return self.key + SCALE_SUFFIXES[Scale(scale)]

    def indicator_name(self, scale: str) -> str:
        if scale == Scale.PER_INHABITANT:
            return self.per_inhabitant_name or f"{self.name} per invånare"
        if scale == Scale.PER_THOUSAND:
            return self.per_thousand_name or f"{self.name} per 1 000 invånare"
        return self.name

    def indicator_unit(self, scale: str) -> str:
        if scale == Scale.PER_INHABITANT:
            return f"{self.unit}/inv" if self.unit else "per inv"
        if scale == Scale.PER_THOUSAND:
            return f"{self.unit}/1000 inv" if self.unit else "per 1000 inv"
        return self.unit

    def indicator_decimals(self, scale: str) -> int:
        return (
            max(self.decimals, 2)
            if scale == Scale.PER_INHABITANT
            else (max(self.decimals, 1) if scale == Scale.PER_THOUSAND else self.decimals)
        )


def _fold(text: str) -> str:
    """Case-folded text for search, keeping å, ä and ö (they are letters of their own)."""
    return unicodedata.normalize("NFC", text).casefold()


@cache
def entries() -> dict[tuple[str, str], Entry]:
    """Every entry, keyed by (source, key); featured ones first."""
    curated = json.loads((DATA_DIR / "catalogue.json").read_text(encoding="utf-8"))
    kb_terms = json.loads((DATA_DIR / "kb-terms.json").read_text(encoding="utf-8"))["terms"]
    names = {entry["key"]: entry for entry in curated["kb"]}
    result: dict[tuple[str, str], Entry] = {}
    for entry in curated["kolada"]:
        result[(KOLADA, entry["key"])] = Entry(
            source=KOLADA,
            key=entry["key"],
            name=entry["name"],
            description=entry.get("description", ""),
            unit=entry.get("unit", ""),
            kind=entry.get("kind", "ratio"),
            direction=entry.get("direction", Direction.HIGHER_IS_BETTER),
            decimals=entry.get("decimals", 0),
            featured=True,
        )
    ordered = sorted(kb_terms, key=lambda term: (term["key"] not in names, term["retired"]))
    for term in ordered:
        extra = names.get(term["key"], {})
        result[(KB, term["key"])] = Entry(
            source=KB,
            key=term["key"],
            name=extra.get("name", term["label"]),
            description=term["description"],
            unit=extra.get("unit", ""),
            kind="count" if term["range"] in ("integer", "long") else "ratio",
            direction=extra.get("direction", Direction.HIGHER_IS_BETTER),
            decimals=extra.get("decimals", 0 if term["range"] != "decimal" else 1),
            retired=term["retired"],
            featured=bool(extra),
            per_inhabitant_name=extra.get("per_inhabitant", ""),
            per_thousand_name=extra.get("per_thousand", ""),
        )
    return result


def get_entry(source: str, key: str) -> Entry | None:
    return entries().get((source, key))


def find_entry(key: str) -> Entry | None:
    """The entry of a term key from either source (KB's and Kolada's keys never collide)."""
    return get_entry(KB, key) or get_entry(KOLADA, key)


def _rank(query: str, words: list[str], entry: Entry) -> int:
    """Lower is better: the name itself, a name starting with the phrase, the phrase in a
    name, every word whole in a name, parts of words in a name, the definition only."""
    if not words:
        return 0
    phrase = " ".join(words)
    names = [
        _fold(name)
        for name in (entry.key, entry.name, entry.per_inhabitant_name, entry.per_thousand_name)
        if name
    ]
    if phrase in names:
        return 0
    if any(name.startswith(phrase) for name in names):
        return 1
    if any(phrase in name for name in names):
        return 2
    joined = " ".join(names)
    if all(word in set(re.findall(r"\w+", joined)) for word in words):
        return 3
    return 4 if all(word in joined for word in words) else 5


def search(query: str = "", *, source: str = "", include_retired: bool = False) -> list[Entry]:
    """Entries whose key, name or definition hold every word of the query, best first.

    Searching is in Swedish: "lån invånare" finds "Lån per invånare". Terms no
    longer asked in the survey are left out unless asked for.
    """
    words = [_fold(word) for word in query.split()]
    found: list[tuple[int, int, Entry]] = []
    for position, entry in enumerate(entries().values()):
        if source and entry.source != source:
            continue
        if entry.retired and not include_retired:
            continue
        names = _fold(
            " ".join((entry.key, entry.name, entry.per_inhabitant_name, entry.per_thousand_name))
        )
        haystack = names + " " + _fold(entry.description)
        if not all(word in haystack for word in words):
            continue
        rank = _rank(query, words, entry)
        found.append((rank, position, entry))
    found.sort(key=lambda row: (row[0], row[1]))
    return [entry for _rank, _position, entry in found]
