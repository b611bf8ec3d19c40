"""Background tasks of documents: making a requested document.

Run by the task worker (`verksam db_worker`) in production and inline in tests.
"""

from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished

from verksam.core.workers import task_failed_by_stopped_worker, task_waiting_for_worker
from verksam.documents import services
from verksam.documents.models import DocumentState, GeneratedDocument

#: What a document whose worker stopped in the middle says on its page.
WORKER_STOPPED_MESSAGE = gettext_lazy(
    "The background worker stopped before the document was finished."
)


@task()
def generate_document(document_id: int) -> str:
    """Build, render and keep a queued document; returns its new state (done or failed)."""
    return services.document_generate(document_id=document_id)


def document_waiting_for_worker(document: GeneratedDocument) -> bool:
    """Whether the document has been queued for a while and no worker has started it."""
    return document.state == DocumentState.QUEUED and task_waiting_for_worker(
        generate_document, [document.pk]
    )


@receiver(task_finished)
def fail_document_of_failed_task(sender, task_result, **kwargs) -> None:
    """A task that failed outside the document's own error handling fails the document.

    That is a worker killed in the middle (found later by verksam.core.workers)
    or stopped by force. The document's bytes are written in one statement at
    the end, so there is nothing half-made to remove; the document says what
    happened and can be ordered again.
    """
    if task_result.task.module_path != generate_document.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    document = GeneratedDocument.objects.without_content().filter(pk=task_result.args[0]).first()
    if document is None:
        return
    with translation.override(document.language):
        if task_failed_by_stopped_worker(task_result):
            message = str(WORKER_STOPPED_MESSAGE)
        else:
            message = _("The background task stopped unexpectedly.")
    GeneratedDocument.objects.filter(pk=document.pk).exclude(state=DocumentState.DONE).exclude(
        state=DocumentState.FAILED
    ).update(state=DocumentState.FAILED, error=message, finished_at=timezone.now())
