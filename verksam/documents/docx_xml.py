"""Word's XML below what python-docx offers, for the Word renderer (``render_docx``).

Runs of text without the control characters XML cannot hold, fields (page
numbers, figure numbers, the table of contents) and bookmarks, table rules,
shading and header rows, and children put where Word's schema wants them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

#: Characters XML cannot hold; they are left out of every text written.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Marks a placeholder's place while a translated text is split around it.
_MARK = "\x00"
#: The colour of table rules, as Word writes colours.
RULE_COLOUR = "8C959F"

# Word requires the children of these elements in a fixed order: the elements that
# may follow the one inserted.
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_TBL_CAPTION = ("w:tblDescription", "w:tblPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def clean(text: str) -> str:
    return _CONTROL_CHARACTERS.sub("", str(text))


def add_text(
    paragraph: WordParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    colour: RGBColor | None = None,
):
    """A run of text; a single line break in `text` becomes a line break in Word."""
    run = paragraph.add_run(clean(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = size
    if colour is not None:
        run.font.color.rgb = colour
    return run


def add_field(paragraph: WordParagraph, instruction: str, shown: str) -> None:
    """A Word field: `shown` is its text until Word updates it from `instruction`."""
    _add_field_character(paragraph, "begin")
    paragraph._p.append(field_code(instruction))
    _add_field_character(paragraph, "separate")
    paragraph.add_run(clean(shown))
    _add_field_character(paragraph, "end")


def _add_field_character(paragraph: WordParagraph, kind: str) -> None:
    paragraph._p.append(field_character(kind))


def field_character(kind: str):
    """A run marking where a field begins, where its result starts ("separate"), or ends."""
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return run


def field_code(instruction: str):
    """A run holding a field's instruction, e.g. TOC_INSTRUCTION."""
    run = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run.append(code)
    return run


def add_bookmark(paragraph: WordParagraph, name: str, number: int) -> None:
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


def write_with_fields(
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
            add_field(paragraph, *value)
        elif value:
            add_text(paragraph, value)


def set_table_caption(table: WordTable, text: str) -> None:
    """The table's own alternative text, which screen readers announce."""
    caption = OxmlElement("w:tblCaption", {qn("w:val"): text})
    insert_child(table._tbl.tblPr, caption, _AFTER_TBL_CAPTION)


def mark_header_row(row_element) -> None:
    """Word's "repeat as header row": the row heads the table on every page it spans."""
    keep_row_together(row_element)
    properties = row_element.get_or_add_trPr()
    insert_child(properties, OxmlElement("w:tblHeader"), _AFTER_TBL_HEADER)


def keep_row_together(row_element) -> None:
    properties = row_element.get_or_add_trPr()
    insert_child(properties, OxmlElement("w:cantSplit"), _AFTER_CANT_SPLIT)


def set_rules(table: WordTable, *, outer: bool) -> None:
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
    insert_child(properties, borders, _AFTER_TBL_BORDERS)


def fill(cell, colour: str) -> None:
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto"})
    shading.set(qn("w:fill"), colour)
    insert_child(cell._tc.get_or_add_tcPr(), shading, _AFTER_SHD)


def insert_child(parent, child, successors: Iterable[str]):
    """Put `child` into `parent` before the first of `successors` present, or last."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return child
    parent.append(child)
    return child


def child_element(parent, tag: str, *, index: int):
    """`parent`'s child `tag`, added at `index` when there is none."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(index, found)
    return found
