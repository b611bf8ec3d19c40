"""Hand-built document content for the tests of the Word renderer: every block type, in Swedish.

Built without the database, so the renderer's tests do not depend on how the
builders read a plan. Numbers and charts are made by Verksam's own formatting
and chart code, in Swedish, as the builders make them.
"""

import datetime
import io
from decimal import Decimal

from django.utils import translation

from verksam.documents import formatting
from verksam.documents.content import (
    DocumentContent,
    DocumentKind,
    DocumentStyle,
    Fact,
    FactList,
    Figure,
    FrontPage,
    Heading,
    PageBreak,
    Paragraph,
    StatusLine,
    Table,
)
from verksam.followup import charts

ORGANISATION = "Stadsbiblioteket i Ekby"
TITLE = "Tertialrapport T1 2025"
KIND_LABEL = "Tertialrapport"
SUBTITLE = "Verksamhetsplan 2025"
HEADER_TEXT = f"{ORGANISATION} – {TITLE}"
MADE_AT = datetime.datetime(2026, 11, 22, 9, 30, tzinfo=datetime.UTC)
#: The headings of `swedish_content` in order, with the Word style each should get.
HEADINGS = [
    ("Sammanfattning", "Heading 1"),
    ("Fokusområden", "Heading 1"),
    ("Läsfrämjande", "Heading 2"),
    ("Fler barn läser varje dag", "Heading 3"),
    ("Indikatorer", "Heading 1"),
    ("Förslag till beslut", "Heading 1"),
]
#: Headings that begin a new page because of a PageBreak block before them.
NEW_PAGE_HEADINGS = ["Sammanfattning", "Fokusområden", "Indikatorer"]
STATUS_TEXTS = ["✓ uppfyllt", "◐ delvis uppfyllt", "✗ ej uppfyllt", "– ej bedömt"]
TABLE_CAPTION = "Indikatorer för läsfrämjande"
LEAD = "Året har börjat bra.\nUtlåningen ökar."
MUTED = "Uppgifterna är preliminära."
DECISION = ["Nämnden föreslås besluta", "att godkänna tertialrapporten."]


def swedish_number(value: str) -> str:
    """A number as a Swedish document writes it, e.g. "1 234,5" with a non-breaking space."""
    with translation.override("sv"):
        return formatting.format_number(Decimal(value), decimals=1)


def summary_chart() -> charts.Chart:
    with translation.override("sv"):
        return charts.status_summary_chart(
            {"met": 3, "partly_met": 1, "not_met": 1, "not_assessed": 1},
            title="Fokusområden i T1 2025",
        )


def _figure() -> Figure:
    chart = summary_chart()
    with translation.override("sv"):
        png, svg = chart.png(dpi=60), chart.svg()
    table = Table(
        caption="Antal fokusområden per status",
        header=chart.table.headers,
        rows=chart.table.rows,
        numeric=[1],
    )
    return Figure(caption=chart.description, png=png, svg=svg, table=table)


def swedish_content() -> DocumentContent:
    """A tertial report in Swedish with every kind of block, and page breaks to collapse."""
    front = FrontPage(
        organisation=ORGANISATION,
        title=TITLE,
        kind_label=KIND_LABEL,
        subtitle=SUBTITLE,
        facts=[Fact("Period", "2025"), Fact("Uppföljningstillfälle", "T1 2025")],
        generated_on="22 november 2026",
    )
    borrowed = swedish_number("1234.5")  # "1 234,5", as Verksam's own formatting writes it
    blocks = [
        PageBreak(),  # the contents already end their page
        Heading("Sammanfattning", 1),
        Paragraph(LEAD, style="lead"),
        Paragraph("Första stycket.\n\nAndra stycket.\n  \nTredje stycket."),
        FactList([Fact("Ansvarig", "Bibliotekschefen"), Fact("Antagen", "12 december 2024")]),
        PageBreak(),
        PageBreak(),  # two breaks in a row make one
        Heading("Fokusområden", 1),
        Heading("Läsfrämjande", 2),
        StatusLine("Status i T1 2025", "met", STATUS_TEXTS[0], note="Härledd ur målen."),
        Heading("Fler barn läser varje dag", 5),  # deeper than Word's documents go
        StatusLine("Status i T1 2025", "partly_met", STATUS_TEXTS[1]),
        Table(
            caption=TABLE_CAPTION,
            header=["Indikator", "Utgångsvärde", "Målvärde", "Mätvärde", "Status"],
            rows=[
                ["Utlån till barn", "1 100,0", "1 300,0", borrowed, STATUS_TEXTS[1]],
                ["Bokprat i skolor", "40", "60", "62", STATUS_TEXTS[0]],
                ["Sommarboken", "300", "400", "210", STATUS_TEXTS[2]],
                ["Läsombud", "12", "15", "–", STATUS_TEXTS[3]],
            ],
            numeric=[1, 2, 3],
            status_columns=[4],
        ),
        PageBreak(),
        Heading("Indikatorer", 1),
        _figure(),
        Paragraph(MUTED, style="muted"),
        Heading("Förslag till beslut", 1),
        Paragraph("\n\n".join(DECISION)),
        PageBreak(),  # nothing follows: no empty last page
    ]
    return DocumentContent(
        kind=DocumentKind.INTERIM_REPORT,
        language="sv",
        front_page=front,
        blocks=blocks,
        header_text=HEADER_TEXT,
        made_at=MADE_AT,
    )


def logo_png() -> bytes:
    """A small real PNG image to stand for an organisation's logo."""
    from matplotlib.figure import Figure as PlotFigure

    figure = PlotFigure(figsize=(2, 0.6), facecolor="#00626a")
    figure.text(0.5, 0.5, "Ekby", color="white", ha="center", va="center", fontsize=20)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def sample_style(**changes) -> DocumentStyle:
    """An organisation's style: a teal accent colour and a logo."""
    values = {"accent_colour": "#00626a", "logo": logo_png(), "logo_name": "ekby.png"}
    return DocumentStyle(**(values | changes))
