"""Writes to plans and items. Views, the admin actions, commands and the demo all use these.

The plan lock and the writes to plans are in `plans`, deciding on a plan in `decisions`,
the writes to items and their links (restoring deleted items too) in `items`; each is
named here, so `verksam.plans.services.<name>` reaches every one.
"""

from verksam.plans.services.decisions import (
    adopting_boards,
    plan_administrators,
    plan_adopt,
    plan_return_from_decision,
    plan_send_for_decision,
)
from verksam.plans.services.items import (
    contribution_add,
    contribution_remove,
    item_create,
    item_delete,
    item_move,
    item_restore,
    item_shift,
    item_update,
)
from verksam.plans.services.plans import (
    next_period,
    next_period_title,
    period_title,
    plan_archive,
    plan_continue,
    plan_create,
    plan_revise,
    plan_sections_save,
    plan_set_published,
    plan_update,
    require_editable,
)

__all__ = [
    "adopting_boards",
    "contribution_add",
    "contribution_remove",
    "item_create",
    "item_delete",
    "item_move",
    "item_restore",
    "item_shift",
    "item_update",
    "next_period",
    "next_period_title",
    "period_title",
    "plan_administrators",
    "plan_adopt",
    "plan_archive",
    "plan_continue",
    "plan_create",
    "plan_return_from_decision",
    "plan_revise",
    "plan_sections_save",
    "plan_send_for_decision",
    "plan_set_published",
    "plan_update",
    "require_editable",
]
