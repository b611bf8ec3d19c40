"""Rolling a plan into the next period: making next period's draft from the editor's choices."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.followup.rollover.selectors import CURRENT_ROUND, RolloverPreview, rollover_preview
from verksam.indicators.models import ItemIndicator
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan
from verksam.plans.services import item_create, plan_continue


@transaction.atomic
def plan_rollover(
    *,
    user,
    plan: Plan,
    items: Iterable[int],
    links: Iterable[int],
    proposals: Iterable[int] = (),
    today: datetime.date,
    followup_round: object = CURRENT_ROUND,
) -> Plan:
    """Make the draft of the plan for the next period from what the editor chose in the preview.

    The preview is read again inside the transaction, so the choices are
    checked against the plan as it is now: `items` (ids of the plan's items to
    copy; an item goes only with the item it is part of), `links` (ids of the
    contributes-to links to keep, among those whose target still holds) and
    `proposals` (ids of the approved assessments whose improvements become new
    items). Unfinished activities among the copied items are marked as carried
    over; the copied items' indicators get the baseline moved on and no targets.
    Unfinished and improvements are read from `followup_round` as in the preview.
    The new plan is made by `plan_continue`, which records its creation in the
    history; each proposed item is added by `item_create` and recorded too.
    """
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("An archived plan cannot be continued."), code="archived")
    preview = rollover_preview(plan, today=today, followup_round=followup_round)
    if preview.existing is not None:
        raise ValidationError(
            _("%(title)s already exists; open it instead of making it again.")
            % {"title": preview.existing.title},
            code="exists",
        )
    chosen = set(items) & {row.pk for row in preview.rows}
    carried = chosen & {row.pk for row in preview.carried}
    kept = set(links) & {row.link.pk for row in preview.links_kept}
    successor = plan_continue(user=user, plan=plan, items=chosen, carried=carried, links=kept)
    copies = {
        item.origin_id: item for item in Item.objects.filter(plan=successor, origin__isnull=False)
    }
    _copy_indicators(preview, copies)
    _add_proposals(user, preview, successor, copies, set(proposals))
    return successor


def _copy_indicators(preview: RolloverPreview, copies: dict[int, Item]) -> None:
    """The copied items' indicators, with the baseline moved on and no targets."""
    ItemIndicator.objects.bulk_create(
        ItemIndicator(
            item=copies[row.pk],
            indicator_id=move.use.indicator_id,
            organisation_id=move.use.organisation_id,
            baseline=move.baseline,
            baseline_label=move.baseline_label,
        )
        for row in preview.rows
        if row.pk in copies
        for move in row.indicators
    )


def _add_proposals(
    user, preview: RolloverPreview, successor: Plan, copies: dict[int, Item], chosen: set[int]
) -> None:
    """Add the chosen improvements as new items, under the copy of the item each belongs to.

    When that item was not copied, the new item goes under the nearest item above
    it that was, or at the top.
    """
    by_id = {row.pk: row.item for row in preview.rows}
    for proposal in preview.proposals:
        if proposal.pk not in chosen:
            continue
        parent = proposal.parent
        while parent is not None and parent.pk not in copies:
            parent = by_id.get(parent.parent_id)
        assessment = proposal.assessment
        note = _("Proposed by the follow-up of %(item)s in %(round)s.") % {
            "item": assessment.item.title,
            "round": preview.followup_round.name if preview.followup_round else "",
        }
        item_create(
            user=user,
            plan=successor,
            title=proposal.title,
            parent=copies[parent.pk] if parent is not None else None,
            description=f"{assessment.improvements.strip()}\n\n{note}",
            responsible_organisation=assessment.item.responsible_organisation,
        )
