"""Writing a backup archive: the whole database, or one organisation's part of it.

``backup_export`` writes the rows in Django's serialisation format, the bytes of binary
fields beside them and a manifest with the SHA-256 of every member (``layout`` names
them); ``services.backup_import`` restores such an archive.
"""

import datetime
import hashlib
import json
import os
import time
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db import models as db_models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.encoding import is_protected_type

from verksam.backup.layout import (
    ARCHIVE_FORMAT,
    CHUNK_SIZE,
    FORMAT_VERSION,
    MANIFEST,
    applied_migrations,
    binary_fields,
    file_name,
    has_bytes,
    member_name,
)
from verksam.backup.selection import (
    REFERENCE_MODELS,
    OrganisationScope,
    backed_up_models,
    model_label,
)
from verksam.organisations.models import Organisation


def _verksam_version() -> str:
    try:
        return version("verksam")
    except PackageNotFoundError:
        return "unknown"


class _HashingWriter:
    """Encodes text into a zip member, keeping its SHA-256 and size on the way.

    Text is gathered into blocks of about a megabyte: compressing and hashing
    many small pieces one by one costs more than the serialising itself.
    """

    BLOCK = 1024 * 1024

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0
        self._pending: list[str] = []
        self._pending_length = 0

    def write(self, text: str) -> None:
        self._pending.append(text)
        self._pending_length += len(text)
        if self._pending_length >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        data = "".join(self._pending).encode()
        self._pending, self._pending_length = [], 0
        self.sha256.update(data)
        self.size += len(data)
        self.raw.write(data)

    def summary(self) -> dict[str, Any]:
        self.flush()
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


class _NaturalKeys:
    """Primary key → natural key of the rows every installation makes for itself."""

    def __init__(self, using: str) -> None:
        self.keys: dict[str, dict[Any, list]] = {}
        for label in REFERENCE_MODELS:
            model = apps.get_model(label)
            rows = model._base_manager.using(using).all()
            if label == "auth.permission":
                rows = rows.select_related("content_type")
            self.keys[label] = {row.pk: list(row.natural_key()) for row in rows}

    def of(self, model, pk) -> list:
        return self.keys[model_label(model)][pk]


class _RowWriter(JsonLinesSerializer):
    """Django's JSON Lines serialiser, adjusted for backups.

    Many-to-many values are left out (their tables are written as models of
    their own, with their primary keys), binary fields name a file in the
    archive instead of holding base64, times keep their microseconds (Django's
    JSON encoder cuts them to milliseconds), and an organisation's archive
    empties or leaves out references to rows outside it.
    """

    def __init__(self, *, scope: OrganisationScope | None, natural_keys: _NaturalKeys) -> None:
        super().__init__()
        self.scope = scope
        self.natural_keys = natural_keys
        self.user_model = get_user_model()
        self.count = 0
        self.files: list[tuple[Any, db_models.Field]] = []

    def start_object(self, obj) -> None:
        super().start_object(obj)
        self._left_out = False
        self._files: list[tuple[Any, db_models.Field]] = []

    def handle_field(self, obj, field) -> None:
        if isinstance(field, db_models.BinaryField):
            if getattr(obj, has_bytes(field)):
                self._files.append((obj.pk, field))
                self._current[field.name] = file_name(type(obj), obj.pk, field)
            else:
                self._current[field.name] = None
            return
        value = field.value_from_object(obj)
        if (
            self.scope is not None
            and field.name == "password"
            and obj._meta.concrete_model is self.user_model
        ):
            # An organisation's archive carries no password hashes: people set a new one.
            self._current[field.name] = make_password(None)
            return
        if isinstance(value, datetime.datetime | datetime.time):
            value = value.isoformat()
        elif not is_protected_type(value):
            value = field.value_to_string(obj)
        self._current[field.name] = value

    def handle_fk_field(self, obj, field) -> None:
        value = getattr(obj, field.attname)
        target = field.related_model
        if value is not None:
            if model_label(target) in REFERENCE_MODELS:
                value = self.natural_keys.of(target, value)
            elif self.scope is not None and not self.scope.includes(target, value):
                self.scope.note_outside(obj, field, value, emptied=field.null)
                if field.null:
                    value = None
                else:
                    self._left_out = True
        if value is not None and not is_protected_type(value) and not isinstance(value, list):
            value = str(value)
        self._current[field.name] = value

    def handle_m2m_field(self, obj, field) -> None:
        """Written as the through table's own rows."""

    def end_object(self, obj) -> None:
        if self._left_out:
            self.scope.leave_out(type(obj), obj.pk)
            self._current = None
            return
        self.count += 1
        self.files += self._files
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    counts: dict[str, int]
    files: int
    outside_references: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def backup_export(
    *, output: Path, organisation: Organisation | None = None, using: str = DEFAULT_DB_ALIAS
) -> ExportReport:
    """Write the database, or `organisation`'s subtree and what it uses, to a zip archive.

    The rows are read in one transaction (on PostgreSQL with repeatable read, so
    the archive is one consistent picture while Verksam keeps running) and
    streamed in chunks, never held in memory all at once. The archive is written
    beside `output` and renamed into place when complete.
    """
    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    connection = connections[using]
    try:
        models = backed_up_models()
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            report = _write_archive(partial, models, organisation, using)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    report.path = output
    return report


