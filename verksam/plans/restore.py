"""Deleted items kept so they can be restored, and written back.

When an item is deleted, the record of its deletion keeps the whole subtree as it was
(`subtree_content`): the items' rows, tags, responsible people and links both ways, and
what the apps above plans keep with items, the indicators and targets followed on them and
their assessments. Plans cannot import those apps (CONTRIBUTING.md, "Imports run one
way"), so each registers here, in its `AppConfig.ready()`, an `ItemPart`: the rows it
keeps of the items, how it writes them back, and how it copies them when an adopted plan
is revised. The service `plans.services.item_restore` decides whether an item may come
back and where; `subtree_write` puts the rows back.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from verksam.core.models import ChangeRecord
from verksam.core.services import full_row, row_values
from verksam.plans.models import Contribution, Item, Tag

if TYPE_CHECKING:
    from verksam.plans.models import Plan


@dataclass(frozen=True)
class ItemPart:
    """What an app above plans keeps with items when they are deleted or copied."""

    #: item ids -> {key of the deletion record's subtree: rows (`full_row`)}.
    kept_rows: Callable[[list[int]], dict[str, list[dict]]]
    #: (plan, the subtree kept, {old item id: new item id}) -> None: write its rows back.
    write_back: Callable[["Plan", dict, dict[int, int]], None]
    #: (plan, {item id: its copy}) -> None: copy its rows onto the copies of a revised plan.
    copy: Callable[["Plan", dict[int, Item]], None] | None = None


_parts: dict[str, ItemPart] = {}


def register_item_part(name: str, part: ItemPart) -> None:
    """Keep, restore and copy `part` with items; registering a name again replaces it."""
    _parts[name] = part


def subtree_content(ids: list[int]) -> dict:
    """Every row of the items `ids` and of what goes with them when they are deleted."""
    items = Item.objects.filter(pk__in=ids).order_by("depth", "position", "id")
    tags = Item.tags.through.objects.filter(item_id__in=ids)
    people = Item.responsible_people.through.objects.filter(item_id__in=ids)
    links = Contribution.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    content = {
        "items": [full_row(node) for node in items],
        "tags": [[row.item_id, row.tag_id] for row in tags],
        "responsible_people": [[row.item_id, row.user_id] for row in people],
        "links": [full_row(link) for link in links.order_by("id")],
    }
    for part in _parts.values():
        content.update(part.kept_rows(ids))
    return content


def items_copied(plan: "Plan", copies: dict[int, Item]) -> None:
    """Copy what the apps above plans keep with the plan's items onto their copies."""
    for part in _parts.values():
        if part.copy is not None:
            part.copy(plan, copies)


def restorable_delete(plan: "Plan", item_id: int) -> ChangeRecord | None:
    """The record of the deletion of item `item_id` of `plan`, if it can still be restored."""
    record = (
        ChangeRecord.objects.filter(
            plan_id=plan.pk,
            object_type=Item._meta.label_lower,
            object_id=item_id,
            action=ChangeRecord.Action.DELETE,
            data__has_key="subtree",
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if record is None or restored_deletes([record.pk]):
        return None
    return record


def restored_deletes(record_ids: Iterable[int]) -> set[int]:
    """Which of these deletion records have been restored already (one query)."""
    restores = ChangeRecord.objects.filter(
        action=ChangeRecord.Action.RESTORE, data__restored_from__in=list(record_ids)
    ).values_list("data", flat=True)
    return {data["restored_from"] for data in restores}


def write_rows(
    model: type[models.Model], rows: list[dict], remap: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Write stored rows back, with their own ids where free; returns {old id: new id}.

    `remap` gives, per column, the new ids of rows written back before (a
    restored parent, item or indicator). A nullable reference to a row that no
    longer exists is emptied; the timestamps are written back as they were.
    """
    if not rows:
        return {}
    taken = set(
        model._base_manager.filter(pk__in=[row["id"] for row in rows]).values_list("pk", flat=True)
    )
    references = [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.null and field.attname not in remap
    ]
    existing = {
        field.attname: set(
            field.related_model._base_manager.filter(
                pk__in={row[field.attname] for row in rows if row.get(field.attname)}
            ).values_list("pk", flat=True)
        )
        for field in references
    }
    stamps = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    new_ids: dict[int, int] = {}
    written = []
    for row in rows:
        values = row_values(model, row)
        old_id = values["id"]
        for attname, mapping in remap.items():
            if values.get(attname) in mapping:
                values[attname] = mapping[values[attname]]
        for attname, found in existing.items():
            if values.get(attname) is not None and values[attname] not in found:
                values[attname] = None
        if old_id in taken:
            values.pop("id")
        obj = model(**values)
        obj.save(force_insert=True)
        for attname in stamps:
            setattr(obj, attname, values[attname])
        new_ids[old_id] = obj.pk
        written.append(obj)
    if stamps:
        model._base_manager.bulk_update(written, stamps)
    return new_ids


def _write_items_in_tree_order(rows: list[dict], item_ids: dict[int, int]) -> None:
    """Write item rows back parents first, so each child finds its parent's new id."""
    for row in sorted(rows, key=lambda row: (row["depth"], row["position"], row["id"])):
        item_ids.update(write_rows(Item, [row], {"parent_id": item_ids}))


def subtree_write(plan: "Plan", content: dict, *, item_ids: dict[int, int]) -> None:
    """Write a kept subtree back: its items parents first (filling `item_ids`, {old id: new
    id}), their tags and people that still exist, the links whose ends still exist and are
    not linked again since, and what the apps above plans keep (`ItemPart.write_back`)."""
    _write_items_in_tree_order(content["items"], item_ids)
    tags = {tag for _item, tag in content["tags"]}
    tags = set(Tag.objects.filter(pk__in=tags).values_list("pk", flat=True))
    Item.tags.through.objects.bulk_create(
        Item.tags.through(item_id=item_ids[item], tag_id=tag)
        for item, tag in content["tags"]
        if tag in tags
    )
    people = {person for _item, person in content["responsible_people"]}
    present = set(get_user_model().objects.filter(pk__in=people).values_list("pk", flat=True))
    Item.responsible_people.through.objects.bulk_create(
        Item.responsible_people.through(item_id=item_ids[item], user_id=person)
        for item, person in content["responsible_people"]
        if person in present
    )
    links = [
        row
        for row in content["links"]
        if not Contribution.objects.filter(
            source_id=item_ids.get(row["source_id"], row["source_id"]),
            target_id=item_ids.get(row["target_id"], row["target_id"]),
        ).exists()
    ]
    ends = {row["source_id"] for row in links} | {row["target_id"] for row in links}
    alive = set(Item.objects.filter(pk__in=ends).values_list("pk", flat=True)) | set(item_ids)
    write_rows(
        Contribution,
        [row for row in links if row["source_id"] in alive and row["target_id"] in alive],
        {"source_id": item_ids, "target_id": item_ids},
    )
    for part in _parts.values():
        part.write_back(plan, content, item_ids)
