"""Restoring a backup archive into an empty database (``backup_import``).

The archive's layout is in ``layout`` and ``export`` writes one. No model or field is
named here: what is restored is what the manifest lists, checked against Django's app
registry and the applied migrations. Restoring keeps every primary key, so URLs stay
the same.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db import models as db_models
from django.utils.translation import gettext as _

from verksam.backup.layout import (
    ARCHIVE_FORMAT,
    CHUNK_SIZE,
    FORMAT_VERSION,
    MANIFEST,
    applied_migrations,
    binary_fields,
    file_name,
)
from verksam.backup.selection import (
    BackupError,
    backed_up_models,
    model_label,
    seeded_rows,
)
from verksam.followup.stored import rollup_rebuild
from verksam.lessons.services import lessons_reindex_all


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
                # The stored roll-up and the lessons' search index are left out of archives
                # (both are derived): make them anew.
                rollup_rebuild()
                lessons_reindex_all()
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
    here = set(applied_migrations(using, models))
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
    binaries = binary_fields(model)
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
                        if name != file_name(model, row.get("pk"), binary):
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
