"""`verksam serve`: the web server and the task worker as one command (what `make run` starts).

Documents, imports and reminders are background tasks; without a worker they
wait for ever. This command starts Django's development server and the task
worker (`db_worker`) as child processes, each in a process group of its own,
and watches them:

- Ctrl-C or SIGTERM stops both, with their own children (the autoreloader),
  by signalling each process group; whatever has not stopped after
  ``--stop-timeout`` seconds is killed, so no process is left behind.
- A worker that stops on its own is started again after a pause that
  doubles each time (1, 2, 4 … 30 seconds), with a message. After
  ``--max-restarts`` stops in a row, each within a minute of its start,
  everything stops with a message: something needs fixing.
- The web server stopping (a port in use, a syntax error at start) stops
  everything.
- The commands of SERVE_DAILY_COMMANDS (the follow-up reminders) are run
  when it starts and again whenever the date changes, so no cron is needed;
  each of them is safe to run more often than once a day.
- Every minute, tasks left running by a worker that stopped are marked
  failed (verksam.core.workers).

Production runs the web server and the worker as separate services instead
(docs/operations.md).
"""

import contextlib
import datetime
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.core.workers import task_results_fail_abandoned

#: How often the children are looked at, in seconds.
POLL_SECONDS = 0.2
#: A worker that ran this long before it stopped counts as having worked again.
STABLE_SECONDS = 60
#: The longest pause before a stopped worker is started again.
MAX_BACKOFF_SECONDS = 30
#: How often tasks left running by a stopped worker are looked for, in seconds.
RECOVERY_SECONDS = 60


def django_command(*args: str) -> list[str]:
    """The command line that runs a management command in a new Python process."""
    return [sys.executable, "-m", "django", *args]


@dataclass
class Child:
    """One supervised process, in a process group of its own."""

    label: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started: float = field(default=0.0)

    def start(self) -> None:
        # A group of its own: the terminal's Ctrl-C reaches only `serve`, which
        # stops the children in order, and a signal to the group also reaches
        # the processes a child starts itself (runserver's autoreloader).
        self.process = subprocess.Popen(self.argv, start_new_session=True)  # noqa: S603 (our own argv)
        self.started = time.monotonic()

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # the whole group has gone
            os.killpg(self.process.pid, signum)

    def group_alive(self) -> bool:
        if self.process is None:
            return False
        self.process.poll()  # reap the leader, so that it does not linger as a zombie
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


class Stop(Exception):
    """Ctrl-C or SIGTERM: stop the children and return."""


