"""The Word file of a document: Word's headings, contents field, tables, figures, page numbers."""

import dataclasses
import io

import docx
import pytest
from django.utils import translation
from django.utils.translation import gettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from verksam.documents.content import DocumentStyle, Figure, Paragraph
from verksam.documents.render_docx import TOC_INSTRUCTION, render_docx
from verksam.documents.tests import docx_samples

REFERENCE_FONT = "Verksam Provantikva"
REFERENCE_COLOUR = RGBColor(0x80, 0x00, 0x00)
CONTENTS_EMPTY = "The table of contents is empty: there are no headings."
FIGURE_CAPTION = "Figure %(number)s: %(caption)s"
REFERENCE_ERROR = (
    "The reference file could not be opened as a Word document (.docx). "
    "Save it from Word as “Word Document (.docx)” and upload it again."
)


@pytest.fixture(scope="module")
def content():
    return docx_samples.swedish_content()


@pytest.fixture(scope="module")
def document(content):
    return _open(render_docx(content, docx_samples.sample_style()))


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _swedish(msgid: str) -> str:
    with translation.override("sv"):
        return gettext(msgid)


def _body(document) -> list[WordParagraph | WordTable]:
    return list(document.iter_inner_content())


def _index(body: list, item) -> int:
    """Where `item` is in `body`: python-docx makes a new object at every look-up."""
    return [each._element for each in body].index(item._element)


def _paragraph(document, text: str) -> WordParagraph:
    return next(p for p in document.paragraphs if p.text == text)


def _heading(document, text: str) -> WordParagraph:
    """The heading `text`, not its entry in the table of contents."""
    return next(
        p for p in document.paragraphs if p.text == text and p.style.name.startswith("Heading")
    )


def _cell_texts(table: WordTable) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _field_instructions(element) -> list[str]:
    return [code.text.strip() for code in element.iter(qn("w:instrText"))]


def _reference_docx(*, missing_styles: tuple[str, ...] = ()) -> bytes:
    """A Word file with a distinctive Heading 1, its own text, header and margins."""
    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = REFERENCE_FONT
    heading.font.color.rgb = REFERENCE_COLOUR
    for name in missing_styles:
        reference.styles[name].delete()
    reference.add_paragraph("Mallens egen text")
    reference.add_table(rows=1, cols=1).cell(0, 0).text = "Mallens tabell"
    section = reference.sections[0]
    section.left_margin = Cm(4)
    section.header.paragraphs[0].text = "Mallens sidhuvud"
    buffer = io.BytesIO()
    reference.save(buffer)
    return buffer.getvalue()


# Front page and contents ------------------------------------------------------------------


def test_it_writes_the_front_page(document):
    body = _body(document)
    texts = [item.text for item in body[:8] if isinstance(item, WordParagraph)]
    assert docx_samples.ORGANISATION in texts
    title = _paragraph(document, docx_samples.TITLE)
    assert title.style.name == "Title"
    kinds = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
    assert kinds == [docx_samples.KIND_LABEL, docx_samples.SUBTITLE]
    assert _swedish("Made on %(date)s") % {"date": "22 november 2026"} in texts


def test_it_shows_the_front_page_facts_as_a_table_with_bold_labels(document):
    facts = document.tables[0]
    assert _cell_texts(facts) == [["Period", "2025"], ["Uppföljningstillfälle", "T1 2025"]]
    assert all(run.bold for row in facts.rows for run in row.cells[0].paragraphs[0].runs)
    assert not any(run.bold for row in facts.rows for run in row.cells[1].paragraphs[0].runs)
    borders = facts._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:left")).get(qn("w:val")) == "nil"


def test_it_puts_the_logo_on_the_front_page_with_the_organisation_as_alt_text(document):
    logo = document.inline_shapes[0]
    assert logo._inline.docPr.get("descr") == docx_samples.ORGANISATION
    assert abs(logo.width - Cm(4)) < Cm(0.01)


def test_it_leaves_out_a_logo_that_is_not_an_image(content):
    style = docx_samples.sample_style(logo=b"not an image")
    document = _open(render_docx(content, style))
    assert len(document.inline_shapes) == 1  # the chart only
    assert _paragraph(document, docx_samples.TITLE).style.name == "Title"


