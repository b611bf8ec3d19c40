"""A document as an HTML page that reads well on screen and prints well, and as PDF from it.

``render_html`` turns a ``DocumentContent`` into one complete HTML5 page through
the template ``documents/document.html``; ``render_pdf`` lays the same page out
with WeasyPrint. The page carries no ``<style>`` element, no ``style``
attribute and no script, so it can be served under the strict Content Security
Policy of Verksam's pages: its look lives in ``verksam/document.css``, which the
page links to and which WeasyPrint reads straight from the static files.

Images are ``data:`` URIs (the policy allows those): charts as SVG, on screen
and in the PDF alike (WeasyPrint draws them as vectors, sharp at any zoom),
and the organisation's logo as it was uploaded. The PDF's charts have their text as
text rather than a path per glyph, which WeasyPrint draws several times quicker, and
are drawn while WeasyPrint lays out the pages (see verksam.documents.pdf_figures). A
chart's SVG is never put inline, since matplotlib writes a ``<style>`` element into it.
"""

from __future__ import annotations

import base64
import colorsys
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _

from verksam.core.memory import collection_paused
from verksam.documents.content import (
    Block,
    DocumentContent,
    DocumentStyle,
    FactList,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    StatusLine,
    Table,
)
from verksam.documents.pdf_figures import figure_images, figure_url, has_own_url
from verksam.followup.charts import draw_ahead, drawing_meanwhile
from verksam.followup.choices import STATUS_SYMBOLS

#: The stylesheet of documents, as a path among the static files.
STYLESHEET = "verksam/document.css"
TEMPLATE = "documents/document.html"

#: The accent colours document.css has a class for ("accent-<name>"); each is dark
#: enough for text on white at WCAG AA. An organisation's colour is shown as the nearest.
ACCENT_COLOURS = {
    "blue": "#1d4e89",
    "teal": "#00626a",
    "green": "#2c6b2f",
    "brown": "#7a4d00",
    "red": "#a4262c",
    "magenta": "#9c1f5e",
    "purple": "#5c2d91",
    "grey": "#4a5560",
}
DEFAULT_ACCENT = "blue"
#: Colours less saturated than this are shown in grey whatever their hue.
GREY_SATURATION = 0.15

#: A status class for each status symbol, for table cells that carry only the text.
SYMBOL_STATUSES = {
    "✓": "met",
    "◐": "partly_met",
    "✗": "not_met",
    "–": "not_assessed",
    "○": "not_started",
}

#: Where a heading's level starts: Heading level 1 is h2, under the title's h1.
HEADING_OFFSET = 1
DEEPEST_HEADING = 3  # h4
#: Headings of these levels are listed in the contents.
CONTENTS_LEVELS = (1, 2)
#: A document gets a list of contents from this many chapters (level-1 headings) up.
CONTENTS_MIN_CHAPTERS = 2

IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

_NUMBER_MARK = "\x00number\x00"
_TOTAL_MARK = "\x00total\x00"


@dataclass(frozen=True)
class Cell:
    """One table cell's text with its CSS class ("num", "status status--met" or none)."""

    text: str
    css_class: str = ""


@dataclass(frozen=True)
class TableView:
    """A table ready for the template: the first cell of each row is the row's header."""

    caption: str
    header: list[Cell]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Part:
    """One block as the template shows it, with what the template cannot work out itself."""

    template: str
    block: Block
    css_class: str = ""
    level: int = 0  # headings: the HTML heading level, 2 to 4
    anchor: str = ""  # headings: the id the contents link to
    table: TableView | None = None  # tables
    status: str = ""  # status lines: the status class, e.g. "met"
    image: str = ""  # figures: the chart as a data: URI
    data: Part | None = None  # figures: their data as a table part


def render_html(
    content: DocumentContent,
    style: DocumentStyle | None = None,
    *,
    stylesheet_url: str | None = None,
) -> str:
    """The document as one HTML5 page, in the content's language.

    The page links to `stylesheet_url`, or else to the static URL of
    document.css. It has no inline styles, because the Content Security
    Policy of Verksam's pages forbids them; for the same reason the
    organisation's accent colour cannot be written into the page and is
    instead shown as the nearest of the accent classes document.css has
    (see `accent_class`).
    """
    return _render_page(content, style, stylesheet_url=stylesheet_url or static(STYLESHEET))


