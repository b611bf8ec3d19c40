"""`verksam statistics`: import survey workbooks, fetch from KB and Kolada, read a stored value.

verksam statistics import FILE [--year YYYY] [--dry-run]
verksam statistics fetch --source kb|kolada --term KEY --area CODE --years 2015-2025
verksam statistics fetch --due [--enqueue]
verksam statistics groups
verksam statistics value --area CODE --term KEY --year YYYY [--per inhabitant|thousand]
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from verksam.organisations.areas import AreaCodeError, normalise_code
from verksam.statistics import selectors, services
from verksam.statistics.choices import Scale
from verksam.statistics.models import PeerGroup
from verksam.statistics.reference import skr_groups_load


def _years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError as error:
        raise CommandError(_("Give the years as 2015-2025 or 2024.")) from error
    if not 1990 <= first <= last <= 2100 or last - first > 40:
        raise CommandError(_("Give the years as 2015-2025 or 2024."))
    return list(range(first, last + 1))


def _area(text: str) -> str:
    try:
        return normalise_code(text)
    except AreaCodeError as error:
        raise CommandError(str(error)) from error


def plain_number(value) -> str:
    """A number as a program reads it: no grouping, `.` as decimal separator, no exponent."""
    # Six decimals, as values are stored; a per-inhabitant quotient would otherwise run on.
    rounded = value.quantize(Decimal("0.000001")) if value.as_tuple().exponent < -6 else value
    return format(rounded.normalize(), "f")


class Command(BaseCommand):
    help = "Import, fetch and read the national library statistics and Kolada's key figures."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importing = commands.add_parser("import", help="Import a survey workbook (XLSX).")
        importing.add_argument("file")
        importing.add_argument("--year", type=int, help="The year, when the sheet has no year.")
        importing.add_argument("--dry-run", action="store_true", help="Check, write nothing.")

        fetching = commands.add_parser("fetch", help="Fetch values from KB or Kolada.")
        fetching.add_argument("--source", choices=["kb", "kolada"])
        fetching.add_argument("--term", help="KB term key (Utlan399) or Kolada KPI (N09801).")
        fetching.add_argument("--area", help="Municipality or county code, 00 for Sweden.")
        fetching.add_argument("--years", default="", help="E.g. 2015-2025.")
        fetching.add_argument(
            "--due", action="store_true", help="Fetch every term and area followed in plans."
        )
        fetching.add_argument(
            "--enqueue", action="store_true", help="With --due: queue for the task worker."
        )

        commands.add_parser("groups", help="Load SKR's municipality groups from the shipped file.")

        value = commands.add_parser("value", help="Print one stored value.")
        value.add_argument("--area", required=True)
        value.add_argument("--term", required=True)
        value.add_argument("--year", required=True, type=int)
        value.add_argument(
            "--per", choices=["inhabitant", "thousand"], help="Divide by the population."
        )

    def handle(self, *args, **options) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_import(self, options) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from error
        report = services.workbook_import(
            content=content, file_name=path.name, year=options["year"], dry_run=options["dry_run"]
        )
        for note in report.skipped_columns:
            self.stdout.write(_("Skipped column %(note)s") % {"note": note})
        if not report.ok:
            for fault in report.faults:
                self.stderr.write(fault)
            raise CommandError(
                _("%(file)s was not imported: %(count)s faults, nothing written.")
                % {"file": path.name, "count": len(report.faults)}
            )
        self.stdout.write(
            _(
                "%(prefix)s%(values)s values for %(areas)s areas (%(years)s): %(created)s new, "
                "%(replaced)s replaced, %(unchanged)s unchanged; %(empty)s empty cells skipped."
            )
            % {
                "prefix": _("Dry run, nothing written: ") if report.dry_run else "",
                "values": report.values,
                "areas": report.areas,
                "years": ", ".join(str(year) for year in report.years),
                "created": report.created,
                "replaced": report.replaced,
                "unchanged": report.unchanged,
                "empty": report.empty_cells,
            }
        )

    def handle_fetch(self, options) -> None:
        from verksam.statistics import connectors, tasks

        if options["due"]:
            requests = selectors.fetches_due()
            if options["enqueue"]:
                for request in requests:
                    tasks.fetch_statistics.enqueue(*request)
                self.stdout.write(_("%(count)s fetches queued.") % {"count": len(requests)})
                return
            failures = 0
            for source, term, area, first, last in requests:
                result = connectors.fetch(
                    source=source, term=term, area_code=area, years=range(first, last + 1)
                )
                failures += not result.ok
                self.stdout.write(result.summary())
            if failures:
                raise CommandError(_("%(count)s fetches failed.") % {"count": failures})
            return
        if not (options["source"] and options["term"] and options["area"] and options["years"]):
            raise CommandError(_("Give --source, --term, --area and --years, or --due."))
        result = connectors.fetch(
            source=options["source"],
            term=options["term"],
            area_code=_area(options["area"]),
            years=_years(options["years"]),
        )
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())

    def handle_groups(self, options) -> None:
        count = skr_groups_load(PeerGroup)
        self.stdout.write(_("%(count)s SKR municipality groups loaded.") % {"count": count})

    def handle_value(self, options) -> None:
        area = _area(options["area"])
        scale = {"inhabitant": Scale.PER_INHABITANT, "thousand": Scale.PER_THOUSAND}.get(
            options["per"] or "", Scale.TOTAL
        )
        value = selectors.value_for(
            term=options["term"], area_code=area, year=options["year"], scale=scale
        )
        if value is None:
            raise CommandError(
                _("No stored value of %(term)s for %(area)s in %(year)s.")
                % {"term": options["term"], "area": area, "year": options["year"]}
            )
        self.stdout.write(plain_number(value))
