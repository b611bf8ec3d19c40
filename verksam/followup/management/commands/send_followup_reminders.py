"""`verksam send_followup_reminders`: e-mail the reminders of follow-up rounds; run it daily.

By default the command queues a background task and returns; the worker
(`verksam db_worker`) sends the e-mails. With --now it sends them in this
process. Each reminder is sent once, however often the command runs (see
verksam.followup.reminders and docs/reminders.md).
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from verksam.followup.tasks import send_followup_reminders_task


def parse_date(value: str) -> datetime.date:
    """The --date option as a date, or a CommandError naming the option."""
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            _("--date must be a date written YYYY-MM-DD, e.g. 2026-05-15, not %(value)s.")
            % {"value": repr(value)}
        ) from None


class Command(BaseCommand):
    """Send the reminder e-mails of follow-up rounds that are due soon or overdue."""

    help = (
        "E-mail the people responsible for items whose follow-up is due soon or overdue. "
        "Run it daily, e.g. from cron. Each reminder is sent once, however often it runs. "
        "Queues a background task for the worker (verksam db_worker) unless --now is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Send the reminders due on this day instead of today, to try it out or catch up.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send the e-mails in this process instead of queueing a background task.",
        )

    def handle(self, *args, date: str | None = None, now: bool = False, **options) -> None:
        today_iso = parse_date(date).isoformat() if date else None
        if now:
            self._write_report(send_followup_reminders_task.call(today_iso))
            return
        result = send_followup_reminders_task.enqueue(today_iso)
        if result.status == TaskResultStatus.SUCCESSFUL:
            # A backend that runs tasks at once (the immediate backend, as in tests).
            self._write_report(result.return_value)
        elif result.status == TaskResultStatus.FAILED:
            trace = result.errors[-1].traceback.strip() if result.errors else ""
            last_line = trace.splitlines()[-1] if trace else ""
            raise CommandError(_("Sending the reminders failed: %(error)s") % {"error": last_line})
        else:
            self.stdout.write(
                _(
                    "The reminders are queued as task %(id)s; the worker (verksam db_worker) "
                    "sends them."
                )
                % {"id": result.id}
            )

    def _write_report(self, report: dict[str, Any]) -> None:
        self.stdout.write(_("Reminders for %(date)s:") % {"date": report["date"]})
        self.stdout.write(_("  sent: %(count)d") % {"count": report["sent"]})
        self.stdout.write(_("  already sent: %(count)d") % {"count": report["already_sent"]})
        if report["failed"]:
            self.stderr.write(
                _("  failed, tried again on the next run: %(count)d") % {"count": report["failed"]}
            )
        nobody = report["no_one_to_remind"]
        self.stdout.write(_("  no one to remind: %(count)d") % {"count": len(nobody)})
        for line in nobody:
            self.stdout.write(f"    {line}")
