"""Writes of budget lines and outcomes: one code path for pages, the import and the demo.

Budget lines change only while their plan can be changed (the plan's one lock,
`verksam.plans.services.require_editable`); outcomes only while their round is
open. Every change is written to the plan's history as the plans' own changes are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import (
    ConcurrentEdit,
    change_record,
    check_version,
    full_row,
    snapshot,
)
from verksam.followup.models import FollowUpRound
from verksam.plans.models import Item
from verksam.plans.restore import write_rows
from verksam.plans.services import require_editable
from verksam.resources.models import BudgetLine, Outcome
from verksam.resources.permissions import can_edit_budget, can_record_outcome


def _refuse_duplicate(*, item: Item, kind: str, year: int, pk: int | None) -> None:
    taken = BudgetLine.objects.filter(item=item, kind=kind, year=year).exclude(pk=pk)
    if taken.exists():
        raise ValidationError(
            {
                "kind": _(
                    "The item already has a budget line of this kind for %(year)d: "
                    "change that line instead."
                )
                % {"year": year}
            }
        )


@transaction.atomic
def budget_line_save(
    *,
    user,
    item: Item,
    kind: str,
    year: int,
    amount: int,
    note: str = "",
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    """Add a budget line to an item, or change one (`line`), while the plan is a draft.

    One line per item, kind of cost and year: a second is refused, naming the field.
    `expected_version` is the version the form was loaded with (see check_version).
    """
    plan = item.plan
    if not can_edit_plan_budget(user, item):
        raise PermissionDenied
    require_editable(plan)
    before = None
    if line is None:
        line = BudgetLine(item=item)
    else:
        check_version(line, expected_version=expected_version)
        before = snapshot(line)
        line.version += 1
    line.item = item
    line.kind, line.year, line.amount, line.note = kind, year, amount, note.strip()
    line.full_clean(validate_unique=False, validate_constraints=False)
    _refuse_duplicate(item=item, kind=kind, year=year, pk=line.pk)
    line.save()
    action = ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE
    change_record(user=user, action=action, obj=line, data=before)
    return line


def can_edit_plan_budget(user, item: Item) -> bool:
    return user is None or can_edit_budget(user, item.plan)


@transaction.atomic
def budget_line_delete(*, user, line: BudgetLine) -> None:
    """Remove a budget line while its plan is a draft; the history keeps what it said."""
    if not can_edit_plan_budget(user, line.item):
        raise PermissionDenied
    require_editable(line.item.plan)
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=line, data=snapshot(line))
    line.delete()


def outcome_versions(outcomes: Mapping[str, Outcome]) -> str:
    """What a form remembers of the outcomes it was loaded with, to notice a later change."""
    return ",".join(f"{kind}:{outcome.version}" for kind, outcome in sorted(outcomes.items()))


@transaction.atomic
def outcomes_record(
    *,
    user,
    followup_round: FollowUpRound,
    item: Item,
    amounts: Mapping[str, int | None],
    note: str = "",
    expected_versions: str | None = None,
) -> list[Outcome]:
    """Record what the item cost per kind of cost in an open round (its utfall).

    A kind given None is cleared. The note is kept on every row of the item in the
    round. `expected_versions` (from `outcome_versions` when the form was loaded)
    refuses the save when someone else recorded the item's outcome meanwhile.
    """
    locked = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
    followup_round.is_closed = locked.is_closed
    if followup_round.is_closed:
        raise ValidationError(
            _("The round is closed: its outcomes can no longer be changed."), code="locked"
        )
    if user is not None and not can_record_outcome(user, followup_round, item):
        raise PermissionDenied
    existing = {
        outcome.kind: outcome
        for outcome in Outcome.objects.select_for_update().filter(round=followup_round, item=item)
    }
    if expected_versions is not None and expected_versions != outcome_versions(existing):
        current = max((o.version for o in existing.values()), default=0)
        raise ConcurrentEdit(
            _(
                "Someone else recorded this item's outcome while you were editing it. "
                "Reload the page to see what they recorded, then make your changes again."
            ),
            expected_version=0,
            current_version=current,
        )
    note = note.strip()
    saved = []
    for kind, amount in amounts.items():
        outcome = existing.get(kind)
        if amount is None:
            if outcome is not None:
                change_record(
                    user=user,
                    action=ChangeRecord.Action.DELETE,
                    obj=outcome,
                    data=snapshot(outcome),
                )
                outcome.delete()
            continue
        if outcome is None:
            outcome = Outcome(round=followup_round, item=item, kind=kind, amount=amount, note=note)
            outcome.full_clean(validate_constraints=False)
            outcome.save()
            change_record(user=user, action=ChangeRecord.Action.CREATE, obj=outcome)
        elif (outcome.amount, outcome.note) != (amount, note):
            before = snapshot(outcome)
            outcome.amount, outcome.note = amount, note
            outcome.version += 1
            outcome.full_clean(validate_constraints=False)
            outcome.save()
            change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=outcome, data=before)
        saved.append(outcome)
    return saved


@dataclass(frozen=True)
class BudgetRow:
    """One checked row of an import: the item and the line to write."""

    row: int
    item: Item
    kind: str
    year: int
    amount: int
    note: str


@transaction.atomic
def budget_lines_write(*, user, rows: Iterable[BudgetRow], plan) -> tuple[int, int]:
    """Write checked import rows all at once: a line already there for the item, kind and
    year gets the new amount. (added, changed); nothing is written when any row fails."""
    require_editable(plan)
    rows = list(rows)
    existing = {
        (line.item_id, line.kind, line.year): line
        for line in BudgetLine.objects.filter(item__plan=plan)
    }
    added = changed = 0
    for row in rows:
        line = existing.get((row.item.pk, row.kind, row.year))
        if line is not None and (line.amount, line.note) == (row.amount, row.note):
            continue
        budget_line_save(
            user=user,
            item=row.item,
            kind=row.kind,
            year=row.year,
            amount=row.amount,
            note=row.note,
            line=line,
        )
        if line is None:
            added += 1
        else:
            changed += 1
    return added, changed


def item_resources_kept(ids: list[int]) -> dict[str, list[dict]]:
    """The budget lines and outcomes of the items `ids`, as a deletion keeps them."""
    return {
        "budget_lines": [
            full_row(line) for line in BudgetLine.objects.filter(item_id__in=ids).order_by("id")
        ],
        "outcomes": [
            full_row(outcome) for outcome in Outcome.objects.filter(item_id__in=ids).order_by("id")
        ],
    }


def item_resources_write_back(plan, content: dict, item_ids: dict[int, int]) -> None:
    """Write the kept budget lines and outcomes of restored items back onto them.

    Outcomes of a round deleted since are left out: there is no round to hold them.
    """
    write_rows(BudgetLine, content.get("budget_lines", []), {"item_id": item_ids})
    outcomes = content.get("outcomes", [])
    rounds = set(
        FollowUpRound.objects.filter(pk__in={row["round_id"] for row in outcomes}).values_list(
            "pk", flat=True
        )
    )
    write_rows(
        Outcome, [row for row in outcomes if row["round_id"] in rounds], {"item_id": item_ids}
    )


def item_resources_copy(plan, copies: dict[int, Item]) -> None:
    """Copy the budget lines of a revised plan's items onto their copies in the new draft.

    Outcomes stay with the rounds of the plan they were recorded in.
    """
    BudgetLine.objects.bulk_create(
        BudgetLine(
            item=copies[line.item_id],
            kind=line.kind,
            year=line.year,
            amount=line.amount,
            note=line.note,
        )
        for line in BudgetLine.objects.filter(item__plan=plan, item_id__in=list(copies))
    )
