"""The rules of background work: a job waiting for a worker, a task a stopped worker left."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from verksam.core.workers import (
    task_failed_by_stopped_worker,
    task_results_fail_abandoned,
    task_waiting_for_worker,
)


@task()
def sample_task(number: int) -> int:
    """A task for these tests only."""
    return number


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WAITING_NOTICE_SECONDS = 20
    settings.TASKS_RUNNING_LIMIT_SECONDS = 3600


@pytest.fixture
def finished_results():
    seen = []

    def receive(sender, task_result, **kwargs):
        seen.append(task_result)

    task_finished.connect(receive)
    yield seen
    task_finished.disconnect(receive)


def claimed(number: int, worker_id: str, *, started_ago: int = 0) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=sample_task.enqueue(number).id)
    result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=started_ago)
    )
    return result


@pytest.mark.django_db
def test_it_fails_a_task_left_running_under_the_id_of_the_starting_worker(
    database_tasks, finished_results
):
    result = claimed(1, "worker-a")

    assert task_results_fail_abandoned(starting_worker_id="worker-a") == 1

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert "worker-a stopped" in result.traceback
    assert [r.args for r in finished_results] == [[1]]
    assert task_failed_by_stopped_worker(finished_results[0])


@pytest.mark.django_db
def test_it_leaves_alone_a_task_another_worker_is_running(database_tasks, finished_results):
    result = claimed(2, "worker-b", started_ago=60)

    assert task_results_fail_abandoned(starting_worker_id="worker-a") == 0

    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING
    assert finished_results == []


@pytest.mark.django_db
def test_it_fails_a_task_running_longer_than_the_limit(database_tasks, finished_results):
    old = claimed(3, "worker-b", started_ago=3601)
    recent = claimed(4, "worker-b", started_ago=3500)

    assert task_results_fail_abandoned() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (TaskResultStatus.FAILED, TaskResultStatus.RUNNING)


@pytest.mark.django_db
def test_it_says_a_job_waits_for_a_worker_once_it_was_queued_longer_than_the_notice(
    database_tasks,
):
    result = DBTaskResult.objects.get(pk=sample_task.enqueue(5).id)
    queued = result.enqueued_at

    assert not task_waiting_for_worker(
        sample_task, [5], now=queued + datetime.timedelta(seconds=19)
    )
    assert task_waiting_for_worker(sample_task, [5], now=queued + datetime.timedelta(seconds=21))
    assert not task_waiting_for_worker(
        sample_task, [6], now=queued + datetime.timedelta(seconds=21)
    )

    result.claim("worker-a")
    assert not task_waiting_for_worker(
        sample_task, [5], now=queued + datetime.timedelta(seconds=21)
    )
