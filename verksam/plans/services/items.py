"""Writes to a plan's items: creating, changing, moving, deleting and restoring them, and
the contributes-to links between items of different plans.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, snapshot
from verksam.core.text import in_sentence
from verksam.organisations.models import Organisation
from verksam.plans import restore
from verksam.plans.models import (
    Contribution,
    Item,
    Plan,
    Tag,
)
from verksam.plans.services.plans import require_editable


def _next_position(plan: Plan, parent: Item | None) -> int:
    last = plan.items.filter(parent=parent).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _check_depth(plan: Plan, depth: int) -> None:
    if depth >= len(plan.level_names):
        raise ValidationError(
            {
                "parent": _("The plan's levels are %(levels)s; there is no level below %(last)s.")
                % {"levels": plan.structure_label, "last": in_sentence(plan.level_names[-1])}
            }
        )


@transaction.atomic
def item_create(
    *,
    user,
    plan: Plan,
    title: str,
    parent: Item | None = None,
    description: str = "",
    responsible_organisation: Organisation | None = None,
    responsible_people: Iterable = (),
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    tags: Iterable[Tag] = (),
    position: int | None = None,
    check_locked: bool = True,
) -> Item:
    """Add an item to a draft plan, last among its siblings unless a position is given."""
    if check_locked:
        require_editable(plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(
            {"parent": _("An item can only be placed under an item of the same plan.")}
        )
    depth = 0 if parent is None else parent.depth + 1
    _check_depth(plan, depth)
    item = Item(
        plan=plan,
        parent=parent,
        depth=depth,
        title=title.strip(),
        description=description,
        responsible_organisation=responsible_organisation,
        start_date=start_date,
        end_date=end_date,
        position=_next_position(plan, parent) if position is None else position,
    )
    item.full_clean()
    if position is not None:
        plan.items.filter(parent=parent, position__gte=position).update(position=F("position") + 1)
    item.save()
    item.tags.set(tags)
    item.responsible_people.set(responsible_people)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=item)
    return item


@transaction.atomic
def item_update(
    *,
    user,
    item: Item,
    expected_version: int | None = None,
    tags: Iterable[Tag] | None = None,
    responsible_people: Iterable | None = None,
    **fields,
) -> Item:
    """Change an item's title, description, responsibility, dates and tags."""
    require_editable(item.plan)
    check_version(item, expected_version=expected_version)
    before = snapshot(item)
    allowed = {"title", "description", "responsible_organisation", "start_date", "end_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"item_update got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value.strip() if name == "title" else value)
    item.full_clean()
    item.version = F("version") + 1
    item.save()
    item.refresh_from_db()
    if tags is not None:
        item.tags.set(tags)
    if responsible_people is not None:
        item.responsible_people.set(responsible_people)
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=item, data=before)
    return item


def _subtree(item: Item) -> list[Item]:
    """The item and all items below it, read with one query of the plan's items."""
    by_parent: dict[int | None, list[Item]] = {}
    for other in Item.objects.filter(plan_id=item.plan_id).only("id", "parent_id", "depth"):
        by_parent.setdefault(other.parent_id, []).append(other)
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(by_parent.get(current.pk, []))
    return found


@transaction.atomic
def item_move(
    *,
    user,
    item: Item,
    parent: Item | None,
    position: int | None = None,
    expected_version: int | None = None,
) -> Item:
    """Move an item, with everything below it, under another parent of the same plan.

    `position` counts from 0 among the new siblings; without it the item goes last.
    """
    plan = item.plan
    require_editable(plan)
    check_version(item, expected_version=expected_version)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("An item can only be moved within its own plan."), code="other_plan"
                )
            }
        )
    subtree = _subtree(item)
    if parent is not None and parent.pk in {node.pk for node in subtree}:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("An item cannot be moved under itself or under one of its own items."),
                    code="cycle",
                )
            }
        )
    new_depth = 0 if parent is None else parent.depth + 1
    shift = new_depth - item.depth
    deepest = max(node.depth for node in subtree) + shift
    _check_depth(plan, deepest)
    before = snapshot(item)

    siblings = list(plan.items.filter(parent=parent).exclude(pk=item.pk).order_by("position", "id"))
    if position is None or position > len(siblings):
        position = len(siblings)
    if position < 0:
        position = 0
    siblings.insert(position, item)
    for index, sibling in enumerate(siblings):
        if sibling.pk == item.pk:
            continue
        if sibling.position != index:
            Item.objects.filter(pk=sibling.pk).update(position=index)
    old_parent_id = item.parent_id
    item.parent = parent
    item.position = position
    item.depth = new_depth
    item.version = F("version") + 1
    item.save(update_fields=["parent", "position", "depth", "version", "updated_at"])
    item.refresh_from_db()
    if old_parent_id != item.parent_id:
        _renumber(plan, old_parent_id)
    if shift:
        descendant_ids = [node.pk for node in subtree if node.pk != item.pk]
        Item.objects.filter(pk__in=descendant_ids).update(depth=F("depth") + shift)
    change_record(user=user, action=ChangeRecord.Action.MOVE, obj=item, data=before)
    return item