def _write_archive(path: Path, models, organisation, using: str) -> ExportReport:
    scope = OrganisationScope(organisation, models, using) if organisation else None
    natural_keys = _NaturalKeys(using)
    entries: list[dict[str, Any]] = []
    files: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for model in models:
            rows = scope.querysets[model] if scope else model._base_manager.using(using).all()
            binaries = binary_fields(model)
            if binaries:
                rows = rows.defer(*(b.name for b in binaries)).annotate(
                    **{
                        has_bytes(b): ExpressionWrapper(
                            Q(**{f"{b.attname}__isnull": False}), output_field=BooleanField()
                        )
                        for b in binaries
                    }
                )
            writer = _RowWriter(scope=scope, natural_keys=natural_keys)
            member = member_name(model)
            info = zipfile.ZipInfo(member, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as raw:
                stream = _HashingWriter(raw)
                writer.serialize(rows.order_by("pk").iterator(chunk_size=CHUNK_SIZE), stream=stream)
                files[member] = stream.summary()
            files.update(_write_files(archive, model, writer.files, using))
            entries.append({"model": model_label(model), "member": member, "count": writer.count})
        manifest = {
            "format": ARCHIVE_FORMAT,
            "format_version": FORMAT_VERSION,
            "verksam_version": _verksam_version(),
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "organisation": (
                {"pk": organisation.pk, "name": organisation.name} if organisation else None
            ),
            "password_hashes": organisation is None,
            "migrations": applied_migrations(using, models),
            "models": entries,
            "files": files,
            "outside_references": scope.outside_references if scope else [],
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    return ExportReport(
        path=path,
        counts={entry["model"]: entry["count"] for entry in entries},
        files=len(files) - len(entries),
        outside_references=manifest["outside_references"],
    )


def _write_files(archive, model, wanted, using) -> dict[str, dict[str, Any]]:
    """The binary fields' bytes, each a member of its own, read a chunk of rows at a time."""
    written: dict[str, dict[str, Any]] = {}
    by_field: dict[db_models.Field, list] = {}
    for pk, binary in wanted:
        by_field.setdefault(binary, []).append(pk)
    for binary, pks in by_field.items():
        for start in range(0, len(pks), 100):
            chunk = pks[start : start + 100]
            rows = model._base_manager.using(using).filter(pk__in=chunk)
            for pk, value in rows.values_list("pk", binary.attname):
                data = bytes(value)
                name = file_name(model, pk, binary)
                archive.writestr(name, data)
                written[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    return written
