"""How the background task that makes a document ended, and whether it waits for a worker.

The task itself, `generate_document`, is declared beside the service it runs
(verksam.documents.services); it runs in the task worker (`verksam db_worker`) in
production and inline in tests. Its name stays importable from here too.
"""

from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from verksam.core.workers import task_failed_by_stopped_worker, task_waiting_for_worker
from verksam.documents.models import DocumentState, GeneratedDocument
from verksam.documents.services import generate_document

__all__ = [
    "WORKER_STOPPED_MESSAGE",
    "document_waiting_for_worker",
    "fail_document_of_failed_task",
    "generate_document",
]

#: What a document whose worker stopped in the middle says on its page.
WORKER_STOPPED_MESSAGE = gettext_lazy(
    "The background worker stopped before the document was finished."
)


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
