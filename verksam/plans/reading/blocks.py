"""The format-neutral shape every reader turns a document into.

A document becomes a flat sequence of blocks in reading order: headings with their
level, paragraphs, list items with their depth, table rows with their cells and
table-of-contents lines. The structure inference (`structure.py`) never looks at a
file format, only at these blocks, so a DOCX, a PDF and a web page of the same plan
give the same result.
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
