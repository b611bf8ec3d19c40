"""Backup archives: the whole database, or one organisation's part of it, in one zip file.

An archive holds

    manifest.json                       what the archive holds: format, versions, counts,
                                        the SHA-256 of every other member
    data/<app>.<model>.jsonl            one row per line, in Django's serialisation format
    files/<app>.<model>/<pk>/<field>    the bytes of each binary field (generated documents,
                                        logos, Word reference files, uploaded import files)

No model or field is named here: what is backed up is read from Django's app
registry (every model of Verksam's own apps, the user model, groups, and the
many-to-many tables between them), so a new model or field is covered without
a change to this module. Restoring keeps every primary key, so URLs stay the same.
"""

import datetime
import hashlib
import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db import models as db_models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.encoding import is_protected_type
from django.utils.translation import gettext as _

from verksam.backup.selection import (
    REFERENCE_MODELS,
    BackupError,
    OrganisationScope,
    backed_up_models,
    model_label,
    seeded_rows,
)
from verksam.followup.stored import rollup_rebuild
from verksam.organisations.models import Organisation

ARCHIVE_FORMAT = "verksam-backup"
#: Raised when the layout of an archive changes; an archive of a newer format is refused.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Rows read from the database, and written to it, per round trip.
CHUNK_SIZE = 2000


def _member_name(model: type[db_models.Model]) -> str:
    return f"data/{model_label(model)}.jsonl"


def _file_name(model: type[db_models.Model], pk: Any, binary: db_models.Field) -> str:
    return f"files/{model_label(model)}/{pk}/{binary.name}"


def _binary_fields(model: type[db_models.Model]) -> list[db_models.Field]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, db_models.BinaryField)]


def _has_bytes(binary: db_models.Field) -> str:
    return f"backup_has_{binary.attname}"


def _applied_migrations(using: str, models: list[type[db_models.Model]]) -> list[str]:
    app_labels = {model._meta.app_label for model in models}
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(
        f"{app}.{name}" for app, name in recorder.applied_migrations() if app in app_labels
    )


def _verksam_version() -> str:
    try:
        return version("verksam")
    except PackageNotFoundError:
        return "unknown"


# Writing -------------------------------------------------------------------------------


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
            if getattr(obj, _has_bytes(field)):
                self._files.append((obj.pk, field))
                self._current[field.name] = _file_name(type(obj), obj.pk, field)
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
            binaries = _binary_fields(model)
            if binaries:
                rows = rows.defer(*(b.name for b in binaries)).annotate(
                    **{
                        _has_bytes(b): ExpressionWrapper(
                            Q(**{f"{b.attname}__isnull": False}), output_field=BooleanField()
                        )
                        for b in binaries
                    }
                )
            writer = _RowWriter(scope=scope, natural_keys=natural_keys)
            member = _member_name(model)
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
            "migrations": _applied_migrations(using, models),
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
                name = _file_name(model, pk, binary)
                archive.writestr(name, data)
                written[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    return written


# Restoring -----------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import restored."""

    counts: dict[str, int]
    files: int
    replaced: dict[str, int]
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def backup_import(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> ImportReport:
    """Restore an archive into an empty database, keeping every primary key.

    The archive is checked whole (checksums, format, the database schema it
    was made with) before anything is written; then every row is inserted in
    one transaction, in dependency order, without calling `save()` (the stored
    organisation paths and timestamps are kept as they were). Foreign keys are
    checked before the commit and PostgreSQL's sequences are moved past the
    restored keys. Any error rolls everything back.
    """
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": path}) from None
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            _("%(path)s is not a readable zip archive (%(error)s); it may be damaged or cut off.")
            % {"path": path, "error": error}
        ) from None
    with archive:
        manifest = _read_manifest(archive)
        _verify_members(archive, manifest)
        models = _models_of(manifest)
        _check_migrations(manifest, models, using)
        try:
            with transaction.atomic(using=using):
                replaced = _check_empty(models, using)
                counts = {}
                for entry in manifest["models"]:
                    model = apps.get_model(entry["model"])
                    counts[entry["model"]] = _restore_model(archive, model, entry, using)
                _check_constraints(models, using)
                _reset_sequences(models, using)
                # The stored roll-up is left out of archives (it is derived): make it anew.
                rollup_rebuild()
        except DatabaseError as error:
            raise BackupError(
                _("The archive's rows do not fit together in the database: %(error)s")
                % {"error": error}
            ) from None
    files = len(manifest["files"]) - len(manifest["models"])
    return ImportReport(counts=counts, files=files, replaced=replaced, manifest=manifest)


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(
            _("The archive has no %(member)s; it is not a Verksam backup.") % {"member": MANIFEST}
        ) from None
    except (ValueError, zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            _("%(member)s cannot be read: %(error)s") % {"member": MANIFEST, "error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(_("The archive is not a Verksam backup (its manifest says otherwise)."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "The archive has format version %(found)s; this Verksam reads version "
                "%(expected)s. Restore it with the Verksam version that made it (%(version)s)."
            )
            % {
                "found": manifest.get("format_version"),
                "expected": FORMAT_VERSION,
                "version": manifest.get("verksam_version"),
            }
        )
    entries, files = manifest.get("models"), manifest.get("files")
    well_formed = (
        isinstance(entries, list)
        and isinstance(files, dict)
        and isinstance(manifest.get("migrations"), list)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("model"), str)
            and isinstance(entry.get("count"), int)
            and entry.get("member") in files
            for entry in entries
        )
        and all(
            isinstance(summary, dict) and isinstance(summary.get("sha256"), str)
            for summary in files.values()
        )
    )
    if not well_formed:
        raise BackupError(
            _("%(member)s lacks the list of models or files, or has them in a form not expected.")
            % {"member": MANIFEST}
        )
    return manifest


