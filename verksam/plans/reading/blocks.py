"""The format-neutral shape every reader turns a document into.

A document becomes a flat sequence of blocks in reading order: headings with their
level, paragraphs, list items with their depth, table rows with their cells and
table-of-contents lines. The structure inference (`structure.py`) never looks at a
file format, only at these blocks, so a DOCX, a PDF and a web page of the same plan
give the same result. What every reader shares is here too: the markers that make a
line a list item, and the error a reader refuses a file with.
"""

import re
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE_ROW = "table_row"
CONTENTS = "contents"


@dataclass
class Block:
    kind: str
    text: str
    # Heading level (1 is the top; 0 the document's title style) or list depth (1 is the top).
    level: int = 1
    numbered: bool = False
    cells: list[str] = field(default_factory=list)
    # Which table a row belongs to, so rows of two tables are never mixed.
    table: int = 0
    header: bool = False


SOFT_HYPHENS = "\u00ad"
LINE_END_HYPHEN = re.compile(r"(\w)[-\u2010\u2011]$")
CONJUNCTIONS = ("och ", "eller ", "samt ", "till ")


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph, mending words hyphenated at the line ends.

    "informationsförsörj-" + "ning" gives "informationsförsörjning", while "arkiv-" +
    "och registratur" keeps its hyphen, as Swedish writes a shared word ending.
    """
    text = ""
    for raw in lines:
        line = raw.replace(SOFT_HYPHENS, "").strip()
        if not line:
            continue
        if not text:
            text = line
            continue
        if LINE_END_HYPHEN.search(text) and line[:1].islower():
            joint = "- " if line.startswith(CONJUNCTIONS) else ""
            text = text[:-1] + joint + line
        else:
            text = text + " " + line
    return re.sub(r"\s+", " ", text).strip()


class ReadingError(Exception):
    """A file that cannot be read as a plan, with a message for its uploader."""


BULLET = re.compile(r"^\s*([•●▪◦‣∙·\-–*]|\uf0b7|\uf0a7)\s+(.*)$")


NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\.\d{1,2}|[a-z]\))\s+(.*)$")


def list_item_block(text: str) -> Block | None:
    """A line that is a list item by its marker, or None."""
    bullet = BULLET.match(text)
    if bullet and bullet.group(2).strip():
        return Block(LIST_ITEM, bullet.group(2).strip())
    number = NUMBERED.match(text)
    if number and number.group(2).strip():
        depth = number.group(1).rstrip(".)").count(".") + 1
        return Block(LIST_ITEM, number.group(2).strip(), level=depth, numbered=True)
    return None


def is_short_line(text: str) -> bool:
    """A line short enough to be a title or a heading: few words, no closing stop."""
    return len(text) <= 90 and len(text.split()) <= 12 and not text.endswith((".", ":", ";"))
