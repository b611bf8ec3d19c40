"""A worker killed with SIGKILL in the middle of an import writes nothing, and the import
says it failed once a worker runs again; an import queued behind it is written whole.

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
from verksam.indicators.tasks import WORKER_STOPPED_MESSAGE

ROWS = 300

SET_UP = f"""
from verksam.testing import build_personas
from verksam.indicators.imports import services as import_services
from verksam.indicators.tests.import_files import build_import_world

world = build_import_world(build_personas())
organisations = ["Kalmar stadsbibliotek", "Barn och unga", "21234"]
keys = ["Besok01", "Utlan01", "Nojd01"]

def csv(first_year):
    rows = []
    for index in range({ROWS}):
        month = index // 9
        year, month = first_year + month // 12, month % 12 + 1
        rows.append(
            f"{{organisations[index % 3]}};{{keys[index // 3 % 3]}};{{year}}-{{month:02d}};"
            f"{{index}},5;rad {{index}}"
        )
    return ("organisation;indikator;period;värde;kommentar\\n" + "\\n".join(rows) + "\\n").encode()

ids = []
for first_year in (2000, 2010):  # two files with no period in common
    measurement_import = import_services.import_create(
        user=world.personas.editor,
        organisation=world.organisation,
        file_name=f"mätvärden-{{first_year}}.csv",
        content=csv(first_year),
        file_format="csv",
    )
    assert import_services.import_validate(measurement_import=measurement_import).is_valid
    import_services.import_start(measurement_import=measurement_import, user=world.personas.editor)
    ids.append(measurement_import.pk)
print(json.dumps(ids))
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from verksam.indicators.models import Measurement, MeasurementImport

imports = [
    {"state": i.state, "errors": [e["message"] for e in i.errors],
     "written": Measurement.objects.filter(measurement_import=i).count()}
    for i in MeasurementImport.objects.order_by("pk")
]
tasks = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
print(json.dumps({"imports": imports, "measurements": Measurement.objects.count(), "tasks": tasks}))
"""


# serialized_rollback as in the other transactional tests: a plain flush would re-create the
# content types that the next serialized test restores, and that test would fail.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_writes_all_rows_or_none_when_the_worker_is_killed_in_the_middle(tmp_path):
    with file_database(tmp_path) as env:
        run_python(env, SET_UP)
        marker = tmp_path / "paused"
        worker = start_worker(
            env,
            worker_id="worker-under-test",
            pause_in="verksam.indicators.imports.services:write_measurement",
            pause_after=ROWS // 2,
            marker=marker,
        )
        wait_for_marker(worker, marker)
        # Half the rows are written, in a transaction not yet committed.
        paused = run_python(env, STATE)
        kill(worker)
        killed = run_python(env, STATE)

        finish(start_worker(env, worker_id="worker-under-test", batch=True))
        after = run_python(env, STATE)
    with translation.override(settings.LANGUAGE_CODE):  # the worker's language
        worker_message = str(WORKER_STOPPED_MESSAGE)

    assert paused["measurements"] == 0
    assert killed["measurements"] == 0
    assert [i["state"] for i in killed["imports"]] == ["running", "running"]
    assert killed["tasks"] == ["RUNNING", "READY"]

    first, second = after["imports"]
    assert first["state"] == "failed"
    assert first["written"] == 0
    assert first["errors"] == [worker_message]
    assert second["state"] == "done"
    assert second["written"] == ROWS
    assert after["measurements"] == ROWS
    assert after["tasks"] == ["FAILED", "SUCCESSFUL"]
