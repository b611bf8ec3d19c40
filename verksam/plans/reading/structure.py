"""Find a plan's title, period, levels and item tree in a document's blocks.

Swedish plans name their levels (fokusområde, mål, aktivitet, ...), introduce their
lists with those words ("Vi prioriterar fyra fokusområden:") and repeat a summary of
them before the chapters that present them. The rules below follow those habits:
an item is a list entry, heading, table cell or enumerated phrase that the document
itself places under one of the level words. Everything else (background chapters,
quotations of the law, a table of contents, lists of branches or target groups,
contact details, page metadata) stays text. Each item carries how sure the rule that
found it is, for the review page. The title, period, organisation, kind, vision and
text sections are found by `plan_details.py`; `infer` puts everything together.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from verksam.plans.reading.blocks import (
    CONTENTS,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_ROW,
    Block,
    is_short_line,
)
from verksam.plans.reading.plan_details import (
    find_kind,
    find_organisation,
    find_period,
    find_sections,
    find_title,
    find_vision,
)

# Level words, most general first. The name is how the level is shown.
LEVEL_WORDS: list[tuple[str, str, int]] = [
    (r"perspektiv(?:en|et)?", "Perspektiv", 0),
    (r"fokusområde(?:n|na|t)?", "Fokusområde", 1),
    (r"strategisk[at]? område(?:n|na|t)?", "Strategiskt område", 1),
    (r"utvecklingsområde(?:n|na|t)?", "Utvecklingsområde", 1),
    (r"prioriterade? område(?:n|na|t)?", "Prioriterat område", 1),
    (r"målområde(?:n|na|t)?", "Målområde", 1),
    (r"insatsområde(?:n|na|t)?", "Insatsområde", 1),
    (r"huvudspår(?:en|et)?", "Huvudspår", 1),
    (r"(?:övergripande |långsiktiga |strategiska |effekt)?mål(?:en|et)?", "Mål", 2),
    (r"delmål(?:en|et)?", "Delmål", 3),
    (r"åtagande(?:n|na|t)?", "Åtagande", 4),
    (r"aktivitet(?:er|erna|en)?", "Aktivitet", 5),
    (r"åtgärd(?:er|erna|en)?", "Åtgärd", 5),
    (r"insats(?:er|erna|en)?", "Insats", 5),
    (r"vi ska|vi vill|vi prioriterar(?: att)?", "Mål", 2),
]
# Words that are level words only after a number ("fyra områden", "tre punkter").
COUNTED_WORDS: list[tuple[str, str, int]] = [
    (r"område(?:n|na)", "Område", 1),
    (r"punkter(?:na)?", "Punkt", 1),
    (r"spår(?:en)?", "Spår", 1),
]
NUMBER_WORDS = {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9}
NUMBER_WORD = r"\b(två|tre|fyra|fem|sex|sju|åtta|nio|\d)\b"

# Headings of text sections: never items, and where a run of item headings ends.
SECTION_WORDS = re.compile(
    r"^(inledning|bakgrund|förord|sammanfattning|syfte|vision|uppdrag|bibliotekets uppdrag|"
    r"värdegrund|planering|planeringsarbetet|uppföljning|utvärdering|revidering|bilagor?|"
    r"referenser|referenslista|källor|kontakt|innehåll|omvärld|nuläge|styrdokument|"
    r"definitioner|ordlista)\b",
    re.IGNORECASE,
)
LAW_WORDS = re.compile(
    r"(bibliotekslag|skollag|läroplan|manifest|förordning|§|konvention|lagen\b|enligt lag)",
    re.IGNORECASE,
)
TARGET_GROUPS = re.compile(r"målgrupp|prioriterade grupper|filial|våra bibliotek:", re.IGNORECASE)
METADATA = re.compile(
    r"^(publicerad|senast (uppdaterad|granskad|ändrad)|sidan (uppdaterad|granskad)|"
    r"uppdaterad|kontakt|telefon|tel\b|e-post|epost|mejl|adress|besöksadress|postadress|"
    r"dnr|diarienummer|foto|bild|dela|skriv ut|läs mer|ladda ner)\b",
    re.IGNORECASE,
)
CONTACT = re.compile(r"@|\b0\d{1,3}[-\s]\d{2,3}[\s-]?\d{2}|https?://|www\.")


@dataclass
class FoundItem:
    title: str
    level_name: str
    confidence: float
    rule: str
    children: list["FoundItem"] = field(default_factory=list)
    rank: int = 1


@dataclass
class Structure:
    title: str | None
    organisation: str | None
    kind: str | None
    period_start: int | None
    period_end: int | None
    vision: str | None
    levels: list[str]
    items: list[FoundItem]
    sections: list[tuple[str, str]]
    period_evidence: str | None = None


def normalise(text: str) -> str:
    text = text.lower().replace("–", " ").replace("—", " ").replace("-", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def _level_word(text: str, counted: bool = False) -> tuple[str, int] | None:
    """The level word nearest the end of a lead-in or heading, with its rank."""
    best: tuple[int, str, int] | None = None
    words = LEVEL_WORDS + (COUNTED_WORDS if counted else [])
    for pattern, name, rank in words:
        for match in re.finditer(rf"\b{pattern}\b", text, re.IGNORECASE):
            if best is None or match.end() > best[0]:
                best = (match.end(), name, rank)
    if best is None:
        return None
    return best[1], best[2]


def _counted_word(text: str) -> tuple[str, int, int] | None:
    """A number word followed by a level word: ("Fokusområde", rank, 4) for "fyra fokusområden"."""
    for pattern, name, rank in LEVEL_WORDS + COUNTED_WORDS:
        match = re.search(rf"{NUMBER_WORD}\s+(?:\w+\s+){{0,2}}?{pattern}\b", text, re.IGNORECASE)
        if match:
            word = match.group(1).lower()
            count = NUMBER_WORDS.get(word) or int(word)
            return name, rank, count
    return None


def clean_title(text: str) -> str:
    """An item's title: the first sentence of a long entry, without list punctuation."""
    text = text.strip().strip("*").strip()
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text)
    if len(sentences) > 1 and len(text) > 120:
        text = sentences[0]
    text = re.sub(r"[,;]\s*$", "", text)
    text = re.sub(r"\s+(och|samt|eller)$", "", text)
    return text.strip()


