"""The PDF reader: a plan's text as blocks, from each word's font size, weight and position.

pdfplumber gives the words of each page with their font; lines in a larger or bold
font become headings (the larger sizes give the levels), lines with a list marker
list items, lines close together one paragraph, and the running headers, footers and
page numbers repeated in the pages' margins are left out.
Like the other readers (`formats.py`) it refuses what it cannot read with a
`ReadingError`.
"""

import io
import re
from collections import Counter

from django.utils.translation import gettext as _

from verksam.plans.reading.blocks import (
    BULLET,
    HEADING,
    LIST_ITEM,
    NUMBERED,
    PARAGRAPH,
    Block,
    ReadingError,
    join_lines,
    list_item_block,
)

MAX_PAGES = 400


def pdf_blocks(data: bytes) -> list[Block]:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as error:  # pragma: no cover - a dependency
        raise ReadingError(str(error)) from error
    if not data.lstrip().startswith(b"%PDF"):
        raise ReadingError(_("The file is not a readable PDF."))
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as error:
        raise ReadingError(
            _("The PDF is encrypted with a password. Remove the password and try again.")
        ) from error
    except (PDFSyntaxError, Exception) as error:
        cause = " ".join(repr(a) for a in getattr(error, "args", ())) + repr(error)
        if "password" in cause.lower() or "encrypt" in cause.lower():
            raise ReadingError(
                _("The PDF is encrypted with a password. Remove the password and try again.")
            ) from error
        raise ReadingError(_("The file is not a readable PDF.")) from error
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ReadingError(
                _("The PDF has more than %(pages)s pages; upload the plan on its own.")
                % {"pages": MAX_PAGES}
            )
        pages = []
        try:
            for page in pdf.pages:
                pages.append((page.height, _pdf_lines(page)))
        except Exception as error:
            raise ReadingError(_("The file is not a readable PDF.")) from error
    return _pdf_to_blocks(pages)


def _pdf_lines(page) -> list[dict]:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    words.sort(key=lambda w: (round(w["top"] / 3), w["x0"]))
    lines: list[dict] = []
    for word in words:
        if lines and abs(word["top"] - lines[-1]["top"]) < 2.5:
            line = lines[-1]
            line["words"].append(word)
        else:
            lines.append({"top": word["top"], "bottom": word["bottom"], "words": [word]})
    result = []
    for line in lines:
        ws = line["words"]
        text = " ".join(w["text"] for w in ws)
        sizes = Counter(round(w["size"], 1) for w in ws for _ in w["text"])
        size = sizes.most_common(1)[0][0]
        bold = all(re.search(r"bold|black|heavy|semibold", w["fontname"], re.I) for w in ws)
        result.append(
            {
                "text": text,
                "top": line["top"],
                "bottom": max(w["bottom"] for w in ws),
                "x0": min(w["x0"] for w in ws),
                "size": size,
                "bold": bold,
            }
        )
    return result


def _page_furniture(pages: list[tuple[float, list[dict]]]) -> set[str]:
    """Texts repeated at the top or bottom of several pages: running headers and footers."""
    seen: Counter[str] = Counter()
    for height, lines in pages:
        for line in lines:
            if line["top"] < height * 0.1 or line["bottom"] > height * 0.9:
                seen[re.sub(r"\d+", "#", line["text"]).strip().lower()] += 1
    return {text for text, count in seen.items() if count >= 2}


def _pdf_to_blocks(pages: list[tuple[float, list[dict]]]) -> list[Block]:
    furniture = _page_furniture(pages)
    body_sizes: Counter[float] = Counter()
    kept_pages = []
    for height, lines in pages:
        kept = []
        for line in lines:
            key = re.sub(r"\d+", "#", line["text"]).strip().lower()
            in_margin = line["top"] < height * 0.1 or line["bottom"] > height * 0.9
            if in_margin and (
                key in furniture or re.fullmatch(r"[#\s\-–/]*(sida|s\.)?[#\s]*", key)
            ):
                continue
            kept.append(line)
            body_sizes[line["size"]] += len(line["text"])
        kept_pages.append((height, kept))
    if not body_sizes:
        return []
    body = body_sizes.most_common(1)[0][0]
    # Heading levels: the distinct larger sizes, largest first.
    larger = sorted({s for s in body_sizes if s > body * 1.12}, reverse=True)
    margin_in_margin = pages and len(pages) == 1

    blocks: list[Block] = []
    current: list[str] = []
    current_kind = PARAGRAPH
    current_numbered = False
    previous = None

    def flush() -> None:
        nonlocal current, current_kind
        if current:
            text = join_lines(current)
            block = Block(current_kind, text, numbered=current_numbered)
            if current_kind == PARAGRAPH:
                block = list_item_block(text) if len(current) == 1 else None or block
                block = block or Block(PARAGRAPH, text)
            blocks.append(block)
        current = []
        current_kind = PARAGRAPH

    for height, lines in kept_pages:
        for line in lines:
            text = line["text"].strip()
            if (
                margin_in_margin
                and line["size"] < body
                and (line["top"] < height * 0.08 or line["bottom"] > height * 0.93)
            ):
                continue
            is_heading = line["size"] in larger or (
                line["bold"] and len(text) < 90 and not text.endswith((".", ","))
            )
            if is_heading:
                level = (
                    larger.index(line["size"]) + 1 if line["size"] in larger else len(larger) + 1
                )
                if (
                    blocks
                    and previous is not None
                    and previous.get("heading") == level
                    and not current
                ):
                    last = blocks[-1]
                    if last.kind == HEADING and line["top"] - previous["bottom"] < line["size"]:
                        last.text = join_lines([last.text, text])
                        previous = {**line, "heading": level}
                        continue
                flush()
                blocks.append(Block(HEADING, text, level=level))
                previous = {**line, "heading": level}
                continue
            gap = line["top"] - previous["bottom"] if previous is not None else 0
            new_paragraph = previous is None or previous.get("heading") or gap > line["size"] * 0.9
            if previous is not None and previous.get("page_break") and current:
                # A paragraph running on from the previous page.
                new_paragraph = current[-1].rstrip().endswith((".", "!", "?", ":"))
            bullet = BULLET.match(text)
            number = NUMBERED.match(text)
            if bullet or number:
                flush()
                current_kind = LIST_ITEM
                current_numbered = bool(number)
                current = [(bullet or number).group(2)]
            elif new_paragraph or gap < -5:
                if current_kind == LIST_ITEM and not new_paragraph:
                    current.append(text)
                else:
                    flush()
                    current_numbered = False
                    current = [text]
            else:
                current.append(text)
            previous = dict(line)
        previous = {"bottom": -1000, "heading": None, "page_break": True} if blocks else None
    flush()
    return blocks
