"""A plan's details besides its item tree, found in a document's blocks.

The title (the document's title style or first top heading, unless it is a generic
word such as "Inledning"), the period (a range of years or one year, scored by the
words around it, so "antagen 2023" is not taken for the plan's year), the
organisation, the kind of plan, the vision and the text sections. `structure.infer`
puts them together with the item tree.
"""

import re

from verksam.plans.reading.blocks import (
    CONTENTS,
    HEADING,
    PARAGRAPH,
    Block,
    is_short_line,
)

GENERIC_TITLES = re.compile(
    r"^(inledning|innehåll|innehållsförteckning|förord|bakgrund|sammanfattning|"
    r"presentation|hem|start|meny)$",
    re.IGNORECASE,
)


PLAN_WORDS = (
    r"(biblioteksplan\w*|verksamhetsplan\w*|\bplan(?:en)?\b|strategi\w*|\bvp\b|planperiod\w*|"
    r"handlingsplan\w*|uppdragsplan\w*|gäller|perioden|för åren)"
)


NOT_PERIOD = (
    r"(antagen|antogs|antog|beslut\w*|fastställ\w*|publicerad|uppdaterad|granskad|tidigare|"
    r"förra|föregående|sammanträde\w*|sedan)"
)


YEAR = r"(19[89]\d|20\d\d)"


def find_period(
    blocks: list[Block], title: str | None
) -> tuple[int | None, int | None, str | None]:
    """The plan's period: a range of years or one year, scored by what stands around it."""
    candidates: list[tuple[float, int, int, str]] = []
    texts = [b.text for b in blocks if b.kind != CONTENTS]
    if title:
        texts = [title, *texts]
    for position, text in enumerate(texts):
        in_title = position == 0 and title is not None
        for match in re.finditer(rf"(?<![\d-]){YEAR}\s*(?:[-–—]|till|to)\s*{YEAR}(?![\d-])", text):
            start, end = int(match.group(1)), int(match.group(2))
            if not 0 <= end - start <= 10:
                continue
            before = text[max(0, match.start() - 60) : match.start()].lower()
            score = 2.0 + (6 if in_title else 0) - position * 0.01
            if re.search(PLAN_WORDS, before):
                score += 3
            if re.search(NOT_PERIOD, before[-30:]):
                score -= 4
            if re.search(r"\bmål\b|\bvision", before[-40:]):
                score -= 2
            candidates.append((score, start, end, text))
        for match in re.finditer(rf"(?<![\d\-–/.]){YEAR}(?![\d\-–/]|\s*[-–—]\s*\d)", text):
            before = text[max(0, match.start() - 30) : match.start()].lower()
            if not re.search(PLAN_WORDS + r"\s*(för|år)?\s*$", before):
                continue
            if re.search(NOT_PERIOD, before) or re.search(r"under\s*$", before):
                continue
            year = int(match.group(1))
            score = 1.5 + (6 if in_title else 0) - position * 0.01
            candidates.append((score, year, year, text))
    if not candidates:
        return None, None, None
    best = max(candidates, key=lambda c: c[0])
    if best[0] <= 0:
        return None, None, None
    return best[1], best[2], best[3]


def find_title(blocks: list[Block]) -> str | None:
    headings = [b for b in blocks[:12] if b.kind == HEADING]
    titled = [b for b in headings if b.level == 0]
    candidate: Block | None = None
    if titled:
        candidate = titled[0]
    elif headings:
        top = min(b.level for b in headings)
        candidate = next(b for b in headings if b.level == top)
        first = headings[0]
        if first is not candidate and first.level <= top + 1 and blocks.index(first) < 2:
            candidate = first
    if candidate is None:
        for block in blocks[:5]:
            if block.kind == PARAGRAPH and is_short_line(block.text):
                candidate = block
                break
    if candidate is None or GENERIC_TITLES.match(candidate.text.strip()):
        return None
    return candidate.text.strip()


ORGANISATION = re.compile(
    r"\b(Region [A-ZÅÄÖ][\wåäö]+(?: [A-ZÅÄÖ][\wåäö]+)?(?: län)?|[A-ZÅÄÖ][\wåäö]+ kommun|"
    r"Regionbibliotek [A-ZÅÄÖ][\wåäö]+|[A-ZÅÄÖ][\wåäö]+s (?:stads|universitets)bibliotek|"
    r"Kungliga biblioteket|[A-ZÅÄÖ][\wåäö]+s universitet)\b"
)


def find_organisation(text: str) -> str | None:
    counts: dict[str, int] = {}
    for match in ORGANISATION.finditer(text[:6000]):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], -text.find(name)))


def find_kind(title: str | None, text: str) -> str | None:
    lowered = f"{title or ''} {text[:4000]}".lower()
    for pattern, kind in [
        (r"regional(a)? biblioteksplan", "regional_library_plan"),
        (r"biblioteksplan", "library_plan"),
        (r"verksamhetsplan", "operational_plan"),
        (r"uppdragsplan", "assignment_plan"),
        (r"utvecklingsstrategi", "development_strategy"),
    ]:
        if re.search(pattern, (title or "").lower()):
            return kind
    for pattern, kind in [
        (r"regional(a)? biblioteksplan", "regional_library_plan"),
        (r"biblioteksplan", "library_plan"),
        (r"verksamhetsplan", "operational_plan"),
        (r"uppdragsplan", "assignment_plan"),
    ]:
        if re.search(pattern, lowered):
            return kind
    return None


def find_sections(blocks: list[Block]) -> list[tuple[str, str]]:
    """Text sections under headings, as (heading, text) pairs, for the plan's sections."""
    sections: list[tuple[str, list[str]]] = []
    for block in blocks:
        if block.kind == HEADING:
            sections.append((block.text, []))
        elif block.kind == PARAGRAPH and sections:
            sections[-1][1].append(block.text)
    return [(heading, "\n\n".join(texts)) for heading, texts in sections if texts]


def find_vision(blocks: list[Block]) -> str | None:
    for position, block in enumerate(blocks):
        text = block.text.strip()
        inline = re.match(r"^(?:vår |bibliotekets )?vision\s*[:–-]\s*(.+)$", text, re.IGNORECASE)
        if inline and block.kind != HEADING:
            return inline.group(1).strip()
        if block.kind == HEADING and re.fullmatch(
            r"(vår |bibliotekets )?vision", text, re.IGNORECASE
        ):
            for following in blocks[position + 1 : position + 3]:
                if following.kind == PARAGRAPH:
                    return following.text
    return None