def _verify_members(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every member is listed in the manifest and has the SHA-256 the manifest gives."""
    names = set(archive.namelist())
    listed = set(manifest["files"])
    for name in sorted(names - listed - {MANIFEST}):
        raise BackupError(
            _("The archive holds %(member)s, which its manifest does not list.") % {"member": name}
        )
    for name in sorted(listed - names):
        raise BackupError(
            _("The archive lacks %(member)s, which its manifest lists.") % {"member": name}
        )
    for name in sorted(listed):
        digest = hashlib.sha256()
        try:
            with archive.open(name) as member:
                while block := member.read(1024 * 1024):
                    digest.update(block)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupError(
                _("%(member)s cannot be read: %(error)s") % {"member": name, "error": error}
            ) from None
        if digest.hexdigest() != manifest["files"][name]["sha256"]:
            raise BackupError(
                _(
                    "%(member)s does not have the checksum its manifest gives: the archive "
                    "has been changed or damaged."
                )
                % {"member": name}
            )


def _models_of(manifest: dict[str, Any]) -> list[type[db_models.Model]]:
    """The archive's models, which must be exactly the ones this Verksam backs up."""
    known = {model_label(model): model for model in backed_up_models()}
    listed = [entry["model"] for entry in manifest["models"]]
    unknown = sorted(set(listed) - set(known))
    missing = sorted(set(known) - set(listed))
    if unknown or missing:
        raise BackupError(
            _(
                "The archive's models differ from this Verksam's: only in the archive: "
                "%(unknown)s; only here: %(missing)s. Restore with the Verksam version that "
                "made it (%(version)s)."
            )
            % {
                "unknown": ", ".join(unknown) or "-",
                "missing": ", ".join(missing) or "-",
                "version": manifest.get("verksam_version"),
            }
        )
    return [known[label] for label in listed]


def _check_migrations(manifest: dict[str, Any], models, using: str) -> None:
    here = set(_applied_migrations(using, models))
    there = set(manifest["migrations"])
    if here != there:
        raise BackupError(
            _(
                "The database's tables are not those the archive was made with. Only in the "
                "archive: %(there)s; only in this database: %(here)s. Set the database up with "
                "`verksam migrate` using the Verksam version that made the archive "
                "(%(version)s), restore, and upgrade afterwards."
            )
            % {
                "there": ", ".join(sorted(there - here)[:10]) or "-",
                "here": ", ".join(sorted(here - there)[:10]) or "-",
                "version": manifest.get("verksam_version"),
            }
        )


def _check_empty(models, using: str) -> dict[str, int]:
    """Refuse a database with data; clear the rows `migrate` seeds (they are restored)."""
    filled = []
    for model in models:
        rows = model._base_manager.using(using).all()
        own = rows.exclude(pk__in=seeded_rows(model, using).values("pk"))
        if own.exists():
            filled.append(f"{model_label(model)} ({own.count()})")
    if filled:
        raise BackupError(
            _(
                "The database is not empty: %(tables)s have rows. Restore into a new database "
                "that only `verksam migrate` has set up."
            )
            % {"tables": ", ".join(filled)}
        )
    replaced = {}
    for model in models:
        count, _deleted = seeded_rows(model, using).delete()
        if count:
            replaced[model_label(model)] = count
    return replaced


def _restore_model(archive, model, entry: dict[str, Any], using: str) -> int:
    member, label = entry["member"], entry["model"]
    binaries = _binary_fields(model)
    position = {"line": 0}
    pending_files: dict[str, str] = {}

    def rows() -> Iterator[dict[str, Any]]:
        with archive.open(member) as raw:
            for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
                position["line"] = number
                if not line.strip():
                    continue
                row = json.loads(line)
                if not isinstance(row, dict) or row.get("model") != label:
                    raise BackupError(_("the line holds no row of %(model)s") % {"model": label})
                fields = row.get("fields")
                if not isinstance(fields, dict) or row.get("pk") is None:
                    raise BackupError(_("the line lacks the row's id or fields"))
                pending_files.clear()
                for binary in binaries:
                    name = fields.get(binary.name)
                    if name is not None:
                        if name != _file_name(model, row.get("pk"), binary):
                            raise BackupError(
                                _("%(field)s names the file %(name)s, which does not belong to it")
                                % {"field": binary.name, "name": name}
                            )
                        pending_files[binary.attname] = name
                        fields[binary.name] = None
                yield row

    connection = connections[using]
    fields = list(model._meta.local_concrete_fields)
    batch: list[db_models.Model] = []
    count = 0
    try:
        for restored in PythonDeserializer(rows(), using=using):
            instance = restored.object
            for attname, name in pending_files.items():
                setattr(instance, attname, archive.read(name))
            batch.append(instance)
            count += 1
            if len(batch) >= CHUNK_SIZE:
                _insert(model, fields, batch, connection, using)
                batch = []
        _insert(model, fields, batch, connection, using)
    except (BackupError, DeserializationError, ValueError, TypeError, LookupError) as error:
        raise BackupError(
            _("%(member)s, line %(line)s (%(model)s): %(error)s")
            % {"member": member, "line": position["line"], "model": label, "error": error}
        ) from None
    except IntegrityError as error:
        raise BackupError(
            _("%(member)s (%(model)s): the rows break a rule of the database: %(error)s")
            % {"member": member, "model": label, "error": error}
        ) from None
    if count != entry["count"]:
        raise BackupError(
            _("%(member)s holds %(found)s rows; the manifest says %(expected)s.")
            % {"member": member, "found": count, "expected": entry["count"]}
        )
    return count


def _insert(model, fields, batch, connection, using: str) -> None:
    """Insert rows as they are: `raw` keeps the stored timestamps, keys and paths.

    This is what `save_base(raw=True)` (and so `loaddata`) does for one row, done
    for many rows per statement; `bulk_create` cannot, as it would stamp
    auto_now fields with the current time.
    """
    if not batch:
        return
    size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
    for start in range(0, len(batch), size):
        model._base_manager._insert(
            batch[start : start + size], fields=fields, using=using, raw=True
        )


def _check_constraints(models, using: str) -> None:
    connections[using].check_constraints(table_names=[model._meta.db_table for model in models])


def _reset_sequences(models, using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
