"""Readers that turn a DOCX, PDF, HTML, Markdown or plain-text file into blocks.

Each reader refuses what it cannot read with a `ReadingError` whose message can be
shown to the person who uploaded the file as it stands. The PDF reader, which lays
out words by their size, weight and position, is in `pdf.py`.
"""

import io
import re
import zipfile
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from verksam.plans.reading.blocks import (
    CONTENTS,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_ROW,
    Block,
    ReadingError,
    join_lines,
    list_item_block,
)
from verksam.plans.reading.pdf import pdf_blocks

MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("docx", "pdf", "html", "txt", "md")


CONTENTS_TITLE = re.compile(r"^(innehåll|innehållsförteckning|innehall)\s*$", re.IGNORECASE)
CONTENTS_LINE = re.compile(r"(\.{3,}|…)\s*\d+\s*$|\s(s\.\s?)?\d{1,3}$")


def format_of(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("htm", "xhtml"):
        suffix = "html"
    if suffix == "markdown":
        suffix = "md"
    if suffix not in FORMATS:
        raise ReadingError(
            _("Verksam reads plans as DOCX, PDF, HTML, TXT or MD files, not .%(suffix)s files.")
            % {"suffix": suffix or "?"}
        )
    return suffix


def read_blocks(data: bytes, filename: str) -> list[Block]:
    """The document's blocks; refuses empty, oversized and unreadable files."""
    fmt = format_of(filename)
    if not data or not data.strip():
        raise ReadingError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ReadingError(
            _("The file is larger than %(size)s MB; split it or save it without images.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    reader = {
        "docx": docx_blocks,
        "pdf": pdf_blocks,
        "html": html_blocks,
        "txt": text_blocks,
        "md": text_blocks,
    }[fmt]
    blocks = reader(data)
    if not any(block.text.strip() for block in blocks):
        if fmt == "pdf":
            raise ReadingError(
                _(
                    "The PDF has no text to read, only images (a scanned document?). "
                    "Upload the original Word file or a PDF saved from it."
                )
            )
        raise ReadingError(_("The file has no text to read."))
    return blocks


# DOCX -------------------------------------------------------------------------------


def docx_blocks(data: bytes) -> list[Block]:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as error:  # pragma: no cover - a dependency
        raise ReadingError(str(error)) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ReadingError(
                _(
                    "The Word file is encrypted or in the old .doc format. "
                    "Remove its password or save it as .docx and try again."
                )
            ) from error
        raise ReadingError(_("The file is not a readable Word (.docx) document.")) from error
    except Exception as error:  # python-docx raises bare exceptions on broken packages
        raise ReadingError(_("The file is not a readable Word (.docx) document.")) from error

    blocks: list[Block] = []
    table_number = 0
    in_contents = False
    body = document.element.body
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    for child in body.iterchildren():
        if child.tag == qn("w:tbl") and child in tables:
            table_number += 1
            seen_rows: set[tuple[str, ...]] = set()
            for index, row in enumerate(tables[child].rows):
                cells = []
                for cell in row.cells:
                    text = join_lines([p.text for p in cell.paragraphs])
                    cells.append(text)
                key = tuple(cells)
                if key in seen_rows:
                    continue
                seen_rows.add(key)
                blocks.append(
                    Block(
                        TABLE_ROW,
                        " | ".join(cells),
                        cells=cells,
                        table=table_number,
                        header=index == 0,
                    )
                )
            continue
        if child.tag != qn("w:p") or child not in paragraphs:
            continue
        paragraph = paragraphs[child]
        text = join_lines(paragraph.text.splitlines())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        lowered = style.lower()
        outline = _docx_outline_level(paragraph, qn)
        if lowered.startswith("toc") or CONTENTS_TITLE.match(text):
            in_contents = True
            blocks.append(Block(CONTENTS, text))
            continue
        if lowered == "title":
            in_contents = False
            blocks.append(Block(HEADING, text, level=0))
            continue
        match = re.match(r"heading (\d)", lowered) or re.match(r"rubrik (\d)", lowered)
        if match or outline is not None:
            in_contents = False
            level = int(match.group(1)) if match else outline + 1
            blocks.append(Block(HEADING, text, level=level))
            continue
        if in_contents and (CONTENTS_LINE.search(text) or len(text) < 90):
            blocks.append(Block(CONTENTS, text))
            continue
        in_contents = False
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if "list" in lowered or num_pr is not None:
            depth = 1
            suffix = re.search(r"(\d)$", lowered)
            if suffix:
                depth = int(suffix.group(1))
            if num_pr is not None:
                ilvl = num_pr.find(qn("w:ilvl"))
                if ilvl is not None:
                    depth = int(ilvl.get(qn("w:val"))) + 1
            blocks.append(Block(LIST_ITEM, text, level=depth, numbered="number" in lowered))
            continue
        blocks.append(list_item_block(text) or Block(PARAGRAPH, text))
    return blocks


def _docx_outline_level(paragraph, qn) -> int | None:
    ppr = paragraph._p.pPr
    if ppr is None:
        return None
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is None:
        return None
    value = int(outline.get(qn("w:val")))
    return value if value < 9 else None


# HTML -------------------------------------------------------------------------------


class _HTMLBlocks(HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form"}
    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.skip = 0
        self.lists: list[str] = []
        self.text: list[str] = []
        self.tag: str | None = None
        self.row: list[str] | None = None
        self.table = 0
        self.row_index = 0
        self.row_header = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag == "table":
            self._flush()
            self.table += 1
            self.row_index = 0
        elif tag == "tr":
            self.row = []
            self.row_header = False
        elif tag in self.BLOCKS:
            self._flush()
            self.tag = tag
            if tag == "th":
                self.row_header = True
        elif tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th"):
            if self.row is not None:
                self.row.append(join_lines("".join(self.text).splitlines()))
            self.text = []
            self.tag = None
        elif tag == "tr":
            if self.row and any(self.row):
                self.blocks.append(
                    Block(
                        TABLE_ROW,
                        " | ".join(self.row),
                        cells=self.row,
                        table=self.table,
                        header=self.row_header or self.row_index == 0,
                    )
                )
                self.row_index += 1
            self.row = None
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)

    def _flush(self):
        if self.row is not None:
            return
        text = join_lines("".join(self.text).splitlines())
        self.text = []
        tag, self.tag = self.tag, None
        if not text:
            return
        if tag and re.fullmatch(r"h[1-6]", tag):
            self.blocks.append(Block(HEADING, text, level=int(tag[1])))
        elif tag == "li" or (self.lists and tag is None):
            self.blocks.append(
                Block(
                    LIST_ITEM,
                    text,
                    level=max(1, len(self.lists)),
                    numbered=self.lists[-1:] == ["ol"],
                )
            )
        else:
            self.blocks.append(list_item_block(text) or Block(PARAGRAPH, text))


def html_blocks(data: bytes) -> list[Block]:
    text = _decode(data)
    if "<" not in text:
        return text_blocks(data)
    parser = _HTMLBlocks()
    try:
        parser.feed(text)
        parser.close()
    except Exception as error:  # html.parser is lenient; this is for the truly broken
        raise ReadingError(_("The file is not a readable web page.")) from error
    parser._flush()
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    blocks = parser.blocks
    if title and not any(b.kind == HEADING and b.level <= 1 for b in blocks):
        heading = join_lines(title.group(1).splitlines())
        if heading:
            blocks.insert(0, Block(HEADING, heading, level=0))
    return _mark_contents(blocks)


# Plain text and Markdown ------------------------------------------------------------


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ReadingError(_("The file is not a text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadingError(_("The file is not a text file."))  # pragma: no cover


def _looks_like_heading(line: str, before: str, after: str) -> bool:
    if len(line) > 80 or line.endswith((".", ",", ";", ":", "?", "!", "-", "”", '"')):
        return False
    if not line[:1].isupper() and not line[:1].isdigit():
        return False
    if len(line.split()) > 12:
        return False
    start = after.strip()[:1]
    follows_text = start.isupper() or start.isdigit() or start in "•-–"
    if not after.strip():
        return not before.strip()
    if before.strip().endswith((".", "!", "?")) and len(line.split()) <= 8:
        return follows_text
    return (not before.strip()) and follows_text


def text_blocks(data: bytes) -> list[Block]:
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = text.split("\n")
    # A Markdown document marks its headings; its other short lines are text.
    marked = sum(1 for line in lines if re.match(r"^#{1,6}\s+\S", line.strip())) >= 2
    blocks: list[Block] = []
    paragraph: list[str] = []
    item: Block | None = None
    item_lines: list[str] = []

    def flush() -> None:
        nonlocal paragraph, item, item_lines
        if item is not None:
            item.text = join_lines(item_lines)
            blocks.append(item)
        elif paragraph:
            blocks.append(Block(PARAGRAPH, join_lines(paragraph)))
        paragraph, item, item_lines = [], None, []

    def continues(previous: list[str], line: str) -> bool:
        """A line that goes on the sentence before it, across a blank line of a bad export."""
        if not previous or not line[:1].islower():
            return False
        return not previous[-1].rstrip().endswith((".", "!", "?", ":"))

    in_contents = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        before = lines[index - 1] if index else ""
        after = next((x for x in lines[index + 1 :] if x.strip()), "")
        if CONTENTS_TITLE.match(line):
            flush()
            in_contents = True
            blocks.append(Block(CONTENTS, line))
            continue
        if in_contents:
            if line and len(line) < 90 and not line.endswith("."):
                blocks.append(Block(CONTENTS, line))
                continue
            in_contents = False
        if not line:
            pending = item_lines if item is not None else paragraph
            if pending and continues(pending, after.strip()):
                continue
            flush()
            continue
        markdown = re.match(r"^(#{1,6})\s+(.*)$", line)
        if markdown:
            flush()
            blocks.append(
                Block(HEADING, markdown.group(2).strip(" #*"), level=len(markdown.group(1)))
            )
            continue
        line = re.sub(r"^\*\*(.+)\*\*$", r"\1", line)
        marker = list_item_block(line)
        if marker is not None:
            flush()
            indent = len(raw) - len(raw.lstrip(" "))
            if not marker.numbered:
                marker.level = 1 + indent // 4 if indent >= 4 else 1
            item, item_lines = marker, [marker.text]
            continue
        if item is not None:
            if line[:1].islower() or not item_lines[-1].rstrip().endswith((".", ":")):
                item_lines.append(line)
                continue
            flush()
        if not marked and not paragraph and _looks_like_heading(line, before, after):
            flush()
            blocks.append(Block(HEADING, line, level=1))
            continue
        paragraph.append(line)
    flush()
    return _mark_contents(blocks)


def _mark_contents(blocks: list[Block]) -> list[Block]:
    """Mark a table of contents: its title and the short lines that follow it."""
    result: list[Block] = []
    in_contents = False
    for block in blocks:
        if CONTENTS_TITLE.match(block.text):
            in_contents = True
            result.append(Block(CONTENTS, block.text))
            continue
        if in_contents:
            short = len(block.text) < 90 and not block.text.endswith(".")
            if short and block.kind != TABLE_ROW:
                result.append(Block(CONTENTS, block.text))
                continue
            in_contents = False
        if (
            block.kind in (HEADING, LIST_ITEM)
            and CONTENTS_LINE.search(block.text)
            and re.search(r"(\.{3,}|…)", block.text)
        ):
            result.append(Block(CONTENTS, block.text))
            continue
        result.append(block)
    return result
