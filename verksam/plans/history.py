"""Reading the change history of a plan and of an item, a page at a time.

Each entry says when, who, what, and shows a table of the fields before and
after the change, with the fields' own names (their verbose_name) and values
as people read them: names instead of ids, labels instead of codes. The ids on
a page are looked up together, one query per kind of object, so a page costs
the same number of queries however long the history is.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.plans.models import Item, Plan
from verksam.plans.restore import restored_deletes

#: Entries on one page of history.
PER_PAGE = 30

#: Actions whose record holds an object as it was made, not as it was before.
_MADE = {ChangeRecord.Action.CREATE, ChangeRecord.Action.LINK, ChangeRecord.Action.RESTORE}

#: Columns every row has and no reader needs to see in a change.
_HIDDEN = {"id", "plan", "created_at", "updated_at", "version"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    record: ChangeRecord
    kind: str
    fields: list[FieldChange] = field(default_factory=list)
    can_restore: bool = False


def plan_history(
    plan: Plan, page_number, *, item_id: int | None = None, may_restore: bool = False
) -> Page:
    """One page of the changes of the plan, or only of one of its items (also a deleted one).

    With `may_restore` (an administrator, on a draft) the deletions that can
    still be restored are marked so.
    """
    records = ChangeRecord.objects.filter(plan_id=plan.pk).select_related("user")
    if item_id is not None:
        records = records.filter(item_id=item_id)
    page = Paginator(records.order_by("-created_at", "-id"), PER_PAGE).get_page(page_number)
    entries = _entries(list(page.object_list))
    if may_restore:
        deletes = [
            entry.record.pk
            for entry in entries
            if entry.record.action == ChangeRecord.Action.DELETE and "subtree" in entry.record.data
        ]
        restored = restored_deletes(deletes) if deletes else set()
        for entry in entries:
            entry.can_restore = entry.record.pk in deletes and entry.record.pk not in restored
    page.object_list = entries
    return page


def _model(record: ChangeRecord) -> type[models.Model] | None:
    try:
        return apps.get_model(record.object_type)
    except (LookupError, ValueError):
        return None


def _fields(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    return {
        f.name: f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in _HIDDEN
    }


def _entries(records: list[ChangeRecord]) -> list[HistoryEntry]:
    names = _related_names(records)
    entries = []
    for record in records:
        model = _model(record)
        fields = _fields(model)
        kind = capfirst(str(model._meta.verbose_name)) if model else record.object_type
        before = record.data if isinstance(record.data, dict) else {}
        after = record.after if isinstance(record.after, dict) else {}
        if record.action in _MADE:
            before = {}  # what was made has no before; `data` holds it as it was made
        # A change shows the fields that changed; a record without `after` (written before
        # the log kept it) or one that made or removed something shows every field.
        changes_only = bool(before and after)
        rows = []
        if "sections" in before or "sections" in after:
            rows.append(_sections_change(before.get("sections"), after.get("sections")))
        for name, model_field in fields.items():
            if name not in before and name not in after:
                continue
            old = _display(model_field, before.get(name), names) if name in before else ""
            new = _display(model_field, after.get(name), names) if name in after else ""
            if (changes_only and old == new) or not (old or new):
                continue
            rows.append(FieldChange(capfirst(str(model_field.verbose_name)), old, new))
        entries.append(HistoryEntry(record=record, kind=kind, fields=rows))
    return entries


def _sections_change(before: list | None, after: list | None) -> FieldChange:
    def text(sections: list | None) -> str:
        if sections is None:
            return ""
        return "\n\n".join(f"{s.get('title', '')}\n{s.get('body', '')}".strip() for s in sections)

    return FieldChange(_("Text sections"), text(before), text(after))


def _related_names(records: list[ChangeRecord]) -> dict[tuple[type, Any], str]:
    """Names of every object a page's records refer to by id: one query per kind of object."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for record in records:
        for name, model_field in _fields(_model(record)).items():
            if not model_field.is_relation:
                continue
            for values in (record.data, record.after):
                value = values.get(name) if isinstance(values, dict) else None
                for pk in value if isinstance(value, list) else [value]:
                    if isinstance(pk, int):
                        wanted[model_field.related_model].add(pk)
    names: dict[tuple[type, Any], str] = {}
    user_model = get_user_model()
    for model, pks in wanted.items():
        found = model._base_manager.filter(pk__in=pks)
        direct = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        if model is Item:
            direct = []  # an item's name is its title
        elif direct:
            found = found.select_related(*direct)
        for obj in found:
            names[(model, obj.pk)] = (
                (obj.get_full_name() or obj.get_username()) if model is user_model else str(obj)
            )
    return names


def _display(model_field: models.Field, value: Any, names: dict) -> str:
    """A stored value as a reader reads it."""
    if value is None or value == "" or value == []:
        return ""
    if model_field.is_relation:
        model = model_field.related_model
        values = value if isinstance(value, list) else [value]
        return ", ".join(
            names.get((model, pk), _("(deleted, id %(id)s)") % {"id": pk}) for pk in values
        )
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)
