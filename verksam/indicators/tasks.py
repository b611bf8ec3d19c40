"""How the background task that imports a file of measurements ended, and whether it waits.

The task itself, `import_measurements`, is declared beside the service it runs
(verksam.indicators.imports.services); it runs in the task worker (`verksam db_worker`)
in production and inline in tests. Its name stays importable from here too.
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from verksam.core.workers import task_failed_by_stopped_worker, task_waiting_for_worker
from verksam.indicators.choices import ImportState
from verksam.indicators.imports.problems import Problem
from verksam.indicators.imports.services import import_measurements
from verksam.indicators.models import MeasurementImport

__all__ = [
    "WORKER_STOPPED_MESSAGE",
    "fail_import_of_failed_task",
    "import_measurements",
    "import_waiting_for_worker",
]

#: What an import whose worker stopped in the middle says on its page.
WORKER_STOPPED_MESSAGE = gettext_lazy(
    "The background worker stopped before the import was finished, so nothing was written."
)


def import_waiting_for_worker(measurement_import: MeasurementImport) -> bool:
    """Whether the import was queued a while ago and no worker has started it."""
    return measurement_import.state == ImportState.RUNNING and task_waiting_for_worker(
        import_measurements, [measurement_import.pk]
    )


@receiver(task_finished)
def fail_import_of_failed_task(sender, task_result, **kwargs) -> None:
    """A task that failed outside the import's own error handling fails the import.

    That is a worker killed in the middle (found later by verksam.core.workers)
    or stopped by force. The rows are written in one transaction, so a killed
    import has written none of them; the import says so and can be run again.
    """
    if task_result.task.module_path != import_measurements.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    if task_failed_by_stopped_worker(task_result):
        message = str(WORKER_STOPPED_MESSAGE)
    else:
        message = _(
            "The import failed and nothing was written. Try again, or ask an administrator."
        )
    MeasurementImport.objects.filter(pk=task_result.args[0], state=ImportState.RUNNING).update(
        state=ImportState.FAILED,
        processed_rows=0,
        errors=[Problem(None, "", message).as_dict()],
    )
