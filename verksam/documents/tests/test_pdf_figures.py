"""The PDF's charts, drawn while WeasyPrint lays out the pages: the same pages as before."""

import base64
import io
import threading
from decimal import Decimal

import pdfplumber
import pytest
import weasyprint
from django.contrib.staticfiles import finders
from django.utils import translation
from weasyprint.images import SVGImage

from verksam.documents import render_html as renderer
from verksam.documents.content import (
    DocumentContent,
    Figure,
    FrontPage,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from verksam.documents.pdf_figures import FigureImage, figure_url
from verksam.followup import charts
from verksam.testing import printed_by


def _charts() -> list[charts.Chart]:
    return [
        charts.indicator_trend_chart(
            "Fysiska besök",
            "besök",
            [("2023", Decimal("120500")), ("2024", Decimal("131000")), ("2025", 128000)],
            [("2025", 135000)],
        ),
        charts.status_chart(
            "Status per fokusområde",
            [("Läsfrämjande", {"T1": "met", "T2": "partly_met"}), ("Digital delaktighet", {})],
            ["T1", "T2"],
        ),
        charts.status_summary_chart({"met": 3, "not_met": 1}, title="Mål i T2"),
    ]


def _content() -> DocumentContent:
    blocks = []
    for number, chart in enumerate(_charts(), start=1):
        table = Table(caption=chart.title, header=chart.table.headers, rows=chart.table.rows)
        blocks += [
            PageBreak(),
            Heading(f"Kapitel {number}", 1),
            Paragraph("Text före diagrammet. " * 20),
            Figure(caption=chart.description, table=table, chart=chart),
        ]
    # A figure given only its SVG is shown as its data: URI, as before.
    svg_only = charts.status_summary_chart({"met": 1}, title="Mål i T1").svg(text_as_paths=False)
    blocks.append(
        Figure(caption="Bara SVG", table=Table(caption="", header=[], rows=[]), svg=svg_only)
    )
    front = FrontPage(organisation="Stadsbiblioteket", title="Rapport 2025", kind_label="Rapport")
    return DocumentContent(kind="annual", language="sv", front_page=front, blocks=blocks)


def _pixels(pdf: bytes) -> list[bytes]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.to_image(resolution=72).original.tobytes() for page in document.pages]


def _pdf_with_charts_as_data_uris(content: DocumentContent) -> bytes:
    """The PDF as WeasyPrint makes it of the page with every chart's SVG in its <img>."""
    with translation.override(content.language):
        page = renderer._render_page(content, None, stylesheet_url=None, for_print=True)
    for index, figure in enumerate(content.figures()):
        svg = base64.b64encode(figure.print_svg_image().encode()).decode()
        page = page.replace(f'"{figure_url(index)}"', f'"data:image/svg+xml;base64,{svg}"')
    assert "verksam-figure:" not in page
    stylesheet = finders.find(renderer.STYLESHEET)
    fetcher = renderer.pdf_url_fetcher()
    document = weasyprint.HTML(string=page, base_url=stylesheet, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher)]
    )
    return document.write_pdf(pdf_tags=True)


@pytest.fixture
def nothing_kept():
    charts.drawn_charts.clear()
    yield
    charts.drawn_charts.clear()


def test_its_pages_are_those_with_the_charts_in_the_page(nothing_kept):
    content = _content()
    with translation.override("sv"):
        page = renderer._render_page(content, None, stylesheet_url=None, for_print=True)
    assert [figure_url(n) in page for n in range(4)] == [True, True, True, False]
    made = renderer.render_pdf(content)
    before = _pdf_with_charts_as_data_uris(content)
    assert len(_pixels(made)) == 5
    assert _pixels(made) == _pixels(before)
    with pdfplumber.open(io.BytesIO(made)) as document:
        assert "Fysiska besök" in document.pages[1].extract_text()  # the chart's text as text


@pytest.mark.parametrize("make", range(3))
def test_an_image_has_the_size_of_its_chart(make, nothing_kept):
    chart = _charts()[make]
    figure = Figure(caption="", table=Table(caption="", header=[], rows=[]), chart=chart)
    image = FigureImage(figure, figure_url(0), None, renderer.pdf_url_fetcher())
    from xml.etree import ElementTree

    tree = ElementTree.fromstring(figure.print_svg_image().encode())  # noqa: S314 (our own)
    drawn = SVGImage(tree, "", None, None)
    assert image.get_intrinsic_size(1, 16) == drawn.get_intrinsic_size(1, 16)


FORKED_SCRIPT = """
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
django.setup()
from verksam.core import processes
from verksam.documents.render_html import render_pdf
from verksam.documents.tests.test_pdf_figures import _content
from verksam.followup import charts
processes.cores = lambda: 2
drawn_here = []
draw = charts.Chart._draw
def counted(chart, *arguments):
    drawn_here.append(os.getpid())
    return draw(chart, *arguments)
charts.Chart._draw = counted
content = _content()
drawn_here.clear()
pdf = render_pdf(content)
print(pdf[:5].decode(), len(drawn_here), len(charts.drawn_charts))
"""


def test_the_charts_are_drawn_in_another_process_meanwhile():
    # In a process of its own: a test session may have other threads (a live server).
    printed = printed_by(FORKED_SCRIPT, timeout=180, DEBUG="1").split()
    # None of the three charts drawn here, all three kept (with the one given as SVG).
    assert printed == ["%PDF-", "0", "4"]


def test_with_another_thread_running_the_charts_are_drawn_here(nothing_kept, monkeypatch):
    drawn = []
    draw = charts.Chart._draw
    monkeypatch.setattr(charts.Chart, "_draw", lambda chart, *a: drawn.append(1) or draw(chart, *a))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    content = _content()
    drawn.clear()
    try:
        pdf = renderer.render_pdf(content)
    finally:
        stop.set()
        other.join()
    assert pdf.startswith(b"%PDF-")
    assert len(drawn) == 3