def test_it_keeps_the_caption_and_data_of_a_chart_whose_picture_is_damaged(content):
    figure = next(block for block in content.blocks if isinstance(block, Figure))
    damaged = dataclasses.replace(figure, png=figure.png[:100])
    document = _open(render_docx(dataclasses.replace(content, blocks=[damaged])))
    assert len(document.inline_shapes) == 0
    caption = _swedish(FIGURE_CAPTION) % {"number": 1, "caption": figure.caption}
    assert _paragraph(document, caption).style.name == "Caption"
    assert _cell_texts(document.tables[-1])[1:] == figure.table.rows


def _contents_entries(document) -> list[WordParagraph]:
    """The paragraphs between the contents' heading and the first heading of the text."""
    paragraphs = document.paragraphs
    start = _index(paragraphs, _paragraph(document, _swedish("Contents"))) + 1
    end = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading"))
    return paragraphs[start:end]


def _field_characters(paragraphs: list[WordParagraph]) -> list[str]:
    return [
        mark.get(qn("w:fldCharType"))
        for paragraph in paragraphs
        for mark in paragraph._p.iter(qn("w:fldChar"))
    ]


def test_it_adds_a_table_of_contents_field_on_a_page_of_its_own(document):
    heading = _paragraph(document, _swedish("Contents"))
    assert heading.style.name == "TOC Heading"
    assert heading.paragraph_format.page_break_before
    entries = _contents_entries(document)
    assert _field_instructions(entries[0]._p) == [TOC_INSTRUCTION]
    assert 'TOC \\o "1-3" \\h \\z \\u' in document.element.xml
    first_heading = _heading(document, docx_samples.HEADINGS[0][0])
    assert first_heading.paragraph_format.page_break_before


def test_it_lists_the_headings_in_the_contents_before_any_field_update(document):
    entries = _contents_entries(document)
    assert [entry.text for entry in entries] == [text for text, _style in docx_samples.HEADINGS]
    assert [entry.style.name for entry in entries] == [
        style.replace("Heading", "toc") for _text, style in docx_samples.HEADINGS
    ]
    # One field whose result is the entries: it begins before the first and ends after the last.
    assert _field_characters(entries) == ["begin", "separate", "end"]
    assert entries[0]._p[-1].tag == qn("w:hyperlink")
    assert entries[-1]._p[-1].find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end"


def test_it_links_each_contents_entry_to_its_heading(document):
    bookmarks = {
        mark.get(qn("w:name")): paragraph.text
        for paragraph in document.paragraphs
        for mark in paragraph._p.iter(qn("w:bookmarkStart"))
    }
    links = [entry._p.find(qn("w:hyperlink")) for entry in _contents_entries(document)]
    assert [bookmarks[link.get(qn("w:anchor"))] for link in links] == [
        text for text, _style in docx_samples.HEADINGS
    ]
    assert len(set(bookmarks)) == len(docx_samples.HEADINGS)
    ids = [mark.get(qn("w:id")) for mark in document.element.body.iter(qn("w:bookmarkStart"))]
    assert len(set(ids)) == len(ids)


def test_it_gives_the_contents_entries_word_s_own_styles(document):
    for level in (1, 2, 3):
        style = document.styles[f"toc {level}"]
        assert style.style_id == f"TOC{level}"
        assert abs(style.paragraph_format.left_indent - Cm(0.6) * (level - 1)) < Pt(1)
        [tab] = style.paragraph_format.tab_stops
        # At the right margin of A4 (Word keeps the position in twentieths of a point).
        assert abs(tab.position - (Cm(21) - 2 * Cm(2.5))) < Pt(1)


def test_it_says_so_when_there_is_no_heading_to_list(content):
    headless = dataclasses.replace(content, blocks=[Paragraph("Bara text.")])
    document = _open(render_docx(headless))
    heading = _paragraph(document, _swedish("Contents"))
    field = document.paragraphs[_index(document.paragraphs, heading) + 1]
    assert _field_instructions(field._p) == [TOC_INSTRUCTION]
    assert field.text == _swedish(CONTENTS_EMPTY)


# Blocks -----------------------------------------------------------------------------------


