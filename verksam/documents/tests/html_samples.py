"""Hand-built document content for the tests of the HTML and PDF renderers: every block type.

Built without the database, so a renderer's test does not depend on how the
builders read a plan. The charts are drawn for real, in the active language.
"""

from decimal import Decimal

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
from verksam.documents.tests.docx_samples import logo_png
from verksam.followup import charts

ORGANISATION = "Stadsbiblioteket i Ekby"
TITLE = "Återrapportering till nämnd T1 2025"
CASE_NUMBER = "KN 2024/0123"
HEADER_TEXT = f"{ORGANISATION} – {TITLE}"
#: The headings of `swedish_content`, in order, with their levels.
HEADINGS = [
    ("Inledning", 1),
    ("Fokusområden", 1),
    ("Läsfrämjande", 2),
    ("Fler barn läser varje dag", 3),
    ("Indikatorer", 1),
    ("Förslag till beslut", 1),
]
STATUS_TEXTS = ["✓ uppfyllt", "◐ delvis uppfyllt", "✗ ej uppfyllt", "– ej bedömt"]


def _figure(chart: charts.Chart, table_caption: str) -> Figure:
    table = Table(
        caption=table_caption,
        header=chart.table.headers,
        rows=chart.table.rows,
        numeric=list(range(1, len(chart.table.headers))),
    )
    return Figure(caption=chart.description, png=chart.png(dpi=100), svg=chart.svg(), table=table)


def _trend_figure() -> Figure:
    chart = charts.indicator_trend_chart(
        "Fysiska besök",
        "besök",
        [("2023", Decimal("120500")), ("2024", Decimal("131000")), ("2025", Decimal("128000"))],
        [("2025", 135000)],
    )
    return _figure(chart, "Fysiska besök per år")


def _status_figure() -> Figure:
    chart = charts.status_chart(
        "Status per fokusområde",
        [
            ("Läsfrämjande", {"T1 2025": "met"}),
            ("Digital delaktighet", {"T1 2025": "partly_met"}),
            ("Mötesplats", {"T1 2025": "not_met"}),
        ],
        ["T1 2025"],
    )
    figure = _figure(chart, "Status per fokusområde i T1 2025")
    figure.table.numeric = []
    figure.table.status_columns = [1]
    return figure


def _number(value: str) -> str:
    return charts.format_number(Decimal(value), decimals=1)


def _long_text() -> str:
    sentence = (
        "Biblioteket har under perioden arbetat med läsfrämjande insatser för barn och unga, "
        "i samarbete med förskolor och skolor i hela kommunen. "
    )
    return "\n\n".join(sentence * 4 for _paragraph in range(3))


def swedish_content() -> DocumentContent:
    """A report to the board in Swedish with every kind of block; call inside sv."""
    front = FrontPage(
        organisation=ORGANISATION,
        title=TITLE,
        kind_label="Återrapportering till nämnd",
        subtitle="Verksamhetsplan 2025",
        facts=[
            Fact("Period", "2025"),
            Fact("Uppföljningstillfälle", "T1 2025"),
            Fact("Diarienummer", CASE_NUMBER),
        ],
        generated_on="22 november 2026",
        case_number=CASE_NUMBER,
    )
    blocks = [
        Heading("Inledning", 1),
        Paragraph("Planen gäller hela 2025.\nDen följs upp tre gånger.", style="lead"),
        Paragraph(_long_text()),
        FactList([Fact("Ansvarig", "Bibliotekschefen"), Fact("Antagen", "12 december 2024")]),
        PageBreak(),
        Heading("Fokusområden", 1),
        Heading("Läsfrämjande", 2),
        StatusLine("Status i T1 2025", "met", "✓ uppfyllt", note="Härledd ur målen."),
        Heading("Fler barn läser varje dag", 3),
        Paragraph("Utlåningen till barn har ökat <mer än väntat> & stadigt."),
        StatusLine("Status i T1 2025", "partly_met", "◐ delvis uppfyllt"),
        Table(
            caption="Indikatorer för läsfrämjande",
            header=["Indikator", "Utgångsvärde", "Målvärde", "Mätvärde", "Status"],
            rows=[
                ["Utlån till barn", "1 100,0", "1 300,0", _number("1234.5"), STATUS_TEXTS[1]],
                ["Bokprat i skolor", "40", "60", "62", STATUS_TEXTS[0]],
                ["Sommarboken", "300", "400", "210", STATUS_TEXTS[2]],
                ["Läsombud", "12", "15", "–", STATUS_TEXTS[3]],
            ],
            numeric=[1, 2, 3],
            status_columns=[4],
        ),
        _trend_figure(),
        PageBreak(),
        PageBreak(),
        Heading("Indikatorer", 1),
        _status_figure(),
        Paragraph(_long_text(), style="muted"),
        Heading("Förslag till beslut", 1),
        Paragraph("Nämnden föreslås besluta\n\natt godkänna återrapporteringen."),
        PageBreak(),
    ]
    return DocumentContent(
        kind=DocumentKind.BOARD_REPORT,
        language="sv",
        front_page=front,
        blocks=blocks,
        header_text=HEADER_TEXT,
    )


def sample_style() -> DocumentStyle:
    """An organisation's style: a teal accent colour and a logo."""
    return DocumentStyle(accent_colour="#008080", logo=logo_png(), logo_name="ekby.png")
