"""Helpers shared by forms of every app."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from verksam.core.text import blank_message, clean_line


class LineField(forms.CharField):
    """A title, a name or another one-line text, cleaned as verksam.core.text.clean_line.

    When required, a value with nothing left after cleaning (only spaces and
    invisible characters) is refused with a message naming the field; a form
    may give its own as `error_messages={"blank": ...}`.
    """

    def to_python(self, value):
        return clean_line(super().to_python(value))

    def validate(self, value):
        if self.required and value in self.empty_values:
            message = self.error_messages.get("blank") or blank_message(str(self.label))
            raise ValidationError(message, code="required")
        super().validate(value)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@dataclass
class ConflictingField:
    """One field of a refused edit: the user's unsaved input and what is saved now."""

    label: str
    yours: str
    saved: str


def with_version(data: QueryDict, version: int, *, field: str = "version") -> QueryDict:
    """A copy of submitted form data carrying the version saved now, so the form, sent
    again after the user has merged the two versions, is accepted."""
    data = data.copy()
    data[field] = str(version)
    return data


def conflicting_fields(form: forms.Form, saved: dict[str, Any]) -> list[ConflictingField]:
    """The fields where the user's input (a bound, validated form) differs from `saved`,
    the values saved now, both shown as the form shows them."""
    found = []
    for name, saved_value in saved.items():
        if name not in form.fields:
            continue
        form_field = form.fields[name]
        yours_value = form.cleaned_data.get(name) if name in form.cleaned_data else form[name].data
        yours, theirs = _shown(form_field, yours_value), _shown(form_field, saved_value)
        if yours != theirs:
            found.append(ConflictingField(str(form_field.label), yours, theirs))
    return found


def _shown(form_field: forms.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(form_field, forms.ModelChoiceField):
        values = value if isinstance(value, list | tuple | set | QuerySet) else [value]
        pks = [v.pk if isinstance(v, Model) else v for v in values]
        chosen = form_field.queryset.filter(pk__in=pks).order_by("pk")
        return ", ".join(str(form_field.label_from_instance(obj)) for obj in chosen)
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(key): label for key, label in form_field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(str(v), v)) for v in values)
    return str(value).replace("\r\n", "\n").strip()


def edit_conflict(obj: Model, fields: list[ConflictingField], *, user=None) -> dict[str, Any]:
    """What the page shows of a refused edit: the differing fields, and who saved last, when.

    `saved_by_you` is true when `user`, the one whose edit was refused, saved last
    (in another window, or by sending an earlier state of the same form).
    """
    from verksam.core.models import ChangeRecord

    record = (
        ChangeRecord.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk)
        .select_related("user")
        .order_by("-created_at", "-id")
        .first()
    )
    saver = record.user if record is not None else None
    return {
        "fields": fields,
        "saved_by": (saver.get_full_name() or saver.get_username()) if saver else "",
        "saved_at": record.created_at if record is not None else None,
        "saved_by_you": saver is not None and user is not None and saver.pk == user.pk,
    }


def conflict_message(conflict: dict[str, Any]) -> str:
    """The message on top of a form whose save was refused: who saved in between."""
    return str(OWN_CONFLICT_MESSAGE if conflict.get("saved_by_you") else CONFLICT_MESSAGE)


#: Shown on a form whose save was refused because someone else saved first.
CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this while you were editing it, so your changes were not saved. "
    "Both versions are shown: merge them in the form and save again."
)

#: Shown instead when the user themself saved in between, e.g. in another window.
OWN_CONFLICT_MESSAGE = gettext_lazy(
    "You saved this in another window, or sent this form before, after this form was loaded, "
    "so these changes were not saved. Both versions are shown: merge them in the form and "
    "save again."
)
