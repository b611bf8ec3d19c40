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
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Mapping

import docx
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
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

#: The language tag Word gets for each language of the content.
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
#: The table of contents: heading levels 1–3 and outline levels, as links, without
#: page numbers in web layout.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
#: Numbers the figures, so Word can also list them in a table of figures.
FIGURE_NUMBER_INSTRUCTION = "SEQ Figure \\* ARABIC"
DEEPEST_HEADING = 3
#: A table-of-contents entry is indented this much per heading level below the first.
CONTENTS_INDENT = Cm(0.6)
#: Word's names of the styles of the table of contents' entries, level by level.
CONTENTS_STYLES = {level: f"toc {level}" for level in range(1, DEEPEST_HEADING + 1)}
#: The styles the accent colour is given to, when no reference file is used.
ACCENT_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")

LOGO_WIDTH = Cm(4)
FACT_LABEL_WIDTH = Cm(5)
FIGURE_WIDTH = Cm(15)
#: Room kept below a figure on its page for its caption.
CAPTION_ROOM = Cm(3)
A4_WIDTH, A4_HEIGHT = Cm(21), Cm(29.7)
MARGIN = Cm(2.5)
DEFAULT_FONT_SIZE = Pt(11)
RUNNING_FONT_SIZE = Pt(9)
#: "lead" text is this much larger than the body text.
LEAD_SCALE = 1.2
#: The body text's colour and a grey for less important text; both read well on white.
INK = RGBColor(0x1B, 0x1F, 0x24)
MUTED = RGBColor(0x4F, 0x58, 0x63)
#: Table rules and the header row's fill, as Word writes colours.
RULE_COLOUR = "8C959F"
HEADER_FILL = "E8EBEE"

#: Characters XML cannot hold; they are left out of every text written.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")
#: Marks a placeholder's place while a translated text is split around it.
_MARK = "\x00"
#: A property of the file (title, author …) may be at most this long.
PROPERTY_LENGTH = 255

# Word requires the children of these elements in a fixed order: the elements that
# may follow the one inserted.
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_TBL_CAPTION = ("w:tblDescription", "w:tblPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def render_docx(content: DocumentContent, style: DocumentStyle | None = None) -> bytes:
    """The content as a Word file (DOCX), in the content's language.

    Raises ValueError, with a message in that language, when `style` has a
    reference file that cannot be opened as a Word document.
    """
    style = style or DocumentStyle()
    with translation.override(content.language):
        document = _base_document(style.reference_docx)
        if not style.reference_docx:
            _style_default_template(document, style.accent_colour)
        _ensure_styles(document)
        _set_language(document, _language_tag(content.language))
        _set_properties(document, content)
        _write_running_header(document, content)
        _write_front_page(document, content.front_page, style.logo)
        contents = _write_contents(document)
        writer = _BlockWriter(document)
        writer.write_all(content.blocks)
        _fill_contents(contents, writer.headings)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


# The base document ------------------------------------------------------------------------


def _base_document(reference: bytes | memoryview | None) -> WordDocument:
    """python-docx's default template, or the reference file emptied of its text."""
    if not reference:
        document = docx.Document()
        _page_setup(document)
        return document
    try:
        document = docx.Document(io.BytesIO(bytes(reference)))
    except Exception as error:  # python-docx raises many kinds of errors on a damaged file
        raise ValueError(
            _(
                "The reference file could not be opened as a Word document (.docx). "
                "Save it from Word as “Word Document (.docx)” and upload it again."
            )
        ) from error
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section_properties = body.get_or_add_sectPr()
    # Only the last section is left; a file without page settings gets A4.
    if document.sections[0].page_width is None or section_properties.pgMar is None:
        _page_setup(document)
    return document


def _page_setup(document: WordDocument) -> None:
    """A4 portrait with even margins (python-docx's template is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN


def _style_default_template(document: WordDocument, accent_colour: str) -> None:
    """The organisation's accent colour on the title and headings; readable captions."""
    accent = _rgb(accent_colour) or _rgb(DocumentStyle.accent_colour)
    styles = document.styles
    for name in ACCENT_STYLES:
        if name in styles:
            styles[name].font.color.rgb = accent
    if "Title" in styles:
        for rule in styles["Title"].element.iter(qn("w:bottom")):
            rule.set(qn("w:color"), str(accent))
            rule.attrib.pop(qn("w:themeColor"), None)
    # The template's light blue captions and subtitles are too pale to read on white.
    if "Caption" in styles:
        styles["Caption"].font.color.rgb = INK
    if "Subtitle" in styles:
        styles["Subtitle"].font.color.rgb = MUTED


def _rgb(colour: str) -> RGBColor | None:
    match = _HEX_COLOUR.fullmatch((colour or "").strip())
    return RGBColor.from_string(match.group(1).upper()) if match else None


def _ensure_styles(document: WordDocument) -> None:
    """The paragraph styles the document uses, made when a reference file lacks them."""
    styles = document.styles
    if "Normal" not in styles:
        styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH)
    for level in range(1, DEEPEST_HEADING + 1):
        _add_missing_style(document, f"Heading {level}", _heading_style(level))
    _add_missing_style(document, "Title", _title_style)
    _add_missing_style(document, "Subtitle", _subtitle_style)
    _add_missing_style(document, "Caption", _caption_style)
    _add_missing_style(document, "TOC Heading", _contents_heading_style, base="Heading 1")
    for level, name in CONTENTS_STYLES.items():
        if name not in styles:
            _add_missing_style(document, name, _contents_entry_style(level, _text_width(document)))
            styles[name].style_id = f"TOC{level}"  # Word's id of its built-in style
    _add_missing_style(document, "Header", _running_style)
    _add_missing_style(document, "Footer", _running_style)


