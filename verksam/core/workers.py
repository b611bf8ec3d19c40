"""The rules of background work: when a job waits for a worker, when a worker has lost one.

Background tasks (documents, imports, reminders) are rows of django-tasks-db's
``DBTaskResult``, run by `verksam db_worker`. Two things go wrong when no
worker is there to run them, and both are decided here, in one place:

- **Waiting for a worker.** A task still queued a while after it was
  queued (``TASKS_WAITING_NOTICE_SECONDS``) has not been started by any
  worker: none is running, or the one there is busy. The page of the job
  says so instead of showing 0 % for ever.
- **Abandoned by a worker.** django-tasks-db marks a task running when a
  worker claims it and finished when the worker is done. A worker killed in
  between (kill -9, out of memory, a power cut) leaves the task running for
  ever. A running task counts as abandoned when the worker that claimed it
  is known to be gone: a worker starting under the same id (worker ids are
  unique, so the earlier process with that id has stopped), or a task
  running longer than ``TASKS_RUNNING_LIMIT_SECONDS``, longer than any
  Verksam task takes. `task_results_fail_abandoned` marks such tasks failed
  and announces it with django-tasks' ``task_finished`` signal, through
  which the app that owns the job marks its own row failed with a message
  for the user. The apps write in one transaction, so a killed task has
  written nothing to fail over.
"""

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.base import Task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """The worker running a task stopped before the task finished."""


def task_waiting_for_worker(
    task: Task, args: Sequence, *, now: datetime.datetime | None = None
) -> bool:
    """Whether this call of `task` was queued long enough ago and no worker has started it.

    False for a backend that runs tasks at once (nothing is ever queued).
    """
    now = now or timezone.now()
    waited_since = now - datetime.timedelta(seconds=settings.TASKS_WAITING_NOTICE_SECONDS)
    queued = DBTaskResult.objects.ready().filter(
        task_path=task.module_path, enqueued_at__lte=waited_since
    )
    for index, value in enumerate(args):
        queued = queued.filter(**{f"args_kwargs__args__{index}": value})
    return queued.exists()


def is_abandoned(
    *,
    worker_ids: Sequence[str],
    started_at: datetime.datetime | None,
    starting_worker_id: str | None,
    now: datetime.datetime,
) -> bool:
    """The rule for one running task: has the worker that claimed it stopped?"""
    claimed_by = worker_ids[-1] if worker_ids else None
    if starting_worker_id is not None and claimed_by == starting_worker_id:
        return True
    limit = datetime.timedelta(seconds=settings.TASKS_RUNNING_LIMIT_SECONDS)
    return started_at is None or started_at < now - limit


def task_results_fail_abandoned(*, starting_worker_id: str | None = None) -> int:
    """Mark every abandoned running task failed; returns how many there were.

    Called by a worker as it starts (with its own id) and regularly by `verksam
    serve`. Each task is failed in its own transaction together with whatever
    the owning app's ``task_finished`` receiver writes, so a job is never left
    half marked.
    """
    now = timezone.now()
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at")
    abandoned = [
        result.pk
        for result in running
        if is_abandoned(
            worker_ids=result.worker_ids,
            started_at=result.started_at,
            starting_worker_id=starting_worker_id,
            now=now,
        )
    ]
    failed = 0
    for pk in abandoned:
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if result is None:  # finished or recovered meanwhile
                continue
            worker = result.worker_ids[-1] if result.worker_ids else "?"
            result.set_failed(WorkerStopped(f"worker {worker} stopped before the task finished"))
            logger.warning(
                "Task %s (%s) was left running by worker %s, which stopped; marked failed.",
                result.pk,
                result.task_path,
                worker,
            )
            try:
                task_result = result.task_result
            except ImportError:  # the task's code is gone; nothing owns the job any more
                pass
            else:
                backend = task_backends[result.backend_name]
                task_finished.send(type(backend), task_result=task_result)
            failed += 1
    return failed


def task_failed_by_stopped_worker(task_result) -> bool:
    """Whether a finished task failed because its worker stopped (not by its own error)."""
    if task_result.status != TaskResultStatus.FAILED or not task_result.errors:
        return False
    return task_result.errors[-1].exception_class_path == (
        f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}"
    )
