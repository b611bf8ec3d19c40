"""Shared write helpers: recording changes and detecting concurrent edits."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord, VersionedModel


class ConcurrentEdit(ValidationError):
    """A save refused because someone else saved the object after it was read.

    A ValidationError with the code "concurrent_edit", so forms show it like any
    other refusal; pages and the API catch it to show both versions.
    """

    def __init__(self, message: str, *, expected_version: int, current_version: int):
        super().__init__(message, code="concurrent_edit")
        self.expected_version = expected_version
        self.current_version = current_version


class VersionRequired(ValidationError):
    """A change of an existing object refused because the caller did not say which
    version it read (the API requires it; forms always send it)."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="version_required")
        self.current_version = current_version


def check_version(
    obj: VersionedModel, *, expected_version: int | None, required: bool = False
) -> None:
    """Refuse to save when somebody else saved `obj` after the form was loaded.

    An `expected_version` of 0 means the form was loaded before the object
    existed. Without an expected version the save goes ahead, unless `required`.
    """
    current = None
    if obj.pk is not None:
        current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    if expected_version is None:
        if required and current is not None:
            raise VersionRequired(
                _("Say which version you read: send the version you are changing."),
                current_version=current,
            )
        return
    if current is not None and current != expected_version:
        raise ConcurrentEdit(
            _(
                "Someone else changed this while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            ),
            expected_version=expected_version,
            current_version=current,
        )


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's field values as JSON-friendly data, for the change log."""
    data = model_to_dict(obj)
    return {key: _jsonable(value) for key, value in data.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def full_row(obj: models.Model) -> dict[str, Any]:
    """Every column of the object's row, by column attribute, as JSON-friendly data.

    Unlike `snapshot` it keeps the fields no form edits (depth, version, the
    timestamps), so the row can be written back exactly by `row_values`.
    """
    return {
        field.attname: _jsonable(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
    }


def row_values(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """The stored `full_row` data as field values of `model`, ready for `model(**values)`."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return {
        attname: by_attname[attname].to_python(value)
        for attname, value in row.items()
        if attname in by_attname
    }


_DELETED = {ChangeRecord.Action.DELETE, ChangeRecord.Action.UNLINK}


def change_record(
    *,
    user,
    action: str,
    obj: models.Model,
    data: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> ChangeRecord:
    """Write one entry in the change log: `data` as the object was before, `after` as it is.

    Both default to the object's fields now; `after` stays empty for a delete.
    The record belongs to the plan and the item that `obj.history_scope()`
    names, when the object has that method.
    """
    current = None if action in _DELETED else snapshot(obj)
    scope = getattr(obj, "history_scope", None)
    plan_id, item_id = scope() if scope is not None else (None, None)
    return ChangeRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        data=data if data is not None else (current if current is not None else snapshot(obj)),
        after=after if after is not None else current,
        plan_id=plan_id,
        item_id=item_id,
    )
