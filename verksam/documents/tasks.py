"""Background tasks of documents: making a requested document.

Run by the task worker (`verksam db_worker`) in production and inline in tests.
"""

from django_tasks import task

from verksam.documents import services


@task()
def generate_document(document_id: int) -> str:
    """Build, render and keep a queued document; returns its new state (done or failed)."""
    return services.document_generate(document_id=document_id)
