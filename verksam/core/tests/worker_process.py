"""A real task worker in its own process, on a database in a file, for the crash tests.

The tests of a worker killed with SIGKILL cannot share pytest-django's test
database: SQLite's is in memory, and the worker is another process. So
`file_database` makes a database of its own (a SQLite file in a temporary
folder, or, when DATABASE_URL names PostgreSQL, a new database on that
server, dropped afterwards) and migrates it; `run_python` runs set-up and
inspection code against it in a new process, and `start_worker` starts
`verksam db_worker` on it.

"In the middle" is made deterministic without clocks: `start_worker` can
wrap one function of the code under test (``pause_in="module:function"``)
so that after its n-th call the worker writes a marker file and then waits
to be killed; the test waits for the marker and sends SIGKILL. Run as
``python -m verksam.core.tests.worker_process ARGS`` this module is that
worker: it installs the pause and then runs `db_worker ARGS`.
"""

import contextlib
import importlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

#: Generous: a process starting Django on a busy machine, not a measurement.
WAIT_SECONDS = 240

PAUSE_IN = "VERKSAM_TEST_PAUSE_IN"
PAUSE_AFTER = "VERKSAM_TEST_PAUSE_AFTER"
PAUSE_MARKER = "VERKSAM_TEST_PAUSE_MARKER"


def _environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="verksam.settings",
        DEBUG="1",
        TASKS_IMMEDIATE="0",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def file_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh, migrated database that other processes can open."""
    database = settings.DATABASES["default"]
    created = None
    if database["ENGINE"] == "django.db.backends.postgresql":
        import psycopg

        created = f"verksam_worker_{uuid.uuid4().hex[:12]}"
        server = {
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
            "dbname": "postgres",
        }
        with psycopg.connect(**server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{created}"')
        user = server["user"] or ""
        password = f":{server['password']}" if server["password"] else ""
        host = server["host"] or "localhost"
        port = f":{server['port']}" if server["port"] else ""
        url = f"postgres://{user}{password}@{host}{port}/{created}"
    else:
        url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    env = _environment(url)
    try:
        _run([sys.executable, "-m", "django", "migrate", "--no-input", "-v", "0"], env)
        yield env
    finally:
        if created:
            with psycopg.connect(**server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


def _run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 (the test's own command)
        argv, env=env, capture_output=True, text=True, timeout=WAIT_SECONDS
    )
    if done.returncode:
        raise AssertionError(f"{argv[3:]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def run_python(env: dict[str, str], code: str) -> object:
    """Run `code` with Django set up on the file database; returns what it prints as JSON."""
    prelude = "import django, json\ndjango.setup()\n"
    output = _run([sys.executable, "-c", prelude + code], env)
    return json.loads(output.strip().splitlines()[-1])


def start_worker(
    env: dict[str, str],
    *,
    worker_id: str,
    pause_in: str | None = None,
    pause_after: int = 1,
    marker: Path | None = None,
    batch: bool = False,
) -> subprocess.Popen:
    """`db_worker` on the file database, optionally pausing in `pause_in` (see the module)."""
    env = dict(env)
    if pause_in:
        env.update({PAUSE_IN: pause_in, PAUSE_AFTER: str(pause_after), PAUSE_MARKER: str(marker)})
    argv = [
        sys.executable,
        "-m",
        "verksam.core.tests.worker_process",
        "--worker-id",
        worker_id,
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        *(["--batch"] if batch else []),
    ]
    return subprocess.Popen(  # noqa: S603 (the test's own command)
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_for_marker(worker: subprocess.Popen, marker: Path) -> None:
    """Wait until the worker has paused in the middle of its task (or fail with its output)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not marker.exists():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            output = worker.communicate()[0]
            raise AssertionError(f"The worker never reached the pause:\n{output}")
        time.sleep(0.05)


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL, as the kernel's out-of-memory killer or `kill -9` would."""
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=WAIT_SECONDS)


def finish(worker: subprocess.Popen) -> str:
    """Wait for a --batch worker to run out of tasks; returns its output."""
    output = worker.communicate(timeout=WAIT_SECONDS)[0]
    if worker.returncode:
        raise AssertionError(f"The worker failed:\n{output}")
    return output


def _install_pause() -> None:
    module_name, name = os.environ[PAUSE_IN].split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = itertools.count(1)
    pause_after = int(os.environ[PAUSE_AFTER])
    marker = Path(os.environ[PAUSE_MARKER])

    def pausing(*args, **kwargs):
        result = original(*args, **kwargs)
        if next(calls) == pause_after:
            marker.write_text("paused")
            while True:  # until the test kills this process
                time.sleep(1)
        return result

    setattr(module, name, pausing)


def main(argv: list[str]) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    if os.environ.get(PAUSE_IN):
        _install_pause()
    call_command("db_worker", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