def test_it_writes_headings_in_words_heading_styles(document):
    headings = [
        (p.text, p.style.name) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == docx_samples.HEADINGS


def test_it_splits_paragraphs_on_blank_lines_and_keeps_single_line_breaks(document):
    texts = [p.text for p in document.paragraphs]
    first = texts.index("Första stycket.")
    assert texts[first : first + 3] == ["Första stycket.", "Andra stycket.", "Tredje stycket."]
    assert docx_samples.LEAD in texts
    assert docx_samples.DECISION[0] in texts and docx_samples.DECISION[1] in texts


def test_it_writes_lead_text_larger_and_muted_text_grey_and_italic(document):
    lead = _paragraph(document, docx_samples.LEAD).runs[0]
    assert lead.font.size > Pt(11)
    muted = _paragraph(document, docx_samples.MUTED).runs[0]
    assert muted.italic
    assert muted.font.color.rgb == RGBColor(0x4F, 0x58, 0x63)
    plain = _paragraph(document, "Första stycket.").runs[0]
    assert plain.font.size is None and not plain.italic


def test_it_writes_a_fact_list_as_a_table_with_bold_labels(document):
    facts = document.tables[1]
    assert _cell_texts(facts) == [["Ansvarig", "Bibliotekschefen"], ["Antagen", "12 december 2024"]]
    assert all(row.cells[0].paragraphs[0].runs[0].bold for row in facts.rows)


def test_it_writes_status_lines_with_their_symbol_in_bold(document):
    met = _paragraph(document, "Status i T1 2025: ✓ uppfyllt Härledd ur målen.")
    assert [(run.text, bool(run.bold)) for run in met.runs] == [
        ("Status i T1 2025: ", False),
        ("✓ uppfyllt", True),
        (" Härledd ur målen.", False),
    ]
    assert _paragraph(document, "Status i T1 2025: ◐ delvis uppfyllt")
    text = _all_text(document)
    for status in docx_samples.STATUS_TEXTS:
        assert status in text


def test_it_writes_a_table_with_a_caption_and_swedish_numbers(document):
    body = _body(document)
    caption = _paragraph(document, docx_samples.TABLE_CAPTION)
    assert caption.style.name == "Caption"
    table = body[_index(body, caption) + 1]
    assert isinstance(table, WordTable)
    rows = _cell_texts(table)
    assert rows[0] == ["Indikator", "Utgångsvärde", "Målvärde", "Mätvärde", "Status"]
    number = docx_samples.swedish_number("1234.5")
    assert number == "1\u00a0234,5"
    assert rows[1] == ["Utlån till barn", "1 100,0", "1 300,0", number, "◐ delvis uppfyllt"]
    assert rows[4][3] == "–"
    caption_element = table._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption_element.get(qn("w:val")) == docx_samples.TABLE_CAPTION


def test_it_repeats_the_bold_header_row_and_right_aligns_numbers(document):
    table = next(t for t in document.tables if t.cell(0, 0).text == "Indikator")
    header, first = table.rows[0], table.rows[1]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert first._tr.trPr is None or first._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    aligned = [cell.paragraphs[0].alignment for cell in first.cells]
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert aligned == [None, right, right, right, None]
    assert header.cells[3].paragraphs[0].alignment == right


def test_it_writes_a_figure_with_alt_text_a_numbered_caption_and_its_data(document):
    chart = docx_samples.summary_chart()
    assert len(document.inline_shapes) == 2
    picture = document.inline_shapes[1]
    assert picture._inline.docPr.get("descr") == chart.description
    assert Cm(10) < picture.width <= Cm(15)
    body = _body(document)
    picture_index = next(
        index for index, item in enumerate(body) if picture._inline in item._element.iter()
    )
    assert body[picture_index - 1].text == "Indikatorer"  # the logo is on the front page
    caption, data_caption, data = body[picture_index + 1 : picture_index + 4]
    assert caption.style.name == "Caption"
    assert caption.text == _swedish(FIGURE_CAPTION) % {"number": 1, "caption": chart.description}
    assert _field_instructions(caption._p) == ["SEQ Figure \\* ARABIC"]
    assert data_caption.style.name == "Caption"
    assert data_caption.text == "Antal fokusområden per status"
    assert _cell_texts(data)[0] == chart.table.headers
    assert _cell_texts(data)[1:] == chart.table.rows


def test_it_starts_new_pages_where_asked_without_empty_pages(document):
    breaking = [
        p.text
        for p in document.paragraphs
        if p.paragraph_format.page_break_before and p.style.name.startswith("Heading")
    ]
    assert breaking == docx_samples.NEW_PAGE_HEADINGS
    assert 'w:type="page"' not in document.element.xml
    assert document.paragraphs[-1].text == docx_samples.DECISION[1]


def test_it_leaves_out_characters_word_cannot_hold(content):
    broken = dataclasses.replace(content, blocks=[Paragraph("Rad\x0bett\x00 och två")])
    document = _open(render_docx(broken))
    assert document.paragraphs[-1].text == "Radett och två"


# Page header and footer, language and properties ------------------------------------------


def test_it_writes_the_running_header_on_every_page_but_the_first(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == docx_samples.HEADER_TEXT
    assert section.header.paragraphs[0].runs[0].font.size == Pt(9)
    assert all(not p.text for p in section.first_page_header.paragraphs)
    assert all(not p.text for p in section.first_page_footer.paragraphs)


def test_it_numbers_pages_with_fields_in_the_footer(document):
    footer = document.sections[0].footer
    assert _field_instructions(footer._element) == ["PAGE", "NUMPAGES"]
    text = footer.paragraphs[0].text
    assert text.startswith("Sida ") and " av " in text


def test_it_uses_the_content_language_whatever_language_is_active(content):
    with translation.override("en"):
        document = _open(render_docx(content))
    assert document.sections[0].footer.paragraphs[0].text.startswith("Sida ")
    assert _paragraph(document, "Innehåll").style.name == "TOC Heading"


def test_it_marks_the_language_of_the_text(document):
    styles = document.styles.element
    default = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert default.get(qn("w:val")) == "sv-SE"
    assert {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))} == {"sv-SE"}


