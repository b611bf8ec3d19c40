"""Shared write helpers: recording changes and detecting concurrent edits."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord, VersionedModel


def check_version(obj: VersionedModel, *, expected_version: int | None) -> None:
    """Refuse to save when somebody else saved `obj` after the form was loaded."""
    if expected_version is None:
        return
    current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is not None and current != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            ),
            code="concurrent_edit",
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


def change_record(
    *, user, action: str, obj: models.Model, data: dict[str, Any] | None = None
) -> ChangeRecord:
    """Write one entry in the change log."""
    return ChangeRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        data=data if data is not None else snapshot(obj),
    )
