"""Write the XLSX files of this folder; run again after changing them (see README.md).

.venv/bin/python verksam/indicators/tests/import_files/make_xlsx_files.py
"""

import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADERS = ["Organisation", "Indikator", "Period", "Värde", "Kommentar"]


def _save(name: str, rows: list[list], headers: list | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mätvärden"
    sheet.append(HEADERS if headers is None else headers)
    for row in rows:
        sheet.append(row)
    # Text that starts with "=" stays text, as an export writes it.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    workbook.properties.creator = "Verksam tests"
    fixed = datetime.datetime(2025, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(HERE / name)


def main() -> None:
    _save(
        "valid.xlsx",
        [
            ["Kalmar stadsbibliotek", "Besok01", 2024, 123456, "Hela året"],
            ["Kalmar stadsbibliotek", "Besok01", "2025-T1", 40012.5, None],
            ["Barn och unga", "Utlan01", "2025-03", 1234.5, None],
            [21234, "Utlan01", "2024-H2", -12, "=inte en formel"],
            ["Lindsdals bibliotek", "Fysiska besök", "2024-Q4", "1 234,5", None],
            ["Kalmar stadsbibliotek", "Nojd01", "2024-01-01–2024-04-30", 87.5, "Enkät"],
        ],
    )
    _save(
        "text_in_numeric.xlsx",
        [
            ["Kalmar stadsbibliotek", "Besok01", 2024, 100, None],
            ["Kalmar stadsbibliotek", "Utlan01", 2024, "tolv", None],
        ],
    )
    _save(
        "missing_header.xlsx",
        [
            ["Kalmar stadsbibliotek", "Besok01", 2024, 100],
            ["Kalmar stadsbibliotek", "Utlan01", 2024, 200],
        ],
        headers=["Organisation", "Indikator", "Period", None],
    )
    _save(
        "date_cell_period.xlsx",
        [["Kalmar stadsbibliotek", "Besok01", datetime.date(2024, 1, 1), 100, None]],
    )
    # The start of a zip archive and nothing after: what a broken download leaves.
    (HERE / "not_a_workbook.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60 + b"broken")


if __name__ == "__main__":
    main()
