"""The structure found in a document, as the review page keeps and changes it.

`review_data` turns a `Reading` into plain JSON data: the item tree as a flat list in
document order, each item with its depth (0 for the top level) and how sure the
reader was of it. A flat list makes every correction a small change of depths and
positions that a plain form can ask for by index ("demote:3"), and `tree` nests it
again for the plan. Nothing here touches the database.
"""

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verksam.plans.choices import PlanKind, SectionKind
from verksam.plans.reading import Reading
from verksam.plans.reading.structure import FoundItem, normalise

#: A plan has at most six levels (Plan.clean), so items sit at depths 0 to 5.
DEEPEST = 5
#: The longest item title the plan takes (Item.title); a longer one is cut on creation.
TITLE_MAX = 300
#: How many of the document's blocks the review page shows beside the structure.
SHOWN_BLOCKS = 4000

ACTIONS = ("promote", "demote", "merge", "split", "drop")

SECTION_KINDS = [
    (re.compile(r"^(vår |bibliotekets )?vision", re.IGNORECASE), SectionKind.VISION),
    (re.compile(r"^syfte|^planens syfte|^syftet", re.IGNORECASE), SectionKind.PURPOSE),
    (re.compile(r"uppdrag", re.IGNORECASE), SectionKind.MISSION),
    (re.compile(r"^(värdegrund|värderingar|våra värden)", re.IGNORECASE), SectionKind.VALUES),
    (re.compile(r"^(inledning|förord|bakgrund)", re.IGNORECASE), SectionKind.INTRODUCTION),
]


def section_kind(heading: str) -> str:
    for pattern, kind in SECTION_KINDS:
        if pattern.search(heading.strip()):
            return kind
    return SectionKind.OTHER


def confidence_label(confidence: float) -> tuple[str, str]:
    """How sure the reading is, in words, with a CSS modifier."""
    if confidence >= 0.8:
        return "sure", _("Sure")
    if confidence >= 0.6:
        return "fairly-sure", _("Fairly sure")
    return "unsure", _("Unsure — check it")


def _flatten(items: list[FoundItem], depth: int, into: list[dict]) -> None:
    for item in items:
        into.append(
            {
                "title": item.title,
                "depth": min(depth, DEEPEST),
                "confidence": round(item.confidence, 2),
                "description": "",
            }
        )
        _flatten(item.children, depth + 1, into)


def _heading_of_item(heading: str, items: list[dict]) -> dict | None:
    """The item a chapter heading presents ("Fokusområde 2: Läsfrämjande" → "Läsfrämjande")."""
    head = normalise(heading)
    for item in items:
        title = normalise(item["title"])
        if len(title) >= 4 and (head == title or head.endswith(" " + title)):
            return item
    return None


def review_data(reading: Reading, file_name: str) -> dict:
    """What the review page starts from: the reader's findings as JSON data."""
    structure = reading.structure
    items: list[dict] = []
    _flatten(structure.items, 0, items)
    sections: list[dict] = []
    for heading, body in structure.sections:
        item = _heading_of_item(heading, items)
        if item is not None and not item["description"]:
            # A chapter presenting an item: its text describes the item.
            item["description"] = body
            continue
        sections.append(
            {"kind": section_kind(heading), "title": heading, "body": body, "include": True}
        )
    if structure.vision and not any(s["kind"] == SectionKind.VISION for s in sections):
        sections.insert(
            0,
            {
                "kind": SectionKind.VISION,
                "title": str(SectionKind.VISION.label),
                "body": structure.vision,
                "include": True,
            },
        )
    data = {
        "title": structure.title or PurePath(file_name).stem,
        "kind": structure.kind if structure.kind in PlanKind.values else "",
        "organisation_name": structure.organisation or "",
        "period_start": structure.period_start,
        "period_end": structure.period_end,
        "period_evidence": structure.period_evidence or "",
        "levels": list(structure.levels),
        "items": items,
        "sections": sections,
        "blocks": [
            {"kind": b.kind, "text": b.text, "level": b.level}
            for b in reading.blocks[:SHOWN_BLOCKS]
            if b.text.strip()
        ],
    }
    fill_levels(data)
    return data


def deepest(items: list[dict]) -> int:
    return max((item["depth"] for item in items), default=0)