def is_noise(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) < 2:
        return True
    if METADATA.match(stripped) or CONTACT.search(stripped):
        return True
    if stripped[:1] in '”"“«' or "§" in stripped:
        return True
    return bool(re.fullmatch(r"[\d\s\-./:]+", stripped))


class _Tree:
    """The items found so far, with the de-duplication of repeated lists."""

    def __init__(self) -> None:
        self.roots: list[FoundItem] = []
        self.all: list[tuple[int, FoundItem]] = []

    def find(self, title: str, depth: int) -> FoundItem | None:
        for existing_depth, item in self.all:
            if existing_depth == depth and similarity(item.title, title) >= 0.9:
                return item
        return None

    def add(self, item: FoundItem, parent: FoundItem | None, depth: int) -> FoundItem:
        existing = self.find(item.title, depth)
        if existing is not None:
            existing.confidence = max(existing.confidence, item.confidence)
            return existing
        (parent.children if parent is not None else self.roots).append(item)
        self.all.append((depth, item))
        return item


def find_items(blocks: list[Block], title: str | None = None) -> list[FoundItem]:
    tree = _Tree()
    # The current item heading (if the section we are in is an item) and its depth.
    heading_item: FoundItem | None = None
    heading_item_depth = 0
    heading_item_level = 0
    # An open run of headings that are items because a level heading announced them.
    run: dict | None = None
    section: Block | None = None
    section_has_items = False
    previous: Block | None = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == CONTENTS:
            previous = block
            index += 1
            continue

        if block.kind == HEADING:
            section = block
            section_has_items = False
            text = block.text
            own = re.match(
                r"^(?P<word>[\wåäöÅÄÖ ]{2,40}?)\s*(?P<num>\d+(?:\.\d+)*|[IVX]+)?"
                r"\s*[:.–—-]\s+(?P<title>.+)$",
                text,
            )
            word = _level_word(own.group("word")) if own else None
            if (
                own
                and word
                and normalise(own.group("word"))
                and _level_word(text[: own.end("word")])
            ):
                name, rank = word
                depth = 1
                if (
                    heading_item is not None
                    and rank > heading_item.rank
                    and block.level > heading_item_level
                ):
                    depth = heading_item_depth + 1
                item = FoundItem(
                    clean_title(own.group("title")), name, 0.9, "level heading", rank=rank
                )
                parent = heading_item if depth > 1 else None
                heading_item = tree.add(item, parent, depth)
                heading_item_depth, heading_item_level = depth, block.level
                run = None
                previous = block
                index += 1
                continue
            if run is not None:
                ends = (
                    block.level < run["level"]
                    or SECTION_WORDS.match(text)
                    or (block.level <= run["level"] and _level_word(text))
                    or block.level == 0
                )
                if not ends and (run["item_level"] is None or block.level <= run["item_level"]):
                    run["item_level"] = block.level
                    item = FoundItem(
                        clean_title(text), run["name"], 0.6, "heading under a level heading"
                    )
                    heading_item = tree.add(item, run["parent"], run["depth"])
                    heading_item_depth, heading_item_level = run["depth"], block.level
                    heading_item.rank = run["rank"]
                    previous = block
                    index += 1
                    continue
                if not ends:
                    # A sub-heading inside an item of the run: stays inside that item.
                    previous = block
                    index += 1
                    continue
                run = None
            if heading_item is not None and block.level <= heading_item_level:
                heading_item = None
            word = _level_word(text)
            is_title = title is not None and similarity(re.sub(r"^\d+\s+", "", text), title) >= 0.9
            if (
                word
                and not is_title
                and not SECTION_WORDS.match(text)
                and not LAW_WORDS.search(text)
            ):
                name, rank = word
                parent = heading_item
                depth = heading_item_depth + 1 if heading_item is not None else 1
                run = {
                    "level": block.level,
                    "item_level": None,
                    "name": name,
                    "rank": rank,
                    "parent": parent,
                    "depth": depth,
                    "heading": block,
                }
            previous = block
            index += 1
            continue

        if block.kind == LIST_ITEM:
            lead = previous if previous is not None and previous.kind != LIST_ITEM else None
            lead_text = lead.text if lead is not None else ""
            if lead is not None and lead.kind == PARAGRAPH:
                if lead_text.rstrip().endswith(":"):
                    lead_text = _last_sentence(lead_text)
                else:
                    lead_text = section.text if section is not None else ""
            # Gather the whole list.
            entries = []
            while index < len(blocks) and blocks[index].kind == LIST_ITEM:
                entries.append(blocks[index])
                index += 1
            word = _level_word(lead_text, counted=True) if lead_text else None
            if word is None and lead_text:
                counted = _counted_word(lead_text)
                word = (counted[0], counted[1]) if counted else None
            refused = (
                not lead_text
                or TARGET_GROUPS.search(lead_text)
                or LAW_WORDS.search(lead_text)
                or SECTION_WORDS.match(lead_text)
            )
            if word and not refused:
                name, rank = word
                parent = heading_item
                base = heading_item_depth + 1 if heading_item is not None else 1
                top = min(entry.level for entry in entries)
                stack: list[tuple[int, FoundItem]] = []
                for entry in entries:
                    if is_noise(entry.text):
                        continue
                    relative = entry.level - top
                    while stack and stack[-1][0] >= relative:
                        stack.pop()
                    owner = stack[-1][1] if stack else parent
                    depth = base + len(stack)
                    item = FoundItem(clean_title(entry.text), name, 0.8, "list after a level word")
                    item.rank = rank + len(stack)
                    added = tree.add(item, owner, depth)
                    stack.append((relative, added))
                section_has_items = True
                if run is not None and run["heading"] is section:
                    run = None
            previous = entries[-1]
            continue

        if block.kind == TABLE_ROW:
            rows = []
            while (
                index < len(blocks)
                and blocks[index].kind == TABLE_ROW
                and blocks[index].table == block.table
            ):
                rows.append(blocks[index])
                index += 1
            _table_items(rows, tree, heading_item, heading_item_depth)
            previous = rows[-1]
            continue

        # A paragraph.
        text = block.text
        if (
            run is not None
            and run["heading"] is section
            and is_short_line(text)
            and not is_noise(text)
            and not section_has_items
        ):
            # Short lines right under a level heading, as slides and web pages list them.
            following = [text]
            look = index + 1
            while (
                look < len(blocks)
                and blocks[look].kind == PARAGRAPH
                and is_short_line(blocks[look].text)
            ):
                following.append(blocks[look].text)
                look += 1
            if len(following) >= 2:
                for line in following:
                    if is_noise(line):
                        continue
                    item = FoundItem(
                        clean_title(line), run["name"], 0.6, "short lines under a level heading"
                    )
                    tree.add(item, run["parent"], run["depth"])
                section_has_items = True
                run = None
                previous = blocks[look - 1]
                index = look
                continue
        _prose_items(text, tree, heading_item, heading_item_depth)
        previous = block
        index += 1
    return tree.roots


