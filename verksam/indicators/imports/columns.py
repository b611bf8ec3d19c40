"""Which column of a file holds which field of a measurement, guessed from the headers."""

import re
from typing import Any

from django.utils.translation import gettext_lazy

#: The fields of a measurement row, in the order of an exported file.
FIELDS = ("organisation", "indicator", "period", "value", "note")
REQUIRED_FIELDS = ("organisation", "indicator", "period", "value")
FIELD_LABELS = {
    "organisation": gettext_lazy("organisation"),
    "indicator": gettext_lazy("indicator"),
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value"),
    "note": gettext_lazy("note"),
}

#: Header texts recognised for each field, written as `_normalise_header` leaves them.
HEADER_NAMES = {
    "organisation": {
        "organisation",
        "organization",
        "org",
        "organisationsnamn",
        "bibliotek",
        "biblioteksnamn",
        "biblioteks-id",
        "biblioteksid",
        "bibliotekskod",
        "library",
        "library name",
        "library id",
        "library statistics id",
        "kommun",
        "kommunkod",
        "kommunnamn",
        "municipality",
        "municipality code",
        "enhet",
        "unit",
    },
    "indicator": {
        "indikator",
        "indicator",
        "indikatornyckel",
        "indicator key",
        "nyckel",
        "key",
        "nyckeltal",
        "mätetal",
        "mått",
        "variabel",
        "variable",
        "kpi",
    },
    "period": {"period", "år", "year", "tidsperiod", "tid", "time", "månad", "month"},
    "value": {
        "värde",
        "value",
        "mätvärde",
        "utfall",
        "antal",
        "resultat",
        "result",
        "amount",
        "count",
    },
    "note": {
        "kommentar",
        "kommentarer",
        "note",
        "notes",
        "anmärkning",
        "notering",
        "anteckning",
        "anteckningar",
        "comment",
        "comments",
        "fotnot",
    },
}


def _normalise_header(text: str) -> str:
    text = " ".join(str(text).split()).casefold().strip(" :*\"'")
    return text.replace("_", " ")


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Which column holds which field, from the headers; None where no header fits."""
    mapping: dict[str, int | None] = dict.fromkeys(FIELDS)
    for index, header in enumerate(headers):
        name = _normalise_header(header)
        candidates = [name, re.sub(r"\s*\(.*\)$", "", name)]
        for field_name, names in HEADER_NAMES.items():
            if mapping[field_name] is None and any(c in names for c in candidates):
                mapping[field_name] = index
                break
    return mapping


def clean_mapping(mapping: dict[str, Any] | None, width: int) -> dict[str, int | None]:
    """A stored or posted mapping as {field: column index or None}, ignoring bad entries."""
    cleaned: dict[str, int | None] = dict.fromkeys(FIELDS)
    for field_name, index in (mapping or {}).items():
        if field_name not in cleaned or index in (None, ""):
            continue
        try:
            index = int(index)
        except (TypeError, ValueError):
            continue
        if 0 <= index < width:
            cleaned[field_name] = index
    return cleaned
