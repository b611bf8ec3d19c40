"""Measure the reader against a corpus of documents with hand-written expected structures.

Used by the corpus test (which fails when a measure slips below its bar) and by
`verksam plan read --corpus DIR` (which prints the table).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from verksam.plans.reading import ReadingError, read_path
from verksam.plans.reading.structure import similarity

MATCH = 0.9


@dataclass
class DocumentScore:
    name: str
    expected_items: int
    found_items: int
    matched_items: int
    period_stated: bool
    period_exact: bool
    title_similarity: float | None
    groups_expected: int
    groups_found: int
    groups_matched: int
    error: str | None = None

    @property
    def item_f1(self) -> float:
        return f1(self.matched_items, self.found_items, self.expected_items)

    @property
    def group_f1(self) -> float:
        return f1(self.groups_matched, self.groups_found, self.groups_expected)


def f1(matched: int, found: int, expected: int) -> float:
    if found == 0 and expected == 0:
        return 1.0
    if matched == 0:
        return 0.0
    precision, recall = matched / found, matched / expected
    return 2 * precision * recall / (precision + recall)


def flatten(items: list[dict], depth: int = 1) -> list[tuple[int, str]]:
    result = []
    for item in items:
        result.append((depth, item["title"]))
        result.extend(flatten(item.get("children", []), depth + 1))
    return result


def match_items(expected: list[tuple[int, str]], found: list[tuple[int, str]]) -> int:
    """Pairs of a found and an expected item at the same depth with titles ≥ 90 % alike."""
    unused = list(expected)
    matched = 0
    for depth, title in found:
        best, best_score = None, MATCH
        for candidate in unused:
            if candidate[0] != depth:
                continue
            score = similarity(candidate[1], title)
            if score >= best_score:
                best, best_score = candidate, score
        if best is not None:
            unused.remove(best)
            matched += 1
    return matched


def score_document(path: Path, expected: dict) -> DocumentScore:
    expected_items = flatten(expected["items"])
    groups = set(expected["priority_groups"])
    period = expected["period"]
    stated = period["start"] is not None
    try:
        found = read_path(path).as_json()
    except ReadingError as error:
        return DocumentScore(
            path.name, len(expected_items), 0, 0, stated, False, 0.0, len(groups), 0, 0, str(error)
        )
    found_items = flatten(found["items"])
    found_groups = set(found["priority_groups"])
    if expected["title"] is None:
        title_score = 1.0 if found["title"] is None else 0.0
    else:
        title_score = similarity(expected["title"], found["title"] or "")
    return DocumentScore(
        name=path.name,
        expected_items=len(expected_items),
        found_items=len(found_items),
        matched_items=match_items(expected_items, found_items),
        period_stated=stated,
        period_exact=found["period"] == period,
        title_similarity=title_score,
        groups_expected=len(groups),
        groups_found=len(found_groups),
        groups_matched=len(groups & found_groups),
    )


def score_corpus(directory: Path) -> list[DocumentScore]:
    directory = Path(directory)
    scores = []
    for expected_path in sorted((directory / "expected").glob("*.json")):
        name = expected_path.name[: -len(".json")]
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        scores.append(score_document(directory / "documents" / name, expected))
    return scores


@dataclass
class CorpusSummary:
    documents: int
    item_f1: float
    item_f1_by_document: float
    period_exact: float
    title_similarity: float
    group_f1: float


def summarise(scores: list[DocumentScore]) -> CorpusSummary:
    """Item and group F1 pooled over all documents; period over documents that state one."""
    matched = sum(s.matched_items for s in scores)
    found = sum(s.found_items for s in scores)
    expected = sum(s.expected_items for s in scores)
    stated = [s for s in scores if s.period_stated]
    return CorpusSummary(
        documents=len(scores),
        item_f1=f1(matched, found, expected),
        item_f1_by_document=sum(s.item_f1 for s in scores) / len(scores) if scores else 0.0,
        period_exact=sum(s.period_exact for s in stated) / len(stated) if stated else 1.0,
        title_similarity=sum(s.title_similarity or 0 for s in scores) / len(scores)
        if scores
        else 0.0,
        group_f1=f1(
            sum(s.groups_matched for s in scores),
            sum(s.groups_found for s in scores),
            sum(s.groups_expected for s in scores),
        ),
    )


def table(scores: list[DocumentScore]) -> str:
    lines = [
        f"{'document':<48} {'items e/f/m':>12} {'item F1':>8} {'period':>7} {'title':>6}"
        f" {'groups F1':>9}",
    ]
    for s in scores:
        period = (
            ("ok" if s.period_exact else "WRONG")
            if s.period_stated
            else ("-" if s.period_exact else "extra")
        )
        items = f"{s.expected_items}/{s.found_items}/{s.matched_items}"
        lines.append(
            f"{s.name:<48} {items:>12} {s.item_f1:>8.2f} {period:>7} "
            f"{s.title_similarity or 0:>6.2f} {s.group_f1:>9.2f}"
            + (f"  {s.error}" if s.error else "")
        )
    summary = summarise(scores)
    lines += [
        "",
        f"documents: {summary.documents}",
        f"item-title F1 (pooled): {summary.item_f1:.3f}"
        f"   (mean per document: {summary.item_f1_by_document:.3f})",
        f"exact period on documents that state one: {summary.period_exact:.3f}",
        f"title similarity (mean): {summary.title_similarity:.3f}",
        f"priority-group F1 (pooled): {summary.group_f1:.3f}",
    ]
    return "\n".join(lines)