def item_shift(*, user, item: Item, steps: int) -> Item:
    """Move an item up (negative steps) or down among its siblings."""
    siblings = list(item.plan.items.filter(parent_id=item.parent_id).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    return item_move(user=user, item=item, parent=item.parent, position=max(0, index + steps))


@transaction.atomic
def item_delete(*, user, item: Item) -> None:
    """Delete an item and the items below it; the change log keeps what they were.

    The record of the deleted item keeps the whole subtree, exactly as it was
    (rows, tags, responsible people, links both ways, indicators, targets and
    assessments), so that `item_restore` can put it back.
    """
    require_editable(item.plan)
    subtree = _subtree(item)
    ids = [node.pk for node in subtree]
    content = restore.subtree_content(ids)
    nodes = {node.pk: node for node in Item.objects.filter(pk__in=ids)}
    links = Contribution.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    for link in links.select_related("source", "target"):
        change_record(user=user, action=ChangeRecord.Action.UNLINK, obj=link)
    for node_id in reversed(ids):  # the deleted item's own record last, so it shows first
        data = snapshot(nodes[node_id])
        if node_id == item.pk:
            data["subtree"] = content
        change_record(user=user, action=ChangeRecord.Action.DELETE, obj=nodes[node_id], data=data)
    parent_id, plan = item.parent_id, item.plan
    item.delete()
    _renumber(plan, parent_id)


def _renumber(plan: Plan, parent_id: int | None) -> None:
    """Number the children of `parent_id` 0, 1, 2 … without gaps, keeping their order."""
    for index, sibling in enumerate(
        plan.items.filter(parent_id=parent_id).order_by("position", "id")
    ):
        if sibling.position != index:
            Item.objects.filter(pk=sibling.pk).update(position=index)


@transaction.atomic
def contribution_add(*, user, source: Item, target: Item) -> Contribution:
    """Record that `source` contributes to `target`, an item of another plan."""
    require_editable(source.plan)
    if Contribution.objects.filter(source=source, target=target).exists():
        raise ValidationError(
            {"target": _("%(item)s already contributes to this.") % {"item": source.title}}
        )
    link = Contribution(source=source, target=target)
    link.full_clean()
    link.save()
    change_record(user=user, action=ChangeRecord.Action.LINK, obj=link)
    return link


@transaction.atomic
def contribution_remove(*, user, source: Item, target: Item) -> None:
    require_editable(source.plan)
    for link in Contribution.objects.filter(source=source, target=target):
        change_record(user=user, action=ChangeRecord.Action.UNLINK, obj=link)
        link.delete()


@transaction.atomic
def item_restore(*, user, plan: Plan, item_id: int) -> Item:
    """Put a deleted item of a draft plan back, with everything that was deleted with it.

    The items come back with their ids (new ones where an id has been taken
    since), at the same position among the siblings, with their tags,
    responsible people, links, indicators, targets and assessments. An item
    whose parent has been deleted is refused: restore the parent first. Links
    to items that no longer exist, and assessments of removed rounds, are left out.
    """
    require_editable(plan)
    record = restore.restorable_delete(plan, item_id)
    if record is None:
        raise ValidationError(
            _("There is no deleted item to restore here; it may have been restored already."),
            code="nothing_to_restore",
        )
    content = record.data["subtree"]
    rows = content["items"]
    root = next(row for row in rows if row["id"] == item_id)
    parent = None
    if root["parent_id"] is not None:
        parent = plan.items.filter(pk=root["parent_id"]).first()
        if parent is None:
            gone = (
                ChangeRecord.objects.filter(
                    object_type=Item._meta.label_lower, object_id=root["parent_id"]
                )
                .values_list("object_repr", flat=True)
                .first()
            )
            raise ValidationError(
                _(
                    "“%(title)s” was placed under “%(parent)s”, which has been deleted too. "
                    "Restore that first, then this."
                )
                % {"title": root["title"], "parent": gone or root["parent_id"]},
                code="parent_gone",
            )
    shift = (0 if parent is None else parent.depth + 1) - root["depth"]
    _check_depth(plan, max(row["depth"] for row in rows) + shift)
    for row in rows:
        row["depth"] += shift
    plan.items.filter(parent=parent, position__gte=root["position"]).update(
        position=F("position") + 1
    )
    item_ids: dict[int, int] = {}
    restore.subtree_write(plan, content, item_ids=item_ids)
    _renumber(plan, root["parent_id"])
    restored = Item.objects.select_related("plan").get(pk=item_ids[item_id])
    change_record(
        user=user,
        action=ChangeRecord.Action.RESTORE,
        obj=restored,
        data={"restored_from": record.pk, "items": len(item_ids)},
    )
    return restored
