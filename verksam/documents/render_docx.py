"""A document as a Word file (DOCX), made with python-docx.

``render_docx`` writes a ``DocumentContent`` into Word's own structures, so
the file behaves as one written in Word: headings in the styles "Heading 1"
to "Heading 3" (they build the navigation pane and the table of contents), a
real table-of-contents field that already lists the headings, captions in the
style "Caption", tables whose header row repeats on every page, charts with
their alternative text, and page numbers as fields that Word keeps up to date.

An organisation may give a reference file: the document is then built on
that file, so its styles (fonts, colours, spacing) and its page set-up win,
while its own text is left out. Without one, python-docx's default template
is used on A4 paper, with the organisation's accent colour on the title and
the headings.

Every word the renderer adds itself ("Innehåll", "Sida X av Y", "Figur 1")
is translated into the content's language, whatever language is active.

The file's set-up before the content (base document, styles, language,
properties) is in ``docx_setup``; Word's XML below python-docx in ``docx_xml``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from verksam.documents.content import (
    Block,
    DocumentContent,
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
from verksam.documents.docx_setup import (
    CONTENTS_STYLES,
    DEEPEST_HEADING,
    MUTED,
    RUNNING_FONT_SIZE,
    base_document,
    ensure_styles,
    language_tag,
    property_text,
    set_language,
    set_properties,
    style_default_template,
    text_height,
    text_width,
)
from verksam.documents.docx_xml import (
    add_bookmark,
    add_field,
    add_text,
    clean,
    field_character,
    field_code,
    fill,
    keep_row_together,
    mark_header_row,
    set_rules,
    set_table_caption,
    write_with_fields,
)
from verksam.followup.charts import draw_ahead

#: The table of contents: heading levels 1–3 and outline levels, as links, without
#: page numbers in web layout.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
#: Numbers the figures, so Word can also list them in a table of figures.
FIGURE_NUMBER_INSTRUCTION = "SEQ Figure \\* ARABIC"

LOGO_WIDTH = Cm(4)
FACT_LABEL_WIDTH = Cm(5)
FIGURE_WIDTH = Cm(15)
#: Room kept below a figure on its page for its caption.
CAPTION_ROOM = Cm(3)
DEFAULT_FONT_SIZE = Pt(11)
#: "lead" text is this much larger than the body text.
LEAD_SCALE = 1.2
#: The header row's fill, as Word writes colours.
HEADER_FILL = "E8EBEE"

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def render_docx(content: DocumentContent, style: DocumentStyle | None = None) -> bytes:
    """The content as a Word file (DOCX), in the content's language.

    Raises ValueError, with a message in that language, when `style` has a
    reference file that cannot be opened as a Word document.
    """
    style = style or DocumentStyle()
    with translation.override(content.language):
        document = base_document(style.reference_docx)
        if not style.reference_docx:
            style_default_template(document, style.accent_colour)
        ensure_styles(document)
        set_language(document, language_tag(content.language))
        set_properties(document, content)
        _write_running_header(document, content)
        _write_front_page(document, content.front_page, style.logo)
        draw_ahead(content.charts(), "png")
        contents = _write_contents(document)
        writer = _BlockWriter(document)
        writer.write_all(content.blocks)
        _fill_contents(contents, writer.headings)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


# Running header and footer ----------------------------------------------------------------


def _write_running_header(document: WordDocument, content: DocumentContent) -> None:
    """Organisation and title at the top of every page but the first; "Sida X av Y" below."""
    document.settings.odd_and_even_pages_header_footer = False
    header_text = content.header_text or f"{content.front_page.organisation} – {content.title}"
    for section in document.sections:
        section.different_first_page_header_footer = True
        _emptied(section.first_page_header).add_paragraph(style="Header")
        _emptied(section.first_page_footer).add_paragraph(style="Footer")
        header = _emptied(section.header).add_paragraph(style="Header")
        add_text(header, header_text, size=RUNNING_FONT_SIZE, colour=MUTED)
        footer = _emptied(section.footer).add_paragraph(style="Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        write_with_fields(
            footer,
            _("Page %(number)s of %(total)s"),
            {"number": ("PAGE", "1"), "total": ("NUMPAGES", "1")},
        )
        for run in footer.runs:
            run.font.size = RUNNING_FONT_SIZE


def _emptied(part: _Header | _Footer) -> _Header | _Footer:
    """A header or footer of its own, with whatever the reference file had in it removed."""
    part.is_linked_to_previous = False
    element = part._element
    for child in list(element):
        element.remove(child)
    return part


# Front page and contents ------------------------------------------------------------------


def _write_front_page(document: WordDocument, front: FrontPage, logo: bytes | None) -> None:
    """Logo, organisation, title, kind, subtitle, facts and the date the document was made."""
    if logo:
        paragraph = document.add_paragraph()
        picture = _add_picture(paragraph, bytes(logo), front.organisation, LOGO_WIDTH)
        if picture is None:
            _remove(paragraph)
    add_text(document.add_paragraph(), front.organisation, bold=True, size=Pt(14))
    title = document.add_paragraph(clean(front.title), style="Title")
    title.paragraph_format.space_before = Pt(72)
    for text in (front.kind_label, front.subtitle):
        if text:
            document.add_paragraph(clean(text), style="Subtitle")
    if front.facts:
        document.add_paragraph()
        _write_facts(document, front.facts)
    if front.generated_on:
        made = document.add_paragraph()
        made.paragraph_format.space_before = Pt(24)
        add_text(made, _("Made on %(date)s") % {"date": front.generated_on}, colour=MUTED)


def _write_contents(document: WordDocument) -> WordParagraph:
    """The heading of the contents on a page of its own, and the paragraph the contents fill.

    The entries can only be written once the headings are (``_fill_contents``).
    """
    heading = document.add_paragraph(_("Contents"), style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    return document.add_paragraph()


def _fill_contents(place: WordParagraph, headings: list[tuple[int, str, str]]) -> None:
    """A table-of-contents field whose result already lists the headings, as links.

    Word shows a field's last result until the field is updated, so the
    headings are there as soon as the file is opened, in Word, LibreOffice or
    a viewer that does not update fields. The page numbers are Word's to
    count: updating the field (F9) adds them and rewrites the entries the same
    way. `headings` are (level, text, bookmark name) in document order.
    """
    if not headings:
        add_field(
            place, TOC_INSTRUCTION, _("The table of contents is empty: there are no headings.")
        )
        return
    entries = []
    for level, text, bookmark in headings:
        entry = WordParagraph(OxmlElement("w:p"), place._parent)
        place._p.addprevious(entry._p)
        entry.style = CONTENTS_STYLES[level]
        link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        link.append(entry.add_run(clean(text))._r)
        entry._p.append(link)
        entries.append(entry)
    # One field over all the entries: it begins in the first and ends in the last.
    link = entries[0]._p.find(qn("w:hyperlink"))
    for run in (field_character("begin"), field_code(TOC_INSTRUCTION)):
        link.addprevious(run)
    link.addprevious(field_character("separate"))
    entries[-1]._p.append(field_character("end"))
    _remove(place)


def _write_facts(document: WordDocument, facts: Iterable[Fact]) -> WordTable:
    """Labelled values as a two-column table with light rules between the rows."""
    table = document.add_table(rows=0, cols=2)
    set_rules(table, outer=False)
    for fact in facts:
        label, value = table.add_row().cells
        _write_cell(label, fact.label, bold=True)
        _write_cell(value, fact.value)
    widths = (FACT_LABEL_WIDTH, Emu(text_width(document) - FACT_LABEL_WIDTH))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # for LibreOffice, which reads the grid
        for cell in column.cells:
            cell.width = width  # for Word, which reads the cells
    return table


# Blocks -----------------------------------------------------------------------------------


class _BlockWriter:
    """Writes the blocks in order, numbering figures and starting pages where asked.

    It keeps the headings it writes, with the bookmark each got, for the contents.
    """

    def __init__(self, document: WordDocument):
        self.document = document
        self.figures = 0
        self.heading_level = 0
        self.headings: list[tuple[int, str, str]] = []

    def write_all(self, blocks: Iterable[Block]) -> None:
        # The contents end their page; a break asked for where a page starts anyway,
        # or at the very end, would only make an empty page.
        new_page = True
        for block in blocks:
            if isinstance(block, PageBreak):
                new_page = True
                continue
            body = self.document.element.body
            first = len(body) - (1 if body.sectPr is not None else 0)
            self.write(block)
            if new_page and len(body) > first:
                _start_page_at(self.document, body[first])
                new_page = False

    def write(self, block: Block) -> None:
        writers = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            FactList: self.facts,
            StatusLine: self.status_line,
            Table: self.table,
            Figure: self.figure,
        }
        writers[type(block)](block)

    def heading(self, block: Heading) -> None:
        # At most one level deeper than the heading before, as Word's navigation expects.
        level = max(1, min(block.level, self.heading_level + 1, DEEPEST_HEADING))
        self.heading_level = level
        heading = self.document.add_heading(clean(block.text), level)
        # Word's own name for a heading's bookmark in a table of contents.
        number = len(self.headings) + 1
        bookmark = f"_Toc{number:08d}"
        add_bookmark(heading, bookmark, number)
        self.headings.append((level, heading.text, bookmark))

    def paragraph(self, block: Paragraph) -> None:
        for text in _paragraph_texts(block.text):
            paragraph = self.document.add_paragraph()
            if block.style == "lead":
                size = Pt(round(_body_font_size(self.document).pt * LEAD_SCALE))
                add_text(paragraph, text, size=size)
            elif block.style == "muted":
                add_text(paragraph, text, italic=True, colour=MUTED)
            else:
                add_text(paragraph, text)

    def facts(self, block: FactList) -> None:
        _write_facts(self.document, block.facts)
        self.document.add_paragraph()

    def status_line(self, block: StatusLine) -> None:
        paragraph = self.document.add_paragraph()
        if block.label:
            add_text(paragraph, f"{block.label}: ")
        add_text(paragraph, block.text, bold=True)
        if block.note:
            add_text(paragraph, f" {block.note}")

    def table(self, block: Table, caption: str | None = None) -> None:
        caption = block.caption if caption is None else caption
        if caption:
            paragraph = self.document.add_paragraph(clean(caption), style="Caption")
            paragraph.paragraph_format.keep_with_next = True
        _write_table(self.document, block, caption)
        self.document.add_paragraph()

    def figure(self, block: Figure) -> None:
        self.figures += 1
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        width = _figure_width(self.document)
        if _add_picture(paragraph, block.png_image(), block.caption, width) is None:
            _remove(paragraph)
        caption = self.document.add_paragraph(style="Caption")
        write_with_fields(
            caption,
            _("Figure %(number)s: %(caption)s"),
            {
                "number": (FIGURE_NUMBER_INSTRUCTION, str(self.figures)),
                "caption": block.caption,
            },
        )
        # The chart's data follows it, for readers who cannot see the picture.
        self.table(block.table, caption=block.table.caption or _("Data of the chart"))


def _paragraph_texts(text: str) -> list[str]:
    """The paragraphs of a text: blank lines part them, a single line break stays one."""
    parts = _BLANK_LINE.split(text.replace("\r\n", "\n").strip())
    return [part.strip() for part in parts if part.strip()]


def _body_font_size(document: WordDocument) -> Length:
    size = document.styles["Normal"].font.size
    if size is not None:
        return size
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        size_element = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
        if size_element is not None and size_element.get(qn("w:val"), "").isdigit():
            return Pt(int(size_element.get(qn("w:val"))) / 2)
    return DEFAULT_FONT_SIZE


def _start_page_at(document: WordDocument, element) -> None:
    """Make the block that begins with `element` start on a new page."""
    if element.tag == qn("w:p"):
        WordParagraph(element, document._body).paragraph_format.page_break_before = True
        return
    breaking = document.add_paragraph()
    breaking.add_run().add_break(WD_BREAK.PAGE)
    element.addprevious(breaking._p)


# Tables -----------------------------------------------------------------------------------


def _write_table(document: WordDocument, block: Table, caption: str) -> WordTable | None:
    """A data table: a bold header row repeated on every page, numbers right-aligned."""
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if not columns:
        return None
    table = document.add_table(rows=0, cols=columns)
    set_rules(table, outer=True)
    if caption:
        # The table's own alternative text, which screen readers announce.
        set_table_caption(table, property_text(caption))
    if block.header:
        row = table.add_row()
        mark_header_row(row._tr)
        for index, cell in enumerate(row.cells):
            _write_cell(cell, _cell_text(block.header, index), bold=True)
            fill(cell, HEADER_FILL)
            _align(cell, index, block.numeric)
    for values in block.rows:
        row = table.add_row()
        keep_row_together(row._tr)
        for index, cell in enumerate(row.cells):
            _write_cell(cell, _cell_text(values, index))
            _align(cell, index, block.numeric)
    return table


def _cell_text(values: list[str], index: int) -> str:
    return str(values[index]) if index < len(values) else ""


def _write_cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    add_text(paragraph, text, bold=bold)


def _align(cell, index: int, numeric: list[int]) -> None:
    if index in numeric:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


# Pictures ---------------------------------------------------------------------------------


def _figure_width(document: WordDocument) -> Length:
    return Emu(min(FIGURE_WIDTH, text_width(document)))


def _add_picture(paragraph: WordParagraph, image: bytes, description: str, width: Length):
    """The image in its own run, at most `width` wide and with `description` as its alt text.

    None, and no picture added, when the image is not one Word can show.
    """
    try:
        picture = paragraph.add_run().add_picture(io.BytesIO(image), width=width)
    except Exception:  # python-docx raises many kinds of errors on a damaged image
        return None
    tallest = text_height(paragraph.part.document) - CAPTION_ROOM
    if picture.height > tallest:
        picture.width = Emu(int(picture.width * tallest / picture.height))
        picture.height = Emu(tallest)
    picture._inline.docPr.set("descr", clean(description))
    return picture


def _remove(paragraph: WordParagraph) -> None:
    element = paragraph._p
    element.getparent().remove(element)
