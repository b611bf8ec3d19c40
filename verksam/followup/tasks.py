"""Background tasks of follow-up, run by a worker (`verksam db_worker`) or inline in tests."""

import datetime
from typing import Any

from django_tasks import task

from verksam.followup.reminders import reminders_send


@task()
def send_followup_reminders_task(today_iso: str | None = None) -> dict[str, Any]:
    """Send the reminders due on the given day (ISO date), or on the day the task runs.

    Returns the counts (sent, already sent, failed) and the items with no one
    to remind, as verksam.followup.reminders.ReminderReport.as_dict gives them.
    """
    today = datetime.date.fromisoformat(today_iso) if today_iso else None
    return reminders_send(today=today).as_dict()