def _add_missing_style(document: WordDocument, name: str, shape, base: str = "Normal") -> None:
    styles = document.styles
    if name in styles:
        return
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.next_paragraph_style = styles["Normal"]
    style.quick_style = True
    shape(style)


def _heading_style(level: int):
    sizes = {1: Pt(16), 2: Pt(13), 3: Pt(12)}

    def shape(style: ParagraphStyle) -> None:
        style.font.bold = True
        style.font.size = sizes[level]
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        _set_outline_level(style, level - 1)

    return shape


def _title_style(style: ParagraphStyle) -> None:
    style.font.size = Pt(26)
    style.paragraph_format.space_after = Pt(12)


def _subtitle_style(style: ParagraphStyle) -> None:
    style.font.size = Pt(14)
    style.font.color.rgb = MUTED


def _caption_style(style: ParagraphStyle) -> None:
    style.font.size = Pt(9)
    style.font.bold = True


def _contents_heading_style(style: ParagraphStyle) -> None:
    # Word's own "TOC Heading" is a heading that is not listed in the contents.
    _set_outline_level(style, 9)


def _contents_entry_style(level: int, text_width: int):
    def shape(style: ParagraphStyle) -> None:
        style.paragraph_format.left_indent = CONTENTS_INDENT * (level - 1)
        style.paragraph_format.space_after = Pt(4 if level == 1 else 2)
        # Where Word puts the page numbers when it updates the table of contents.
        style.paragraph_format.tab_stops.add_tab_stop(
            Emu(text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )

    return shape


def _running_style(style: ParagraphStyle) -> None:
    style.font.size = RUNNING_FONT_SIZE


def _set_outline_level(style: ParagraphStyle, level: int) -> None:
    paragraph_properties = style.element.get_or_add_pPr()
    for old in paragraph_properties.findall(qn("w:outlineLvl")):
        paragraph_properties.remove(old)
    outline = OxmlElement("w:outlineLvl", {qn("w:val"): str(level)})
    _insert_child(paragraph_properties, outline, _AFTER_OUTLINE_LEVEL)


def _language_tag(language: str) -> str:
    code = (language or "sv").split("-")[0].lower()
    return LANGUAGE_TAGS.get(code, code)


def _set_language(document: WordDocument, tag: str) -> None:
    """The language of every text, for spelling, hyphenation and screen readers."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", index=0)
    run_defaults = _child(defaults, "w:rPrDefault", index=0)
    run_properties = _child(run_defaults, "w:rPr", index=0)
    if run_properties.find(qn("w:lang")) is None:
        _insert_child(run_properties, OxmlElement("w:lang"), _AFTER_LANG)
    # Styles of a reference file may name a language of their own.
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), tag)


def _set_properties(document: WordDocument, content: DocumentContent) -> None:
    """The file's title, author, subject, language and date, as Word's file properties."""
    properties = document.core_properties
    organisation = _property(content.front_page.organisation)
    properties.title = _property(content.title)
    properties.subject = _property(content.front_page.kind_label)
    properties.author = organisation
    properties.last_modified_by = organisation
    properties.language = _language_tag(content.language)
    # Nothing of the template's or the reference file's own description is kept.
    properties.comments = properties.keywords = properties.category = ""
    made_at = content.made_at or timezone.now()
    if timezone.is_aware(made_at):
        made_at = made_at.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = properties.modified = made_at
    properties.revision = 1


def _property(text: str) -> str:
    return _clean(text)[:PROPERTY_LENGTH]


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
        _add_text(header, header_text, size=RUNNING_FONT_SIZE, colour=MUTED)
        footer = _emptied(section.footer).add_paragraph(style="Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write_with_fields(
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
    _add_text(document.add_paragraph(), front.organisation, bold=True, size=Pt(14))
    title = document.add_paragraph(_clean(front.title), style="Title")
    title.paragraph_format.space_before = Pt(72)
    for text in (front.kind_label, front.subtitle):
        if text:
            document.add_paragraph(_clean(text), style="Subtitle")
    if front.facts:
        document.add_paragraph()
        _write_facts(document, front.facts)
    if front.generated_on:
        made = document.add_paragraph()
        made.paragraph_format.space_before = Pt(24)
        _add_text(made, _("Made on %(date)s") % {"date": front.generated_on}, colour=MUTED)


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
        _add_field(
            place, TOC_INSTRUCTION, _("The table of contents is empty: there are no headings.")
        )
        return
    entries = []
    for level, text, bookmark in headings:
        entry = WordParagraph(OxmlElement("w:p"), place._parent)
        place._p.addprevious(entry._p)
        entry.style = CONTENTS_STYLES[level]
        link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        link.append(entry.add_run(_clean(text))._r)
        entry._p.append(link)
        entries.append(entry)
    # One field over all the entries: it begins in the first and ends in the last.
    link = entries[0]._p.find(qn("w:hyperlink"))
    for run in (_field_character("begin"), _field_code(TOC_INSTRUCTION)):
        link.addprevious(run)
    link.addprevious(_field_character("separate"))
    entries[-1]._p.append(_field_character("end"))
    _remove(place)


def _write_facts(document: WordDocument, facts: Iterable[Fact]) -> WordTable:
    """Labelled values as a two-column table with light rules between the rows."""
    table = document.add_table(rows=0, cols=2)
    _set_rules(table, outer=False)
    for fact in facts:
        label, value = table.add_row().cells
        _write_cell(label, fact.label, bold=True)
        _write_cell(value, fact.value)
    widths = (FACT_LABEL_WIDTH, Emu(_text_width(document) - FACT_LABEL_WIDTH))
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
        heading = self.document.add_heading(_clean(block.text), level)
        # Word's own name for a heading's bookmark in a table of contents.
        number = len(self.headings) + 1
        bookmark = f"_Toc{number:08d}"
        _bookmark(heading, bookmark, number)
        self.headings.append((level, heading.text, bookmark))

    def paragraph(self, block: Paragraph) -> None:
        for text in _paragraph_texts(block.text):
            paragraph = self.document.add_paragraph()
            if block.style == "lead":
                size = Pt(round(_body_font_size(self.document).pt * LEAD_SCALE))
                _add_text(paragraph, text, size=size)
            elif block.style == "muted":
                _add_text(paragraph, text, italic=True, colour=MUTED)
            else:
                _add_text(paragraph, text)

    def facts(self, block: FactList) -> None:
        _write_facts(self.document, block.facts)
        self.document.add_paragraph()

    def status_line(self, block: StatusLine) -> None:
        paragraph = self.document.add_paragraph()
        if block.label:
            _add_text(paragraph, f"{block.label}: ")
        _add_text(paragraph, block.text, bold=True)
        if block.note:
            _add_text(paragraph, f" {block.note}")

    def table(self, block: Table, caption: str | None = None) -> None:
        caption = block.caption if caption is None else caption
        if caption:
            paragraph = self.document.add_paragraph(_clean(caption), style="Caption")
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
        _write_with_fields(
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
    _set_rules(table, outer=True)
    if caption:
        # The table's own alternative text, which screen readers announce.
        table_caption = OxmlElement("w:tblCaption", {qn("w:val"): _property(caption)})
        _insert_child(table._tbl.tblPr, table_caption, _AFTER_TBL_CAPTION)
    if block.header:
        row = table.add_row()
        _mark_header_row(row._tr)
        for index, cell in enumerate(row.cells):
            _write_cell(cell, _cell_text(block.header, index), bold=True)
            _fill(cell, HEADER_FILL)
            _align(cell, index, block.numeric)
    for values in block.rows:
        row = table.add_row()
        _keep_row_together(row._tr)
        for index, cell in enumerate(row.cells):
            _write_cell(cell, _cell_text(values, index))
            _align(cell, index, block.numeric)
    return table


def _cell_text(values: list[str], index: int) -> str:
    return str(values[index]) if index < len(values) else ""


def _write_cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    _add_text(paragraph, text, bold=bold)


def _align(cell, index: int, numeric: list[int]) -> None:
    if index in numeric:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _mark_header_row(row_element) -> None:
    """Word's "repeat as header row": the row heads the table on every page it spans."""
    _keep_row_together(row_element)
    properties = row_element.get_or_add_trPr()
    _insert_child(properties, OxmlElement("w:tblHeader"), _AFTER_TBL_HEADER)


def _keep_row_together(row_element) -> None:
    properties = row_element.get_or_add_trPr()
    _insert_child(properties, OxmlElement("w:cantSplit"), _AFTER_CANT_SPLIT)


def _set_rules(table: WordTable, *, outer: bool) -> None:
    """Thin grey rules: between the rows, and round the table and its columns if `outer`."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        drawn = outer or side == "insideH"
        attributes = {qn("w:val"): "single" if drawn else "nil"}
        if drawn:
            attributes.update({qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): RULE_COLOUR})
        borders.append(OxmlElement(f"w:{side}", attributes))
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    _insert_child(properties, borders, _AFTER_TBL_BORDERS)


def _fill(cell, colour: str) -> None:
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto"})
    shading.set(qn("w:fill"), colour)
    _insert_child(cell._tc.get_or_add_tcPr(), shading, _AFTER_SHD)


# Pictures ---------------------------------------------------------------------------------


def _figure_width(document: WordDocument) -> Length:
    return Emu(min(FIGURE_WIDTH, _text_width(document)))


def _text_width(document: WordDocument) -> int:
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return A4_WIDTH - 2 * MARGIN
    return section.page_width - section.left_margin - section.right_margin


def _text_height(document: WordDocument) -> int:
    section = document.sections[-1]
    if None in (section.page_height, section.top_margin, section.bottom_margin):
        return A4_HEIGHT - 2 * MARGIN
    return section.page_height - section.top_margin - section.bottom_margin


def _add_picture(paragraph: WordParagraph, image: bytes, description: str, width: Length):
    """The image in its own run, at most `width` wide and with `description` as its alt text.

    None, and no picture added, when the image is not one Word can show.
    """
    try:
        picture = paragraph.add_run().add_picture(io.BytesIO(image), width=width)
    except Exception:  # python-docx raises many kinds of errors on a damaged image
        return None
    tallest = _text_height(paragraph.part.document) - CAPTION_ROOM
    if picture.height > tallest:
        picture.width = Emu(int(picture.width * tallest / picture.height))
        picture.height = Emu(tallest)
    picture._inline.docPr.set("descr", _clean(description))
    return picture


def _remove(paragraph: WordParagraph) -> None:
    element = paragraph._p
    element.getparent().remove(element)


# Text and fields --------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _CONTROL_CHARACTERS.sub("", str(text))


def _add_text(
    paragraph: WordParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    colour: RGBColor | None = None,
):
    """A run of text; a single line break in `text` becomes a line break in Word."""
    run = paragraph.add_run(_clean(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = size
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _add_field(paragraph: WordParagraph, instruction: str, shown: str) -> None:
    """A Word field: `shown` is its text until Word updates it from `instruction`."""
    _add_field_character(paragraph, "begin")
    paragraph._p.append(_field_code(instruction))
    _add_field_character(paragraph, "separate")
    paragraph.add_run(_clean(shown))
    _add_field_character(paragraph, "end")


def _add_field_character(paragraph: WordParagraph, kind: str) -> None:
    paragraph._p.append(_field_character(kind))


def _field_character(kind: str):
    """A run marking where a field begins, where its result starts ("separate"), or ends."""
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return run


def _field_code(instruction: str):
    """A run holding a field's instruction, e.g. TOC_INSTRUCTION."""
    run = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run.append(code)
    return run


def _bookmark(paragraph: WordParagraph, name: str, number: int) -> None:
    """A bookmark called `name` around the paragraph's text, for links to it."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)})
    runs = paragraph._p.findall(qn("w:r"))
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        paragraph._p.append(start)
        paragraph._p.append(end)


def _write_with_fields(
    paragraph: WordParagraph, text: str, values: Mapping[str, str | tuple[str, str]]
) -> None:
    """A translated text with %(name)s placeholders, each filled with text or a field.

    A value that is a pair (instruction, text shown) becomes a field, so a
    translation may put the page number and the page count in any order.
    """
    marked = text % {name: f"{_MARK}{name}{_MARK}" for name in values}
    for index, piece in enumerate(marked.split(_MARK)):
        value = values[piece] if index % 2 else piece
        if isinstance(value, tuple):
            _add_field(paragraph, *value)
        elif value:
            _add_text(paragraph, value)


# XML helpers ------------------------------------------------------------------------------


def _insert_child(parent, child, successors: Iterable[str]):
    """Put `child` into `parent` before the first of `successors` present, or last."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return child
    parent.append(child)
    return child


def _child(parent, tag: str, *, index: int):
    """`parent`'s child `tag`, added at `index` when there is none."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(index, found)
    return found
