"""Which models a backup holds, in which order, and which rows of one organisation.

Nothing is listed by hand: the models are read from Django's app registry and
the rows of an organisation are found by following foreign keys, so a new
model or field is covered without a change here.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models as db_models
from django.db.models import Q
from django.utils.translation import gettext as _

from verksam.organisations.models import Organisation

#: Rows that `migrate` creates in every installation, possibly with other primary keys:
#: references to them are written as natural keys and looked up again when restoring.
REFERENCE_MODELS = frozenset({"contenttypes.contenttype", "auth.permission"})


class BackupError(Exception):
    """An archive cannot be written or restored; the message says why, for the operator."""


# What is backed up ------------------------------------------------------------------


def model_label(model: type[db_models.Model]) -> str:
    return model._meta.label_lower


def relations(model: type[db_models.Model]) -> list[db_models.Field]:
    """The model's own foreign keys and one-to-one fields (a table's columns, not M2M)."""
    return [f for f in model._meta.local_concrete_fields if f.is_relation]


def is_standalone(model: type[db_models.Model]) -> bool:
    """A list that refers to nothing, such as the tags: shared by every organisation."""
    return (
        model is not get_user_model()
        and not relations(model)
        and not model._meta.local_many_to_many
    )


def seeded_rows(model: type[db_models.Model], using: str) -> db_models.QuerySet:
    """The rows `migrate` puts into a new database, which a restore replaces.

    A standalone list is seeded whole; another model names its seeded rows with a
    `seeded_by_migrations()` method on its queryset (SKR's peer groups, say).
    """
    rows = model._base_manager.using(using).all()
    if is_standalone(model):
        return rows
    seeded = getattr(model._default_manager.using(using), "seeded_by_migrations", None)
    return seeded() if seeded is not None else rows.none()


def backed_up_models() -> list[type[db_models.Model]]:
    """Every model an archive holds, in the order they are restored (dependencies first)."""
    user_model = get_user_model()
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and getattr(model, "kept_in_backups", True)
        and (
            model._meta.app_config.name.startswith("verksam.")
            or model is user_model
            or model_label(model) == "auth.group"
        )
    ]
    chosen_set = set(chosen)
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created or model in chosen_set:
            continue
        targets = {f.related_model for f in relations(model)}
        if targets & chosen_set and all(
            target in chosen_set or model_label(target) in REFERENCE_MODELS for target in targets
        ):
            chosen.append(model)
    for model in chosen:
        for relation in relations(model):
            target = relation.related_model
            if target not in chosen_set and model_label(target) not in REFERENCE_MODELS:
                raise BackupError(
                    _(
                        "%(model)s.%(field)s refers to %(target)s, which backups do not "
                        "cover; add it to verksam.backup.selection.backed_up_models."
                    )
                    % {
                        "model": model_label(model),
                        "field": relation.name,
                        "target": model_label(target),
                    }
                )
    return in_dependency_order(chosen)


def in_dependency_order(models: list[type[db_models.Model]]) -> list[type[db_models.Model]]:
    """Sorted so that a model comes after the models its foreign keys point at.

    A cycle (none exists today) is broken by taking the first remaining model:
    foreign keys are checked at the end of the restoring transaction, so the
    order only matters for readable errors, not for correctness.
    """
    present = set(models)
    needs = {
        model: {
            f.related_model
            for f in relations(model)
            if f.related_model is not model and f.related_model in present
        }
        for model in models
    }
    remaining = sorted(models, key=model_label)
    ordered: list[type[db_models.Model]] = []
    done: set[type[db_models.Model]] = set()
    while remaining:
        ready = [model for model in remaining if needs[model] <= done] or remaining[:1]
        for model in ready:
            ordered.append(model)
            done.add(model)
            remaining.remove(model)
    return ordered


# Which rows an organisation's archive holds --------------------------------------------


class OrganisationScope:
    """The rows that belong to one organisation's subtree, and what they refer to.

    Derived from the foreign keys alone. A model is *owned* when a chain of
    foreign keys leads from it to Organisation. An owned row is inside when one
    of its required foreign keys (or, having none, one of its optional ones)
    points at a row inside; the subtree's organisations are inside to begin with.
    Owned rows whose optional owner is empty (shared indicators) come along, as
    do those that rows inside require (an indicator owned elsewhere but measured
    here), and rows whose required owners all come along (a built-in planning
    model's steps). Lists that refer to nothing (tags) come whole. Every other model
    (users, the change log) comes with the rows that rows inside refer to, or,
    for rows naming an object by `object_type` and `object_id`, when that object is
    inside. A reference from a row in the archive to a row outside it is emptied
    when it may be empty, and the row is otherwise left out; both are reported.
    """

    def __init__(self, organisation: Organisation, models: list[type[db_models.Model]], using):
        self.organisation = organisation
        self.using = using
        self.owned = self._owned_models(models)
        inside: dict[type[db_models.Model], db_models.QuerySet] = {}
        for model in models:
            if model in self.owned:
                inside[model] = self._inside(model, inside)
        self.querysets: dict[type[db_models.Model], db_models.QuerySet] = {}
        for model in models:
            if model in self.owned:
                self.querysets[model] = self._owned_rows(model, inside)
            elif is_standalone(model):
                self.querysets[model] = model._base_manager.using(using).all()
        for model in reversed(models):
            if model not in self.querysets:
                self.querysets[model] = self._referenced_rows(model, inside)
        self._included: dict[type[db_models.Model], set] = {}
        self.outside_references: list[dict[str, Any]] = []

    @staticmethod
    def _owned_models(models) -> set[type[db_models.Model]]:
        owned = {Organisation}
        grew = True
        while grew:
            grew = False
            for model in models:
                if model not in owned and any(f.related_model in owned for f in relations(model)):
                    owned.add(model)
                    grew = True
        return owned

    def _anchors(self, model, available) -> list[db_models.Field]:
        anchors = [
            f
            for f in relations(model)
            if f.related_model in available and f.related_model is not model
        ]
        required = [f for f in anchors if not f.null]
        return required or anchors

    def _inside(self, model, inside) -> db_models.QuerySet:
        rows = model._base_manager.using(self.using)
        if model is Organisation:
            return rows.filter(path__startswith=self.organisation.path)
        anchors = self._anchors(model, inside)
        if not anchors:
            return rows.none()
        condition = Q()
        for anchor in anchors:
            condition |= Q(**{f"{anchor.name}__in": inside[anchor.related_model].values("pk")})
        return rows.filter(condition)

    def _owned_rows(self, model, inside) -> db_models.QuerySet:
        anchors = self._anchors(model, self.owned)
        if model is Organisation or not anchors:
            return inside[model]
        if not all(anchor.null for anchor in anchors):
            # Rows whose owners all come along come along too, e.g. the steps of a
            # built-in planning model (no organisation), which its restored rows need.
            required = [anchor for anchor in anchors if not anchor.null]
            along = Q(
                **{
                    f"{anchor.name}__in": self.querysets[anchor.related_model].values("pk")
                    for anchor in required
                    if anchor.related_model in self.querysets
                }
            )
            if all(anchor.related_model in self.querysets for anchor in required):
                return model._base_manager.using(self.using).filter(
                    Q(pk__in=inside[model].values("pk")) | along
                )
            return inside[model]
        condition = Q(pk__in=inside[model].values("pk"))
        condition |= Q(**{f"{anchor.name}__isnull": True for anchor in anchors})
        for other, rows in inside.items():
            for relation in relations(other):
                if relation.related_model is model and not relation.null and other is not model:
                    condition |= Q(pk__in=rows.values(relation.attname))
        return model._base_manager.using(self.using).filter(condition)

    def _referenced_rows(self, model, inside) -> db_models.QuerySet:
        condition = Q()
        for other, rows in self.querysets.items():
            for relation in relations(other):
                if relation.related_model is model and other is not model:
                    condition |= Q(pk__in=rows.values(relation.attname))
        names = {f.name for f in model._meta.local_concrete_fields}
        if {"object_type", "object_id"} <= names:
            for other, rows in inside.items():
                condition |= Q(object_type=model_label(other), object_id__in=rows.values("pk"))
        if not condition:
            return model._base_manager.using(self.using).none()
        return model._base_manager.using(self.using).filter(condition)

    def includes(self, model, pk) -> bool:
        if model not in self._included:
            self._included[model] = set(self.querysets[model].values_list("pk", flat=True))
        return pk in self._included[model]

    def leave_out(self, model, pk) -> None:
        """A row found not to fit is left out, so rows referring to it are checked again."""
        if model in self._included:
            self._included[model].discard(pk)

    def note_outside(self, obj, relation, value, *, emptied: bool) -> None:
        if relation.related_model in self.owned:
            self.outside_references.append(
                {
                    "model": model_label(type(obj)),
                    "pk": obj.pk,
                    "field": relation.name,
                    "refers_to": model_label(relation.related_model),
                    "refers_to_pk": value,
                    "kept": "emptied" if emptied else "row left out",
                }
            )
