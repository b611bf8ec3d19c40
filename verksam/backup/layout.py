"""What a backup archive holds, and what its members are called.

An archive (``export.backup_export`` writes one, ``services.backup_import`` restores one)
is one zip file holding

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

from typing import Any

from django.db import connections
from django.db import models as db_models
from django.db.migrations.recorder import MigrationRecorder

from verksam.backup.selection import model_label

ARCHIVE_FORMAT = "verksam-backup"
#: Raised when the layout of an archive changes; an archive of a newer format is refused.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Rows read from the database, and written to it, per round trip.
CHUNK_SIZE = 2000


def member_name(model: type[db_models.Model]) -> str:
    return f"data/{model_label(model)}.jsonl"


def file_name(model: type[db_models.Model], pk: Any, binary: db_models.Field) -> str:
    return f"files/{model_label(model)}/{pk}/{binary.name}"


def binary_fields(model: type[db_models.Model]) -> list[db_models.Field]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, db_models.BinaryField)]


def has_bytes(binary: db_models.Field) -> str:
    return f"backup_has_{binary.attname}"


def applied_migrations(using: str, models: list[type[db_models.Model]]) -> list[str]:
    app_labels = {model._meta.app_label for model in models}
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(
        f"{app}.{name}" for app, name in recorder.applied_migrations() if app in app_labels
    )