def fill_levels(data: dict) -> None:
    """Give every depth in use a level name, so the plan can hold the tree."""
    levels = data["levels"]
    while len(levels) <= deepest(data["items"]):
        levels.append(_("Level %(number)d") % {"number": len(levels) + 1})


def level_names(data: dict) -> list[str]:
    """The plan's levels: those the items use, at least one."""
    return [name.strip() for name in data["levels"][: deepest(data["items"]) + 1]]


def _subtree_end(items: list[dict], index: int) -> int:
    """The index after the item's last descendant."""
    depth = items[index]["depth"]
    end = index + 1
    while end < len(items) and items[end]["depth"] > depth:
        end += 1
    return end


def normalise_depths(items: list[dict]) -> None:
    """The first item at the top, and no item more than one level below the one before."""
    previous = -1
    for item in items:
        item["depth"] = max(0, min(item["depth"], previous + 1, DEEPEST))
        previous = item["depth"]


def promote(data: dict, index: int) -> None:
    """Move the item, with what is under it, one level up."""
    items = data["items"]
    if items[index]["depth"] == 0:
        raise ValidationError(_("The item is already at the top level."))
    for item in items[index : _subtree_end(items, index)]:
        item["depth"] -= 1


def demote(data: dict, index: int) -> None:
    """Move the item, with what is under it, one level down, under the item before it."""
    items = data["items"]
    depth = items[index]["depth"]
    if index == 0 or items[index - 1]["depth"] < depth:
        raise ValidationError(_("The item has no item before it on its level to be placed under."))
    end = _subtree_end(items, index)
    if max(item["depth"] for item in items[index:end]) >= DEEPEST:
        raise ValidationError(_("A plan can have at most six levels."))
    for item in items[index:end]:
        item["depth"] += 1
    fill_levels(data)


def merge(data: dict, index: int) -> None:
    """Join the item to the one before it: one title, one description."""
    items = data["items"]
    if index == 0:
        raise ValidationError(_("The first item has no item before it to be merged with."))
    previous, item = items[index - 1], items.pop(index)
    previous["title"] = f"{previous['title'].rstrip()} {item['title'].strip()}".strip()
    previous["description"] = "\n\n".join(
        text for text in (previous["description"], item["description"]) if text
    )
    previous["confidence"] = min(previous["confidence"], item["confidence"])
    normalise_depths(items)


def split_parts(text: str) -> list[str]:
    """The parts of a title to split: its lines, or else its sentences."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r"(?<=[.;!?])\s+", text.strip()) if p.strip()]
    return parts


def split(data: dict, index: int) -> None:
    """Make one item of each line of the title (or of each sentence), at the same level."""
    items = data["items"]
    item = items[index]
    parts = split_parts(item["title"])
    if len(parts) < 2:
        raise ValidationError(
            _(
                "Nothing to split: write each part of the title on a line of its own, "
                "then choose Split."
            )
        )
    items[index : index + 1] = [
        {
            "title": part,
            "depth": item["depth"],
            "confidence": item["confidence"],
            "description": item["description"] if position == len(parts) - 1 else "",
        }
        for position, part in enumerate(parts)
    ]


def drop(data: dict, index: int) -> None:
    """Remove the item; what was under it moves up a level, into its place."""
    items = data["items"]
    end = _subtree_end(items, index)
    for item in items[index + 1 : end]:
        item["depth"] -= 1
    items.pop(index)
    normalise_depths(items)


def apply_action(data: dict, action: str) -> int | None:
    """Apply "name:index" to the data; gives the index to show afterwards.

    Raises ValidationError with a message for the user when the action cannot be done.
    """
    name, _sep, position = action.partition(":")
    if name not in ACTIONS or not position.isdigit():
        raise ValidationError(_("Unknown action."))
    index = int(position)
    if index >= len(data["items"]):
        raise ValidationError(_("The item is no longer there; the page has been reloaded."))
    {"promote": promote, "demote": demote, "merge": merge, "split": split, "drop": drop}[name](
        data, index
    )
    if name in ("merge",):
        return index - 1
    return min(index, len(data["items"]) - 1) if data["items"] else None


def tree(items: list[dict]) -> list[dict]:
    """The flat list nested: [{"title", "level" (1 at the top), "children"}]."""
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for item in items:
        node = {"title": item["title"], "level": item["depth"] + 1, "children": []}
        while stack and stack[-1][0] >= item["depth"]:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((item["depth"], node))
    return roots
