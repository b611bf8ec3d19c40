"""What a generated document says, apart from how it looks: the one structure every format renders.

``verksam.documents.builders`` reads a plan (and, for reports, a follow-up
round) and builds a ``DocumentContent``: a front page and a list of blocks
(headings, paragraphs, facts, tables, figures, status lines). The renderers turn
the same content into Word (``render_docx``), an HTML page (``render_html``) and
PDF (``render_pdf``), so the three formats never disagree on a figure.

All text in the content is already translated and formatted for the language
that was active when it was built: dates as "22 november 2026", numbers as
"1 234,5", statuses as words with their symbol. Renderers add no words of their
own beyond labels such as "Sida X av Y".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents Verksam generates."""

    OPERATIONAL_PLAN = "plan", _("operational plan")  # verksamhetsplan
    INTERIM_REPORT = "interim", _("tertial or interim report")  # tertial-/delårsrapport
    ANNUAL_REPORT = "annual", _("annual report")  # verksamhetsberättelse
    BOARD_REPORT = "board", _("report to the board")  # återrapportering till nämnd


#: Kinds that report on a follow-up round and cannot be made without one.
KINDS_WITH_ROUND = (
    DocumentKind.INTERIM_REPORT,
    DocumentKind.ANNUAL_REPORT,
    DocumentKind.BOARD_REPORT,
)


#: A round at least this many days long covers a whole year (a calendar year spans 364).
WHOLE_YEAR_DAYS = 364


def round_fits(kind: str, followup_round: Any) -> bool:
    """Whether a report of `kind` can be made on `followup_round`: the one rule for it.

    An interim (or tertial) report is a report during the year, with a forecast
    for the rest of it: it fits a round that is not the year-end round and is
    shorter than a year. The annual report sums up a year: it fits the
    year-end round, or a round whose period reaches 31 December. The report
    to the board fits any round. Kinds without a round fit none.
    """
    if kind not in KINDS_WITH_ROUND or followup_round is None:
        return False
    start, end = followup_round.period_start, followup_round.period_end
    if kind == DocumentKind.INTERIM_REPORT:
        whole_year = (end - start).days >= WHOLE_YEAR_DAYS
        return not followup_round.is_year_end and not whole_year
    if kind == DocumentKind.ANNUAL_REPORT:
        return followup_round.is_year_end or end >= datetime.date(start.year, 12, 31)
    return True


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    HTML = "html", _("Web page (HTML)")


@dataclass
class Fact:
    """A labelled value: "Period: 2025", "Diarienummer: KN 2024/0123"."""

    label: str
    value: str


@dataclass
class FrontPage:
    """The first page: who, what, when, and the decision behind an adopted plan."""

    organisation: str
    title: str  # the document's title, e.g. "Verksamhetsplan 2025" or "Tertialrapport T1 2025"
    kind_label: str  # e.g. "Verksamhetsplan", "Verksamhetsberättelse"
    subtitle: str = ""  # e.g. the plan's title when the document is a report on it
    facts: list[Fact] = field(default_factory=list)  # period, status, decision, case number …
    generated_on: str = ""  # formatted date the document was made
    case_number: str = ""  # diarienummer, also in `facts`; renderers may show it in the header


@dataclass
class Heading:
    """A heading; level 1 is a chapter (Word "Heading 1", HTML h2 under the title's h1)."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """Running text. Blank lines in `text` separate paragraphs; `style` "lead" or "muted"."""

    text: str
    style: str = ""


@dataclass
class FactList:
    """Labelled values shown as a definition list or a two-column table."""

    facts: list[Fact]


@dataclass
class StatusLine:
    """A status as a word with its symbol, never a colour alone: "✓ uppfyllt"."""

    label: str  # e.g. "Status i T1 2025"
    status: str  # the code, e.g. "met", "ongoing" (for styling only)
    text: str  # symbol and word, e.g. "✓ uppfyllt"
    note: str = ""  # e.g. how it was derived, "inlämnad för sent", a forecast


@dataclass
class Table:
    """A table of formatted strings; `numeric` marks the columns to right-align."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[int] = field(default_factory=list)  # column indexes
    #: Column indexes of cells that hold a status text (symbol and word).
    status_columns: list[int] = field(default_factory=list)


@dataclass
class Figure:
    """A chart: PNG for Word, SVG for HTML and PDF, with a caption and its data as a table.

    Builders give the `chart` (verksam.followup.charts.Chart); each image is drawn the
    first time a renderer asks for it, so a document draws only the format it needs.
    """

    caption: str  # also the image's alternative text
    table: Table
    png: bytes | None = None
    svg: str | None = None
    print_svg: str | None = None
    chart: Any = field(default=None, repr=False, compare=False)

    def png_image(self) -> bytes:
        if self.png is None:
            self.png = self.chart.png()
        return self.png

    def svg_image(self) -> str:
        if self.svg is None:
            self.svg = self.chart.svg()
        return self.svg

    def print_svg_image(self) -> str:
        """The SVG for a PDF: its text as text in the chart's font, not as drawn glyphs.

        Far quicker for WeasyPrint to draw than the page's SVG, and selectable in the PDF;
        a figure given only its SVG (no chart) has that one.
        """
        if self.print_svg is None:
            self.print_svg = (
                self.chart.svg(text_as_paths=False) if self.chart is not None else self.svg_image()
            )
        return self.print_svg


@dataclass
class PageBreak:
    """Start the next block on a new page (print formats only)."""


Block = Heading | Paragraph | FactList | StatusLine | Table | Figure | PageBreak


@dataclass
class DocumentContent:
    """A whole document: its front page and its blocks, in reading order."""

    kind: str  # a DocumentKind value
    language: str  # "sv" or "en": the language of every text in it
    front_page: FrontPage
    blocks: list[Block] = field(default_factory=list)
    #: Shown in the running header of print formats: organisation and document title.
    header_text: str = ""
    made_at: datetime.datetime | None = None

    @property
    def title(self) -> str:
        return self.front_page.title

    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]

    def figures(self) -> list[Figure]:
        """Its figures, in reading order."""
        return [block for block in self.blocks if isinstance(block, Figure)]

    def charts(self) -> list[Any]:
        """The charts of its figures, for drawing them all at once (followup.charts.draw_ahead)."""
        return [figure.chart for figure in self.figures() if figure.chart is not None]


@dataclass
class DocumentStyle:
    """How an organisation wants its documents to look (from its document settings)."""

    accent_colour: str = "#1d4e89"  # "#rrggbb"
    logo: bytes | None = None  # PNG or JPEG
    logo_name: str = ""
    reference_docx: bytes | None = None  # a Word file whose styles the DOCX uses
