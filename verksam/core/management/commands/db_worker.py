"""`verksam db_worker`: django-tasks-db's worker, which first recovers what a stopped worker left.

A worker killed in the middle of a task (kill -9, out of memory) leaves the
task marked running for ever. Before this worker takes new tasks it marks
failed every task left running under its own id (so give a restarted worker
the same ``--worker-id``, as `verksam serve` and the systemd unit of
docs/operations.md do) and every task running longer than
TASKS_RUNNING_LIMIT_SECONDS. The rule is verksam.core.workers. The app
listed before django_tasks_db in INSTALLED_APPS wins the command name.
"""

from django.utils.translation import gettext as _
from django_tasks_db.management.commands import db_worker

from verksam.core.workers import task_results_fail_abandoned


class Command(db_worker.Command):
    help = (
        "Run the background tasks (documents, imports, reminders). Tasks that a stopped "
        "worker left running are marked failed first; restart a worker with the same "
        "--worker-id so that its own are found at once."
    )

    def handle(self, *args, worker_id: str, **options) -> None:
        recovered = task_results_fail_abandoned(starting_worker_id=worker_id)
        if recovered and options.get("verbosity", 1) > 0:
            self.stderr.write(
                _("Tasks that a stopped worker left running, now marked failed: %(count)d")
                % {"count": recovered}
            )
        super().handle(*args, worker_id=worker_id, **options)
