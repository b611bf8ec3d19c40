"""`verksam demo`: load the seed libraries, their steering documents and demo accounts.

Loads the five seed organisations (Stockholms universitetsbibliotek, Region
Stockholm with Regionbibliotek Stockholm, Stockholms stadsbibliotek, Uppsala
stadsbibliotek and Region Kalmar län) with their plans, a demo account per role
and the superuser "admin", and the adopted plans' follow-up (rounds,
assessments, indicators with targets and demo measurements), carries the seed
plans on to this year (or to the year of --today), then prints the accounts.
Running it again creates only what is missing (see verksam.demo.services).

Every demo account has the published password in verksam.demo.seeds
(DEMO_PASSWORD). Because of that the command refuses to run with DEBUG off
unless it is told that the database is a demo site's.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from verksam.demo.comments import demo_comments_load
from verksam.demo.competence import demo_competence_load
from verksam.demo.lessons import demo_lessons_load
from verksam.demo.planning import demo_planning_load
from verksam.demo.report import DemoAccount, DemoDataError, DemoReport
from verksam.demo.resources import demo_resources_load
from verksam.demo.services import demo_load
from verksam.demo.statistics import demo_statistics_load


class Command(BaseCommand):
    """Load the demo data and print the demo accounts."""

    help = (
        "Load the seed library organisations, their plans and demo accounts. Safe to run "
        "again: only what is missing is created. The accounts have a published password, "
        "so never run this on a production database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=(
                "Load the demo although DEBUG is off, e.g. for a public demo site. "
                "Never on a production database."
            ),
        )

        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help=(
                "The date the demo's plans and follow-up rounds follow (this year's plan and "
                "rounds for it and the two years before). Today's date if not given."
            ),
        )

    def handle(
        self,
        *args,
        allow_without_debug: bool = False,
        today: datetime.date | None = None,
        **options,
    ) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                _(
                    "The demo creates accounts with a published password, a superuser among "
                    "them. Run it with DEBUG=1 on a development database, or pass "
                    "--allow-without-debug for a demo site. Never load it into a production "
                    "database."
                )
            )
        try:
            report = demo_load(today=today)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._write_summary(report)
        self.stdout.write(demo_statistics_load())
        self.stdout.write(demo_comments_load())
        self.stdout.write(demo_competence_load())
        self.stdout.write(demo_planning_load(today=today))
        self.stdout.write(demo_competence_load())
        self.stdout.write(demo_resources_load())
        self.stdout.write(demo_lessons_load())
        self._write_accounts(report.accounts)

    def _write_summary(self, report: DemoReport) -> None:
        self.stdout.write(
            _("Organisations: %(created)d new, %(found)d already there.")
            % {"created": report.organisations_created, "found": report.organisations_found}
        )
        self.stdout.write(
            _("Plans: %(created)d new, %(found)d already there and left as they are.")
            % {"created": len(report.plans_created), "found": len(report.plans_found)}
        )
        self.stdout.write(
            _(
                "Follow-up: %(created)d plans new (%(rounds)d rounds, %(assessments)d "
                "assessments), %(found)d already there and left as they are."
            )
            % {
                "created": len(report.followup_created),
                "rounds": report.rounds_created,
                "assessments": report.assessments_created,
                "found": len(report.followup_found),
            }
        )
        self.stdout.write(
            _("Indicators: %(indicators)d new; demo measurements: %(measurements)d new.")
            % {
                "indicators": report.indicators_created,
                "measurements": report.measurements_created,
            }
        )
        created = sum(1 for account in report.accounts if account.created)
        self.stdout.write(
            _("Accounts: %(created)d new, %(found)d already there (passwords not changed).")
            % {"created": created, "found": len(report.accounts) - created}
        )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))

    def _write_accounts(self, accounts: list[DemoAccount]) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                _(
                    "DEMO ACCOUNTS, NOT FOR PRODUCTION: their password is published, so anyone "
                    "can log in with them. Remove them before real data goes into this database."
                )
            )
        )
        headers = (_("Username"), _("Role"), _("Organisation"), _("Password"))
        rows = [
            (account.username, account.role, account.organisation, account.password)
            for account in accounts
        ]
        widths = [max(len(row[column]) for row in [headers, *rows]) for column in range(4)]

        def line(cells) -> str:
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write(line(headers))
        self.stdout.write(line("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
        if any(not account.created for account in accounts):
            self.stdout.write(
                _(
                    "Accounts that were already there keep their password; it is the one above "
                    "unless someone changed it."
                )
            )
