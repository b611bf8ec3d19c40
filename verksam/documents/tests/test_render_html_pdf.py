"""A document's HTML page and PDF: structure, accessibility, no inline styles, print."""

import base64
import dataclasses
import datetime
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from verksam.documents import render_html as renderer
from verksam.documents.content import Figure, Heading, PageBreak, Paragraph, Table
from verksam.documents.render_html import page_parts, render_html, render_pdf
from verksam.documents.tests import html_samples
from verksam.followup import charts


class PageOutline(HTMLParser):
    """What the tests look at in a page: headings, images, tables and their captions."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.images: list[dict[str, str]] = []
        self.tables = 0
        self.captions: list[str] = []
        self.elements: list[str] = []
        self.attributes: list[str] = []
        self.html_lang = ""
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append(tag)
        self.attributes.extend(attributes)
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "table":
            self.tables += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6", "caption"}:
            self._open.append(tag)
            self._text = []

    def handle_endtag(self, tag):
        if self._open and tag == self._open[-1]:
            self._open.pop()
            text = "".join(self._text).strip()
            if tag == "caption":
                self.captions.append(text)
            else:
                self.headings.append((tag, text))

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


def outline(page: str) -> PageOutline:
    parser = PageOutline()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def content():
    with translation.override("sv"):
        return html_samples.swedish_content()


@pytest.fixture(scope="module")
def page(content) -> str:
    return render_html(content, html_samples.sample_style())


@pytest.fixture(scope="module")
def pdf(content) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(content, html_samples.sample_style())))


def _swedish(msgid: str) -> str:
    with translation.override("sv"):
        return gettext(msgid)


# The HTML page ---------------------------------------------------------------------------


def test_it_writes_a_page_in_the_content_language_with_its_title(page):
    assert page.startswith("<!DOCTYPE html>")
    assert outline(page).html_lang == "sv"
    assert f"<title>{html_samples.TITLE} – {html_samples.ORGANISATION}</title>" in page
    assert "<main>" in page and "</main>" in page


def test_it_has_one_h1_and_the_headings_in_order_one_level_below(page):
    headings = outline(page).headings
    assert [tag for tag, _text in headings].count("h1") == 1
    assert headings[0] == ("h1", html_samples.TITLE)
    contents = ("h2", _swedish("Contents"))
    expected = [(f"h{level + 1}", text) for text, level in html_samples.HEADINGS]
    assert [h for h in headings[1:] if h != contents] == expected
    assert contents in headings


def test_it_never_skips_a_heading_level():
    parts = page_parts([Heading("Kapitel", 1), Heading("Djupt", 3), Heading("Ännu", 5)])
    assert [part.level for part in parts] == [2, 3, 4]
    parts = page_parts([Heading("Djupt först", 3), Heading("Kapitel", 1)])
    assert [part.level for part in parts] == [2, 2]


def test_it_has_no_inline_style_and_no_script(page):
    parsed = outline(page)
    assert "<style" not in page
    assert "style=" not in page
    assert "<script" not in page
    assert "style" not in parsed.elements and "script" not in parsed.elements
    assert "style" not in parsed.attributes
    assert not [name for name in parsed.attributes if name.startswith("on")]


def test_it_escapes_the_text_of_the_content(content):
    hostile = dataclasses.replace(
        content, blocks=[Paragraph('<script>alert("x")</script> <b style="color:red">')]
    )
    page = render_html(hostile)
    parsed = outline(page)
    assert "script" not in parsed.elements and "b" not in parsed.elements
    assert "style" not in parsed.attributes
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_it_gives_every_image_alt_text_and_every_table_a_caption(page):
    parsed = outline(page)
    assert len(parsed.images) == 3  # the logo and two charts
    assert all(image.get("alt", "").strip() for image in parsed.images)
    assert parsed.tables == 3
    assert len(parsed.captions) == parsed.tables
    assert all(parsed.captions)
    assert "Indikatorer för läsfrämjande" in parsed.captions
    assert "Fysiska besök per år" in parsed.captions


def test_it_shows_charts_as_svg_data_images_with_their_caption_and_data(page, content):
    images = outline(page).images
    figure = next(block for block in content.blocks if isinstance(block, Figure))
    chart = next(image for image in images if image["alt"] == figure.caption)
    prefix = "data:image/svg+xml;base64,"
    assert chart["src"].startswith(prefix)
    assert base64.b64decode(chart["src"][len(prefix) :]).decode("utf-8") == figure.svg
    assert f"<figcaption>{figure.caption}</figcaption>" in page
    assert "<svg" not in page  # never inline: matplotlib's SVG carries a <style> element
    assert '<td class="num">120\xa0500</td>' in page  # Swedish digit grouping


def test_it_draws_the_text_of_pdf_charts_as_text_and_of_page_charts_as_paths():
    chart = charts.status_summary_chart({"met": 2, "not_met": 1}, title="Mål i T2")
    table = Table(caption="", header=chart.table.headers, rows=chart.table.rows)

    def svg(part) -> str:
        return base64.b64decode(part.image.split(",", 1)[1]).decode("utf-8")

    figure = Figure(caption="", table=table, chart=chart)
    [for_print] = page_parts([figure], for_print=True)
    [on_screen] = page_parts([Figure(caption="", table=table, chart=chart)])
    # The PDF's page names the chart, drawn while the PDF is laid out (see pdf_figures).
    assert for_print.image == "verksam-figure:0"
    assert "<text" in figure.print_svg_image() and "Mål i T2" in figure.print_svg_image()
    assert "<text" not in svg(on_screen)
    # A figure without a chart is its print SVG.
    [only_svg] = page_parts(
        [Figure(caption="", table=table, svg=on_screen.block.svg_image())], for_print=True
    )
    assert svg(only_svg) == on_screen.block.svg_image()


def test_it_shows_the_logo_as_a_data_image_named_after_the_organisation(page):
    logo = outline(page).images[0]
    assert logo["alt"] == html_samples.ORGANISATION
    assert logo["src"].startswith("data:image/png;base64,")


def test_it_leaves_out_a_logo_it_cannot_show(content):
    style = html_samples.sample_style()
    style.logo = b"GIF89a not a png"
    images = outline(render_html(content, style)).images
    assert len(images) == 2
    assert all(image["alt"] != html_samples.ORGANISATION for image in images)


def test_it_writes_statuses_as_words_with_symbols_and_a_class(page):
    for text in html_samples.STATUS_TEXTS:
        assert text in page
    assert '<strong class="status status--met">✓ uppfyllt</strong>' in page
    assert '<td class="status status--partly_met">◐ delvis uppfyllt</td>' in page
    assert '<td class="status status--not_met">✗ ej uppfyllt</td>' in page
    assert '<td class="status status--not_assessed">– ej bedömt</td>' in page


def test_it_right_aligns_numbers_and_marks_headers_of_columns_and_rows(page):
    assert '<td class="num">1 234,5</td>' in page.replace("\xa0", " ")
    assert '<th scope="col" class="num">Mätvärde</th>' in page
    assert '<th scope="row">Utlån till barn</th>' in page


def test_it_splits_paragraphs_on_blank_lines_and_breaks_lines_on_single_newlines(page):
    assert "<p>Planen gäller hela 2025.<br>Den följs upp tre gånger.</p>" in page
    assert "<p>Nämnden föreslås besluta</p>" in page
    assert "<p>att godkänna återrapporteringen.</p>" in page


def test_it_links_the_static_stylesheet_or_the_one_it_is_given(content):
    assert '<link rel="stylesheet" href="/static/verksam/document.css">' in render_html(content)
    page = render_html(content, stylesheet_url="/media/dokument.css?v=2")
    assert '<link rel="stylesheet" href="/media/dokument.css?v=2">' in page


def test_it_turns_page_breaks_into_a_class_on_the_next_block_only():
    parts = page_parts(
        [
            PageBreak(),
            Heading("Ett", 1),
            PageBreak(),
            PageBreak(),
            Heading("Två", 1),
            Paragraph("Text"),
            PageBreak(),
        ]
    )
    assert [part.css_class for part in parts] == ["", "new-page", "text"]


def test_it_puts_the_words_of_header_and_page_numbers_in_the_page(page):
    assert f'data-running-header="{html_samples.HEADER_TEXT}"' in page
    assert html_samples.CASE_NUMBER in page.split("data-running-case=", 1)[1].split('"')[1]
    assert 'data-page-before="Sida " data-page-between=" av " data-page-after=""' in page


def test_it_names_the_organisation_and_the_time_it_was_made_for_the_pdf(content):
    made_at = datetime.datetime(2026, 11, 22, 9, 30, tzinfo=datetime.UTC)
    page = render_html(dataclasses.replace(content, made_at=made_at))
    assert f'<meta name="author" content="{html_samples.ORGANISATION}">' in page
    assert '<meta name="dcterms.created" content="2026-11-22T10:30:00+01:00">' in page


def test_it_writes_an_english_document_with_english_labels(content):
    english = dataclasses.replace(content, language="en")
    page = render_html(english)
    assert outline(page).html_lang == "en"
    assert 'data-page-before="Page " data-page-between=" of "' in page
    assert ("h2", "Contents") in outline(page).headings


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#1d4e89", "accent-blue"),
        ("#0000ff", "accent-blue"),
        ("#008080", "accent-teal"),
        ("#00aa00", "accent-green"),
        ("#ff8800", "accent-brown"),
        ("#e2001a", "accent-red"),
        ("#663399", "accent-purple"),
        ("#cc3399", "accent-magenta"),
        ("#777777", "accent-grey"),
        ("not a colour", "accent-blue"),
        ("", "accent-blue"),
    ],
)
def test_it_shows_the_accent_colour_as_the_nearest_accent_class(colour, expected):
    assert renderer.accent_class(colour) == expected


def test_it_uses_the_accent_class_of_the_organisation(page):
    assert '<body class="document document--board accent-teal"' in page


def test_the_stylesheet_has_every_accent_class_and_no_words_of_its_own():
    css = Path(finders.find(renderer.STYLESHEET)).read_text(encoding="utf-8")
    for name, colour in renderer.ACCENT_COLOURS.items():
        assert f".accent-{name} {{ --accent: {colour}; }}" in css
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert "Sida" not in rules and "Page" not in rules
    assert "counter(pages)" in css and "@page :first" in css


# The PDF --------------------------------------------------------------------------------


def test_it_makes_a_pdf_of_several_pages_with_title_and_language(pdf):
    assert len(pdf.pages) > 1
    assert pdf.metadata.title == html_samples.TITLE
    assert pdf.trailer["/Root"]["/Lang"] == "sv"


def test_it_writes_the_front_page_without_header_or_page_number(pdf):
    front = pdf.pages[0].extract_text()
    assert html_samples.TITLE in front
    assert html_samples.CASE_NUMBER in front  # among the facts
    assert "Sida" not in front
    assert html_samples.HEADER_TEXT not in front


def test_it_numbers_pages_and_repeats_the_header_after_the_front_page(pdf):
    count = len(pdf.pages)
    for number, pdf_page in enumerate(pdf.pages[1:], start=2):
        text = pdf_page.extract_text()
        assert f"Sida {number} av {count}" in text
        assert html_samples.HEADER_TEXT in text
        assert html_samples.CASE_NUMBER in text


def test_it_has_the_headings_statuses_and_numbers_in_the_pdf(pdf):
    text = "\n".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    for heading, _level in html_samples.HEADINGS:
        assert heading in text
    for status in html_samples.STATUS_TEXTS:
        assert status in text
    assert "1 234,5" in text.replace("\xa0", " ")


def test_it_starts_a_page_where_a_page_break_says_so(pdf):
    texts = [pdf_page.extract_text() for pdf_page in pdf.pages]
    starts = [i for i, text in enumerate(texts) if text.lstrip().startswith("Fokusområden")]
    assert starts and "Inledning" in texts[starts[0] - 1]


def test_it_makes_a_pdf_of_a_document_without_blocks_logo_or_rows(content):
    empty = dataclasses.replace(
        content,
        blocks=[Table(caption="Inga indikatorer", header=["Indikator", "Mätvärde"], rows=[])],
    )
    reader = PdfReader(io.BytesIO(render_pdf(empty)))
    assert len(reader.pages) == 2
    assert "Inga indikatorer" in reader.pages[1].extract_text()
    bare = dataclasses.replace(content, blocks=[], header_text="")
    assert len(PdfReader(io.BytesIO(render_pdf(bare))).pages) == 1


def test_it_fetches_nothing_but_data_uris():
    fetcher = renderer.pdf_url_fetcher()
    for address in ("https://example.org/logo.png", "file:///etc/hostname"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(address)
    assert fetcher.fetch("data:text/plain;base64,aGVq").read() == b"hej"
