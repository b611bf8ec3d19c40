"""`verksam export`: write the database, or one organisation's part of it, to a zip archive.

    verksam export --output verksam-2026-11-28.zip
    verksam export --organisation 17 --output kalmar.zip

See docs/operations.md (Backups) for what the archive holds.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.backup.export import backup_export
from verksam.backup.selection import BackupError
from verksam.organisations.models import Organisation


class Command(BaseCommand):
    """Write a backup archive and say how many rows and files it holds."""

    help = (
        "Write all of Verksam's data, or one organisation's subtree and what belongs to it, "
        "to a zip archive that `verksam import` restores."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", required=True, help=_("The archive to write, e.g. verksam.zip.")
        )
        parser.add_argument(
            "--organisation",
            help=_("Export only this organisation (its id) with its units and what they use."),
        )

    def handle(self, *args, output: str, organisation: str | None, **options) -> None:
        path = Path(output)
        if path.exists():
            raise CommandError(
                _("%(path)s already exists; choose another name or remove it first.")
                % {"path": path}
            )
        if not path.parent.is_dir():
            raise CommandError(_("There is no folder %(folder)s.") % {"folder": path.parent})
        chosen = None
        if organisation is not None:
            if not organisation.isdigit():
                raise CommandError(
                    _("--organisation takes an organisation's id, a whole number, not %(value)s.")
                    % {"value": organisation}
                )
            chosen = Organisation.objects.filter(pk=int(organisation)).first()
            if chosen is None:
                raise CommandError(
                    _("There is no organisation with id %(pk)s.") % {"pk": organisation}
                )
        started = time.perf_counter()
        try:
            report = backup_export(output=path, organisation=chosen)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Wrote %(path)s: %(rows)s rows of %(models)s models and %(files)s files "
                "in %(seconds).1f s."
            )
            % {
                "path": path,
                "rows": report.rows,
                "models": len(report.counts),
                "files": report.files,
                "seconds": time.perf_counter() - started,
            }
        )
        if report.outside_references:
            count = len(report.outside_references)
            self.stdout.write(
                ngettext(
                    "%(count)s reference to a row outside the organisation was emptied or its "
                    "row left out; the archive's manifest.json lists it.",
                    "%(count)s references to rows outside the organisation were emptied or their "
                    "rows left out; the archive's manifest.json lists them.",
                    count,
                )
                % {"count": count}
            )
