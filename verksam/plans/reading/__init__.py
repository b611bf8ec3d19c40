"""Read an existing plan document (DOCX, PDF, HTML, TXT, MD) into a structured draft.

`read_document(data, filename)` gives a `Reading`: the blocks of the document, the
structure found in them (`structure.py`) and the Library Act check (`library_act.py`).
`Reading.as_json()` is the object `verksam plan read` prints. Nothing here touches the
database or the network.
"""

from dataclasses import dataclass

from verksam.plans.reading.blocks import CONTENTS, Block, ReadingError
from verksam.plans.reading.formats import MAX_BYTES, format_of, read_blocks
from verksam.plans.reading.library_act import LibraryActCheck, check_library_act
from verksam.plans.reading.structure import FoundItem, Structure, infer

__all__ = ["MAX_BYTES", "Reading", "ReadingError", "format_of", "read_document", "read_path"]


@dataclass
class Reading:
    blocks: list[Block]
    structure: Structure
    check: LibraryActCheck

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    def as_json(self) -> dict:
        def tree(items: list[FoundItem], depth: int) -> list[dict]:
            return [
                {"title": i.title, "level": depth, "children": tree(i.children, depth + 1)}
                for i in items
            ]

        s = self.structure
        return {
            "title": s.title,
            "organisation": s.organisation,
            "kind": s.kind,
            "period": {"start": s.period_start, "end": s.period_end},
            "vision": s.vision,
            "levels": s.levels,
            "items": tree(s.items, 1),
            "priority_groups": self.check.groups_found,
            "expected_contents": self.check.contents_map(),
        }


def _titles(items: list[FoundItem]) -> list[str]:
    result = []
    for item in items:
        result.append(item.title)
        result.extend(_titles(item.children))
    return result


def read_document(data: bytes, filename: str) -> Reading:
    """Read a plan document; raises `ReadingError` with a message for the uploader."""
    blocks = read_blocks(data, filename)
    structure = infer(blocks)
    text = "\n".join(b.text for b in blocks if b.kind != CONTENTS or len(b.text) < 120)
    check = check_library_act(
        text,
        item_titles=_titles(structure.items),
        has_period=structure.period_start is not None,
    )
    return Reading(blocks, structure, check)


def read_path(path) -> Reading:
    from pathlib import Path

    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        return read_document(b"x" * (MAX_BYTES + 1), path.name)
    return read_document(path.read_bytes(), path.name)
