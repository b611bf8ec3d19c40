"""A worker killed with SIGKILL in the middle of making a document keeps nothing of it,
and the document says it failed once a worker runs again; a document queued behind it
is made whole.

Runs a real `db_worker` process on a database in a file (SQLite, or PostgreSQL when
DATABASE_URL names it); see verksam.core.tests.worker_process.
"""

import pytest
from django.conf import settings
from django.utils import translation

from verksam.core.tests.worker_process import (
    file_database,
    finish,
    kill,
    run_python,
    start_worker,
    wait_for_marker,
)
from verksam.documents.tasks import WORKER_STOPPED_MESSAGE

SET_UP = """
from verksam.testing import build_personas
from verksam.documents import services

personas = build_personas()
ids = [
    services.document_request(
        user=personas.editor, plan=personas.published_plan, kind="plan", file_format="pdf"
    ).pk
    for _ in range(2)
]
print(json.dumps(ids))
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from verksam.documents.models import GeneratedDocument

documents = [
    {"state": d.state, "error": d.error, "size": len(d.content or b""),
     "pdf": bytes(d.content or b"").startswith(b"%PDF-")}
    for d in GeneratedDocument.objects.order_by("pk")
]
tasks = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
print(json.dumps({"documents": documents, "tasks": tasks}))
"""


# serialized_rollback as in the other transactional tests: a plain flush would re-create the
# content types that the next serialized test restores, and that test would fail.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_a_whole_document_or_none_when_the_worker_is_killed_in_the_middle(tmp_path):
    with file_database(tmp_path) as env:
        run_python(env, SET_UP)
        marker = tmp_path / "paused"
        worker = start_worker(
            env,
            worker_id="worker-under-test",
            # Paused with the PDF rendered and not yet stored.
            pause_in="verksam.documents.services:document_render",
            marker=marker,
        )
        wait_for_marker(worker, marker)
        kill(worker)
        killed = run_python(env, STATE)

        finish(start_worker(env, worker_id="worker-under-test", batch=True))
        after = run_python(env, STATE)
    with translation.override(settings.LANGUAGE_CODE):  # the worker's language
        worker_message = str(WORKER_STOPPED_MESSAGE)

    assert [(d["state"], d["size"]) for d in killed["documents"]] == [("running", 0), ("queued", 0)]
    assert killed["tasks"] == ["RUNNING", "READY"]

    first, second = after["documents"]
    assert (first["state"], first["size"], first["error"]) == ("failed", 0, worker_message)
    assert (second["state"], second["pdf"]) == ("done", True)
    assert after["tasks"] == ["FAILED", "SUCCESSFUL"]
