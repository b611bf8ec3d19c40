"""The Word file before its content, for the Word renderer (``render_docx``).

The base document (python-docx's default template on A4, or an organisation's
reference file emptied of its text), the paragraph styles the renderer uses,
made where a reference file lacks them, the accent colour, the language of
every text, and the file's properties.
"""

from __future__ import annotations

import datetime
import io
import re

import docx
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from verksam.documents.content import DocumentContent, DocumentStyle
from verksam.documents.docx_xml import child_element, clean, insert_child

#: The language tag Word gets for each language of the content.
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
DEEPEST_HEADING = 3
#: A table-of-contents entry is indented this much per heading level below the first.
CONTENTS_INDENT = Cm(0.6)
#: Word's names of the styles of the table of contents' entries, level by level.
CONTENTS_STYLES = {level: f"toc {level}" for level in range(1, DEEPEST_HEADING + 1)}
#: The styles the accent colour is given to, when no reference file is used.
ACCENT_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
A4_WIDTH, A4_HEIGHT = Cm(21), Cm(29.7)
MARGIN = Cm(2.5)
RUNNING_FONT_SIZE = Pt(9)
#: The body text's colour and a grey for less important text; both read well on white.
INK = RGBColor(0x1B, 0x1F, 0x24)
MUTED = RGBColor(0x4F, 0x58, 0x63)
_HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")
#: A property of the file (title, author …) may be at most this long.
PROPERTY_LENGTH = 255

# Word requires the children of these elements in a fixed order: the elements that
# may follow the one inserted.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def base_document(reference: bytes | memoryview | None) -> WordDocument:
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


def style_default_template(document: WordDocument, accent_colour: str) -> None:
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


def ensure_styles(document: WordDocument) -> None:
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
            _add_missing_style(document, name, _contents_entry_style(level, text_width(document)))
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
    insert_child(paragraph_properties, outline, _AFTER_OUTLINE_LEVEL)


def language_tag(language: str) -> str:
    code = (language or "sv").split("-")[0].lower()
    return LANGUAGE_TAGS.get(code, code)


def set_language(document: WordDocument, tag: str) -> None:
    """The language of every text, for spelling, hyphenation and screen readers."""
    styles = document.styles.element
    defaults = child_element(styles, "w:docDefaults", index=0)
    run_defaults = child_element(defaults, "w:rPrDefault", index=0)
    run_properties = child_element(run_defaults, "w:rPr", index=0)
    if run_properties.find(qn("w:lang")) is None:
        insert_child(run_properties, OxmlElement("w:lang"), _AFTER_LANG)
    # Styles of a reference file may name a language of their own.
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), tag)


def set_properties(document: WordDocument, content: DocumentContent) -> None:
    """The file's title, author, subject, language and date, as Word's file properties."""
    properties = document.core_properties
    organisation = property_text(content.front_page.organisation)
    properties.title = property_text(content.title)
    properties.subject = property_text(content.front_page.kind_label)
    properties.author = organisation
    properties.last_modified_by = organisation
    properties.language = language_tag(content.language)
    # Nothing of the template's or the reference file's own description is kept.
    properties.comments = properties.keywords = properties.category = ""
    made_at = content.made_at or timezone.now()
    if timezone.is_aware(made_at):
        made_at = made_at.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = properties.modified = made_at
    properties.revision = 1


def property_text(text: str) -> str:
    return clean(text)[:PROPERTY_LENGTH]


def text_width(document: WordDocument) -> int:
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return A4_WIDTH - 2 * MARGIN
    return section.page_width - section.left_margin - section.right_margin


def text_height(document: WordDocument) -> int:
    section = document.sections[-1]
    if None in (section.page_height, section.top_margin, section.bottom_margin):
        return A4_HEIGHT - 2 * MARGIN
    return section.page_height - section.top_margin - section.bottom_margin