def test_it_writes_an_english_document_in_english(content):
    english = dataclasses.replace(content, language="en")
    document = _open(render_docx(english))
    assert document.sections[0].footer.paragraphs[0].text == "Page 1 of 1"
    assert _paragraph(document, "Contents").style.name == "TOC Heading"
    lang = document.styles.element.find(f".//{qn('w:rPrDefault')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"


def test_it_sets_the_file_properties(document):
    properties = document.core_properties
    assert properties.title == docx_samples.TITLE
    assert properties.author == docx_samples.ORGANISATION
    assert properties.created == docx_samples.MADE_AT
    assert properties.language == "sv-SE"
    assert "python-docx" not in (properties.comments + properties.author)


def test_it_lays_out_a4_pages_without_a_reference_file(document):
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


# Styles: the accent colour and a reference file -------------------------------------------


def test_it_colours_the_title_and_headings_in_the_accent_colour(document):
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].font.color.rgb == RGBColor(0x00, 0x62, 0x6A), name


def test_it_uses_the_default_accent_colour_without_a_style(content):
    document = _open(render_docx(content))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x1D, 0x4E, 0x89)
    assert len(document.inline_shapes) == 1


def test_it_uses_the_styles_and_page_of_a_reference_file(content):
    style = docx_samples.sample_style(reference_docx=_reference_docx())
    document = _open(render_docx(content, style))
    heading = document.styles["Heading 1"]
    assert heading.font.name == REFERENCE_FONT
    assert heading.font.color.rgb == REFERENCE_COLOUR  # the reference wins over the accent
    assert _heading(document, docx_samples.HEADINGS[0][0]).style.name == "Heading 1"
    assert abs(document.sections[0].left_margin - Cm(4)) < Cm(0.01)
    text = _all_text(document)
    assert "Mallens egen text" not in text and "Mallens tabell" not in text
    assert document.sections[0].header.paragraphs[0].text == docx_samples.HEADER_TEXT
    assert "Mallens sidhuvud" not in document.sections[0].header._element.xml


def test_it_adds_styles_a_reference_file_lacks(content):
    reference = _reference_docx(missing_styles=("Caption", "Heading 3", "TOC Heading"))
    document = _open(render_docx(content, DocumentStyle(reference_docx=reference)))
    assert _paragraph(document, docx_samples.TABLE_CAPTION).style.name == "Caption"
    assert _heading(document, "Fler barn läser varje dag").style.name == "Heading 3"
    assert _paragraph(document, _swedish("Contents")).style.name == "TOC Heading"
    assert _contents_entries(document)[0].style.name == "toc 1"


@pytest.mark.parametrize(
    "reference", [b"not a Word file", _reference_docx()[:400]], ids=["text", "truncated"]
)
def test_it_refuses_a_reference_file_it_cannot_open(content, reference):
    with pytest.raises(ValueError) as raised:
        render_docx(content, DocumentStyle(reference_docx=reference))
    assert str(raised.value) == _swedish(REFERENCE_ERROR)