def render_pdf(
    content: DocumentContent, style: DocumentStyle | None = None, *, pdf_variant: str | None = None
) -> bytes:
    """The document as a PDF laid out by WeasyPrint: A4, running header, "Sida X av Y".

    WeasyPrint reads document.css from the static files and is allowed to
    load nothing but the page's own data: images, never anything over the
    network. The PDF's title and language are those of the content.
    `pdf_variant` is one of WeasyPrint's, e.g. "pdf/a-2b" for an archive.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from verksam.documents import compression, contents_passes, leaders, page_references

    stylesheet = finders.find(STYLESHEET)
    if stylesheet is None:
        raise FileNotFoundError(f"The static file {STYLESHEET} is missing.")
    # Adjustments to WeasyPrint and pydyf, each explained in its module.
    leaders.install()
    page_references.install()
    contents_passes.install()
    compression.install()
    fetcher = pdf_url_fetcher()
    fonts = FontConfiguration()
    # Layout builds a large heap that lives until the file is written (see core.memory).
    # The charts, with their text as text (see Figure.print_svg_image), are drawn
    # meanwhile in other processes, in the content's language (see pdf_figures).
    with (
        translation.override(content.language),
        collection_paused(),
        drawing_meanwhile(content.charts(), "svg", text_as_paths=False),
    ):
        # No link: WeasyPrint gets the stylesheet itself, and the fetcher would refuse it.
        page = _render_page(content, style, stylesheet_url=None, for_print=True)
        document = weasyprint.HTML(
            string=page, base_url=str(Path(stylesheet).parent), url_fetcher=fetcher
        ).render(
            stylesheets=[
                weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher, font_config=fonts)
            ],
            font_config=fonts,
            cache=figure_images(content, fonts, fetcher),
        )
        document.metadata.title = content.title
        document.metadata.lang = content.language
        return document.write_pdf(pdf_variant=pdf_variant, pdf_tags=True)


def pdf_url_fetcher():
    """A WeasyPrint URL fetcher that loads data: URIs and refuses every other address."""
    import weasyprint

    return weasyprint.URLFetcher(allowed_protocols=("data",))


def accent_class(colour: str) -> str:
    """The CSS class of the accent colour nearest to `colour` ("#rrggbb"), by hue.

    Nearly grey colours give grey; a colour that cannot be read gives the default.
    """
    rgb = _parse_colour(colour)
    if rgb is None:
        return f"accent-{DEFAULT_ACCENT}"
    hue, _lightness, saturation = colorsys.rgb_to_hls(*rgb)
    if saturation < GREY_SATURATION:
        return "accent-grey"

    def hue_distance(name: str) -> float:
        other = colorsys.rgb_to_hls(*_parse_colour(ACCENT_COLOURS[name]))[0]
        difference = abs(hue - other)
        return min(difference, 1 - difference)

    return "accent-" + min((n for n in ACCENT_COLOURS if n != "grey"), key=hue_distance)


def _parse_colour(colour: str) -> tuple[float, float, float] | None:
    text = (colour or "").strip().lstrip("#")
    if len(text) != 6:
        return None
    try:
        return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None


def _render_page(
    content: DocumentContent,
    style: DocumentStyle | None,
    *,
    stylesheet_url: str | None,
    for_print: bool = False,
) -> str:
    style = style or DocumentStyle()
    with translation.override(content.language):
        if not for_print:  # the PDF's are drawn while it is laid out (see render_pdf)
            draw_ahead(content.charts(), "svg")
        parts = page_parts(content.blocks, for_print=for_print)
        context = {
            "content": content,
            "front": content.front_page,
            "parts": parts,
            "contents": [p for p in parts if p.anchor],
            "stylesheet_url": stylesheet_url,
            "accent_class": accent_class(style.accent_colour),
            "logo": _image_data_uri(style.logo),
            "header_text": content.header_text
            or f"{content.front_page.organisation} – {content.title}",
            "page_number": _page_number_words(),
        }
        return render_to_string(TEMPLATE, context)


def page_parts(blocks: list[Block], *, for_print: bool = False) -> list[Part]:
    """The blocks as the template shows them, in order.

    A PageBreak becomes a "new-page" class on the next block, so that
    several breaks in a row make one and a break at the end makes none.
    Headings get HTML levels that never skip one (h2 then h4 becomes h2
    then h3), and those of the contents get an anchor. Charts `for_print` (the
    PDF) are named by their address in the PDF (see pdf_figures.figure_url), or
    given as their SVG with text as text (see `Figure.print_svg_image`).
    """
    parts: list[Part] = []
    figures = 0
    new_page = False
    levels = iter(_heading_levels(blocks))
    chapters = sum(1 for b in blocks if isinstance(b, Heading) and b.level == 1)
    for block in blocks:
        if isinstance(block, PageBreak):
            new_page = bool(parts)  # the front page already ends its page
            continue
        classes = ["new-page"] if new_page else []
        new_page = False
        if isinstance(block, Heading):
            level = next(levels)
            listed = chapters >= CONTENTS_MIN_CHAPTERS and level in CONTENTS_LEVELS
            anchor = f"section-{len(parts) + 1}" if listed else ""
            parts.append(_part(block, classes, level=level + HEADING_OFFSET, anchor=anchor))
        elif isinstance(block, Paragraph):
            text_classes = ["text", f"text--{block.style}"] if block.style else ["text"]
            parts.append(_part(block, text_classes + classes))
        elif isinstance(block, StatusLine):
            status = status_class(block.status if block.status in STATUS_SYMBOLS else block.text)
            parts.append(_part(block, ["status-line", *classes], status=status))
        elif isinstance(block, FactList):
            parts.append(_part(block, ["facts", *classes]))
        elif isinstance(block, Table):
            parts.append(_part(block, ["data-table", *classes], table=table_view(block)))
        elif isinstance(block, Figure):
            parts.append(_figure_part(block, classes, index=figures, for_print=for_print))
            figures += 1
    return parts


def _part(block: Block, classes: list[str], **fields) -> Part:
    name = type(block).__name__.lower()
    return Part(f"documents/_block_{name}.html", block, css_class=" ".join(classes), **fields)


def _figure_part(figure: Figure, classes: list[str], *, index: int, for_print: bool) -> Part:
    caption = figure.table.caption or _("Data of the chart")
    table = _part(
        figure.table,
        ["data-table", "data-table--chart"],
        table=table_view(figure.table, caption=caption),
    )
    if for_print and has_own_url(figure):
        image = figure_url(index)
    else:
        svg = figure.print_svg_image() if for_print else figure.svg_image()
        image = _data_uri("image/svg+xml", svg.encode("utf-8"))
    return _part(figure, ["chart", *classes], image=image, data=table)


def _heading_levels(blocks: list[Block]) -> list[int]:
    """Each heading's level, from 1 to DEEPEST_HEADING, at most one deeper than the last."""
    levels: list[int] = []
    previous = 0
    for block in blocks:
        if isinstance(block, Heading):
            previous = max(1, min(block.level, previous + 1, DEEPEST_HEADING))
            levels.append(previous)
    return levels


