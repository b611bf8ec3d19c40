"""Builders of the statistics tests: survey workbooks made in the test, and stored values."""

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from verksam.statistics.choices import ValueSource
from verksam.statistics.models import StatisticValue

KEYS = [
    "Kommunkod",
    "Kommun",
    "Bibliotek",
    "Utlan399",
    "Besok01",
    "Plan01",
    "Kommentar",
    "Population01",
]
LABELS = [
    "Kommunkod",
    "Kommun",
    "Bibliotek",
    "Totalt antal lån",
    "Fysiska besök",
    "Länk till biblioteksplanen",
    "Kommentar",
    "Antal invånare",
]


def survey_rows() -> list[list]:
    """A survey export with its traps: codes as numbers (0, 8, 880, 180, 380.0), a county
    written 0300, text columns, empty cells and markers, a number written with spaces."""
    return [
        KEYS,
        LABELS,
        [0, "Riket", "", 52000000, 58000000, "", "", 10551707],
        [8, "Kalmar län", "", 1900000, 2000000, "", "", 247000],
        ["0300", "Uppsala län", "", 2600000, 2900000, None, "prel.", 404000],
        [
            880,
            "Kalmar",
            "Kalmar stadsbibliotek",
            512345,
            610000,
            "https://example.org/biblioteksplan.pdf",
            "",
            71000,
        ],
        [180, "Stockholm", "Stockholms stadsbibliotek", "6 543 210", 7000000, "", "", 984748],
        [380.0, "Uppsala", "Uppsala stadsbibliotek", 1234567, None, "", "Besök saknas", 242000],
        ["1452", "Tranemo", "Tranemo bibliotek", "..", "-", "", "", 11900],
        [None, None, None, None, None, None, None, None],
    ]


def workbook_bytes(rows: list[list], title: str = "Värden") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_value(term: str, area_code: str, year: int, value, source=ValueSource.DEMO):
    return StatisticValue.objects.update_or_create(
        term=term,
        area_code=area_code,
        year=year,
        defaults={"value": Decimal(str(value)), "source": source, "retrieved_at": timezone.now()},
    )[0]