class Command(BaseCommand):
    help = (
        "Serve Verksam with the development server and run the background task worker "
        "beside it, as one command (make run). Ctrl-C stops both."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="Address and port to serve on (default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--insecure",
            action="store_true",
            help="Serve static files even when DEBUG is off (passed to runserver).",
        )
        parser.add_argument(
            "--noreload",
            action="store_true",
            help="Do not restart the server and the worker when the code changes.",
        )
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=5,
            help="Stop everything after the worker has stopped this many times in a row.",
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=10.0,
            help="Seconds to let the children stop before they are killed (default 10).",
        )

    def handle(
        self,
        *,
        addrport: str,
        insecure: bool,
        noreload: bool,
        max_restarts: int,
        stop_timeout: float,
        **options,
    ) -> None:
        port = addrport.rsplit(":", 1)[-1]
        # The same id after every restart, so the new worker finds at once the
        # task the stopped one left running (verksam.core.workers).
        worker_id = f"serve-{port}-{socket.gethostname()}"[:64]
        web = Child(
            _("The web server"),
            django_command(
                "runserver",
                addrport,
                *(["--insecure"] if insecure else []),
                *(["--noreload"] if noreload else []),
            ),
        )
        worker = Child(
            _("The task worker"),
            django_command(
                "db_worker",
                "--worker-id",
                worker_id,
                "--no-startup-delay",
                "--reload" if not noreload and settings.DEBUG else "--no-reload",
            ),
        )
        self._stopping = False
        self._force = False
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
        status = 0
        try:
            status = self._supervise(web, worker, worker_id, max_restarts)
        except Stop:
            self.stdout.write(_("Stopping the web server and the task worker …"))
        finally:
            self._stop_all([web, worker], stop_timeout)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if status:
            raise CommandError(_("Verksam stopped."), returncode=status)
        self.stdout.write(_("Verksam stopped."))

    def _on_signal(self, signum: int, frame) -> None:
        if self._stopping:
            self._force = True  # a second Ctrl-C: kill what has not stopped yet
            return
        self._stopping = True
        raise Stop

    def _supervise(self, web: Child, worker: Child, worker_id: str, max_restarts: int) -> int:
        web.start()
        worker.start()
        self.stdout.write(
            _("The task worker is running beside the web server (worker id %(id)s).")
            % {"id": worker_id}
        )
        daily_done: datetime.date | None = None
        recovered_at = time.monotonic()
        restart_at: float | None = None
        stops_in_a_row = 0
        while True:
            today = timezone.localdate()
            if daily_done != today:
                self._run_daily_commands()
                daily_done = today
            code = web.exit_code()
            if code is not None:
                self.stderr.write(
                    _("The web server stopped (exit code %(code)s); stopping the task worker too.")
                    % {"code": code}
                )
                return code or 1
            if restart_at is None:
                code = worker.exit_code()
                if code is not None:
                    ran = time.monotonic() - worker.started
                    stops_in_a_row = 1 if ran >= STABLE_SECONDS else stops_in_a_row + 1
                    worker.signal_group(signal.SIGKILL)  # anything it started goes with it
                    self._recover(worker_id)
                    if stops_in_a_row > max_restarts:
                        self.stderr.write(
                            _(
                                "The task worker stopped %(count)d times in a row (last exit "
                                "code %(code)s); stopping Verksam. Fix the error above and "
                                "start it again."
                            )
                            % {"count": stops_in_a_row, "code": code}
                        )
                        return 1
                    pause = min(2 ** (stops_in_a_row - 1), MAX_BACKOFF_SECONDS)
                    self.stderr.write(
                        _(
                            "The task worker stopped (exit code %(code)s); starting it again "
                            "in %(seconds)d s."
                        )
                        % {"code": code, "seconds": pause}
                    )
                    restart_at = time.monotonic() + pause
            elif time.monotonic() >= restart_at:
                restart_at = None
                worker.start()
                self.stdout.write(_("The task worker is running again."))
            if time.monotonic() - recovered_at >= RECOVERY_SECONDS:
                self._recover(None)
                recovered_at = time.monotonic()
            time.sleep(POLL_SECONDS)

    def _run_daily_commands(self) -> None:
        for name in settings.SERVE_DAILY_COMMANDS:
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # a daily chore must not stop the server
                self.stderr.write(
                    _("The daily command %(name)s failed: %(error)s")
                    % {"name": name, "error": error}
                )
            finally:
                close_old_connections()

    def _recover(self, worker_id: str | None) -> None:
        try:
            count = task_results_fail_abandoned(starting_worker_id=worker_id)
        except Exception as error:  # e.g. the database is locked for a moment
            self.stderr.write(
                _("Could not look for tasks a stopped worker left running: %(error)s")
                % {"error": error}
            )
            return
        finally:
            close_old_connections()
        if count:
            self.stderr.write(
                _("Tasks that a stopped worker left running, now marked failed: %(count)d")
                % {"count": count}
            )

    def _stop_all(self, children: list[Child], timeout: float) -> None:
        for child in children:
            child.signal_group(signal.SIGTERM)
        self._stopping = True
        deadline = time.monotonic() + timeout
        while any(child.group_alive() for child in children):
            if self._force or time.monotonic() >= deadline:
                for child in children:
                    if child.group_alive():
                        self.stderr.write(
                            _("%(name)s did not stop in time; it is killed.")
                            % {"name": child.label}
                        )
                        child.signal_group(signal.SIGKILL)
                deadline = float("inf")
                self._force = False
            time.sleep(POLL_SECONDS)
        for child in children:
            if child.process is not None:
                child.process.wait()