def table_view(table: Table, *, caption: str | None = None) -> TableView:
    """A table's cells with their classes: numeric columns right-aligned, statuses coloured."""

    def cell(index: int, text: str, *, header: bool = False) -> Cell:
        if index in table.numeric:
            return Cell(text, "num")
        if index in table.status_columns and not header:
            return Cell(text, f"status status--{status_class(text)}")
        return Cell(text)

    return TableView(
        caption=table.caption if caption is None else caption,
        header=[cell(i, text, header=True) for i, text in enumerate(table.header)],
        rows=[[cell(i, text) for i, text in enumerate(row)] for row in table.rows],
    )


def status_class(status_or_text: str) -> str:
    """The status a code ("met") or a status text ("✓ uppfyllt") stands for, for its colour."""
    if status_or_text in STATUS_SYMBOLS:
        return status_or_text
    return SYMBOL_STATUSES.get(status_or_text.strip()[:1], "not_assessed")


def _page_number_words() -> dict[str, str]:
    """The words around the page number and the page count, from the translated "Page X of Y".

    The print stylesheet writes them with the page counters, so no language
    is fixed in the CSS. It puts the number before the count, as Swedish
    and English do; a translation in the other order gets "X / Y".
    """
    text = _("Page %(number)s of %(total)s") % {"number": _NUMBER_MARK, "total": _TOTAL_MARK}
    before, number_found, rest = text.partition(_NUMBER_MARK)
    between, total_found, after = rest.partition(_TOTAL_MARK)
    if not (number_found and total_found):
        return {"before": "", "between": " / ", "after": ""}
    return {"before": before, "between": between, "after": after}


def _image_data_uri(data: bytes | None) -> str:
    """A PNG or JPEG image as a data: URI; empty for no image or another format."""
    if not data:
        return ""
    for signature, mime in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return _data_uri(mime, data)
    return ""


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
