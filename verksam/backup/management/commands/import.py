"""`verksam import FILE`: restore a backup archive into an empty database.

    verksam migrate
    verksam import verksam-2026-11-28.zip

The file is called import.py although `import` is a Python keyword: Django loads
commands by name with importlib, so `verksam import` finds it.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from verksam.backup.services import BackupError, backup_import


class Command(BaseCommand):
    """Restore an archive written by `verksam export`, all or nothing."""

    help = (
        "Restore an archive written by `verksam export` into an empty database that "
        "`verksam migrate` has set up, keeping every id; nothing is written on an error."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("The archive to restore."))

    def handle(self, *args, file: str, **options) -> None:
        started = time.perf_counter()
        try:
            report = backup_import(path=Path(file))
        except BackupError as error:
            raise CommandError(_("Nothing was restored. %(reason)s") % {"reason": error}) from None
        self.stdout.write(
            _(
                "Restored %(rows)s rows of %(models)s models and %(files)s files from %(path)s "
                "in %(seconds).1f s."
            )
            % {
                "rows": report.rows,
                "models": len(report.counts),
                "files": report.files,
                "path": file,
                "seconds": time.perf_counter() - started,
            }
        )
        if report.manifest.get("organisation") and not report.manifest.get("password_hashes"):
            self.stdout.write(
                _(
                    "The archive holds one organisation and no passwords: set new ones with "
                    "`verksam changepassword USERNAME`."
                )
            )
