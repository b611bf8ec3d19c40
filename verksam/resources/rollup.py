"""Money up the tree: an item's budget and outcome with everything below it.

The rule is pure, on plain values with no database: ``roll_up`` takes each item's
parent and the amounts recorded on items (budget lines, or a round's outcomes) and
gives every item its own amounts and its total, the own amounts plus those of every
item below it, per kind of cost. ``verksam.resources.selectors.plan_resources`` reads
what it needs for a whole plan in a fixed number of queries and calls it, once for the
budget and once for the outcome, so pages, the API and documents add up the same way.

Amounts are whole kronor (int), so the sums are exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from verksam.resources.choices import CostKind

__all__ = ["KINDS", "NOTHING", "Money", "Totals", "difference", "plan_total", "roll_up"]

#: The kinds of cost in the order tables show them.
KINDS: tuple[str, ...] = tuple(CostKind.values)


@dataclass(frozen=True)
class Money:
    """Amounts per kind of cost, in whole kronor; kinds with nothing are left out."""

    by_kind: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def of(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)

    def __bool__(self) -> bool:
        return bool(self.by_kind)


@dataclass(frozen=True)
class Totals:
    """An item's own amounts and its total with the items below it."""

    own: Money
    total: Money


NOTHING = Totals(Money(), Money())


def _add(into: dict[str, int], amounts: Mapping[str, int]) -> None:
    for kind, amount in amounts.items():
        into[kind] = into.get(kind, 0) + amount


def roll_up(
    parents: Mapping[int, int | None], amounts: Iterable[tuple[int, str, int]]
) -> dict[int, Totals]:
    """Every item's own amounts and its total with its descendants, per kind.

    `parents` maps every item of the plan to its parent (None for a top-level item);
    `amounts` are (item id, kind, amount) rows, several per item and kind allowed (a
    budget line per year, say). Rows of items not in `parents` are left out, and an item
    whose parent is not in `parents` counts as a top-level item. Every item in
    `parents` gets an entry, with empty Money when nothing is recorded in its subtree.
    """
    own: dict[int, dict[str, int]] = {pk: {} for pk in parents}
    for item_id, kind, amount in amounts:
        if item_id in own:
            _add(own[item_id], {kind: amount})
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        children[parent if parent in parents else None].append(pk)
    total: dict[int, dict[str, int]] = {}
    # Depth first without recursion: a plan's tree can be deep, Python's stack is not.
    stack: list[tuple[int, bool]] = [(pk, False) for pk in children[None]]
    while stack:
        pk, children_done = stack.pop()
        if children_done:
            sums = dict(own[pk])
            for child in children.get(pk, ()):
                _add(sums, total[child])
            total[pk] = sums
            continue
        stack.append((pk, True))
        stack.extend((child, False) for child in children.get(pk, ()) if child not in total)
    return {
        pk: Totals(
            Money(own[pk]),
            # An item on a loop of parents (which the plan's services never make) is
            # reached from no top-level item: it keeps its own amounts only.
            Money(total.get(pk, own[pk])),
        )
        for pk in parents
    }


def plan_total(parents: Mapping[int, int | None], totals: Mapping[int, Totals]) -> Money:
    """The whole plan's amounts: the totals of its top-level items added up."""
    sums: dict[str, int] = {}
    for pk, parent in parents.items():
        if parent is None or parent not in parents:
            _add(sums, totals[pk].total.by_kind)
    return Money(sums)


def difference(budget: Money, outcome: Money) -> int:
    """What is left of the budget after the outcome (negative when it is overspent)."""
    return budget.total - outcome.total