def _last_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return parts[-1] if parts else text


def _split_enumeration(text: str, count: int) -> list[str] | None:
    parts = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    if not parts:
        return None
    last = parts.pop()
    tail = re.split(r"\s+(?:och|samt)\s+", last)
    if len(parts) + len(tail) != count and len(tail) > 2:
        tail = [" och ".join(tail[:-1]), tail[-1]]
    result = parts + tail
    return result if len(result) == count else None


def _prose_items(text: str, tree: _Tree, parent: FoundItem | None, parent_depth: int) -> None:
    """Items named in a sentence: "tre prioriterade områden: a, b samt c"."""
    if LAW_WORDS.search(text) or TARGET_GROUPS.search(text):
        return
    for match in re.finditer(r"([^.:]{0,200}):\s*([^:]+?)(?:\.(?:\s|$)|$)", text):
        counted = _counted_word(match.group(1))
        if counted is None:
            continue
        name, rank, count = counted
        entries = _split_enumeration(match.group(2), count)
        if not entries or any(len(e) > 80 for e in entries):
            continue
        depth = parent_depth + 1 if parent is not None else 1
        for entry in entries:
            tree.add(
                FoundItem(clean_title(entry), name, 0.5, "enumeration in a sentence"), parent, depth
            )


def _table_items(
    rows: list[Block], tree: _Tree, parent: FoundItem | None, parent_depth: int
) -> None:
    """Activity tables: the columns named by level words give the levels, left to right."""
    header = rows[0]
    columns: list[tuple[int, str, int]] = []
    for position, cell in enumerate(header.cells):
        word = _level_word(cell)
        if word and len(cell) < 40:
            columns.append((position, word[0], word[1]))
    if not columns:
        return
    base = parent_depth + 1 if parent is not None else 1
    for row in rows[1:]:
        owner = parent
        for offset, (position, name, rank) in enumerate(columns):
            if position >= len(row.cells):
                break
            cell = row.cells[position].strip()
            if not cell or is_noise(cell):
                continue
            for line in [cell]:
                item = FoundItem(clean_title(line), name, 0.8, "table column")
                item.rank = rank
                owner = tree.add(item, owner, base + offset)


def level_names(items: list[FoundItem]) -> list[str]:
    names: list[str] = []

    def walk(nodes: list[FoundItem], depth: int) -> None:
        for node in nodes:
            while len(names) < depth:
                names.append(node.level_name)
            walk(node.children, depth + 1)

    walk(items, 1)
    return names


def infer(blocks: list[Block]) -> Structure:
    text = "\n".join(b.text for b in blocks)
    title = find_title(blocks)
    start, end, evidence = find_period(blocks, title)
    items = find_items(blocks, title)
    return Structure(
        title=title,
        organisation=find_organisation(text),
        kind=find_kind(title, text),
        period_start=start,
        period_end=end,
        vision=find_vision(blocks),
        levels=level_names(items),
        items=items,
        sections=find_sections(blocks),
        period_evidence=evidence,
    )
