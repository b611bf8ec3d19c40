"""A load test: Verksam under gunicorn, read and written concurrently over loopback.

The script sets up a fresh database (an SQLite file in a temporary folder, or
the PostgreSQL database named by LOAD_DATABASE_URL, which is DROPPED and
created again), migrates it, loads the county data set (`verksam generate
--scale county --seed 1`), makes API tokens for a few reporters and a session
for a regional reader, and starts Verksam under gunicorn on 127.0.0.1. For a
bounded time, reader threads then ask for plan pages, public plan pages, the
county overview and API lists, while writer threads enter and change measured
values and save and submit assessments through the API, each write with a value
or text of its own. Afterwards it prints the throughput, the latency
percentiles and statuses of each kind of request and the errors, stops the
server, and reads the database through the ORM to check that every acknowledged
write is there with exactly the value written. Every kind of request has the
status it must answer (EXPECTED_STATUSES; 200 for every read): the first answer
with another status (a redirect too), a connection error or a timeout stops
the run, and the script exits non-zero on it or on any lost write.
Run from the project folder (or `make load`):

    .venv/bin/python bench/load/run.py [--seconds 60] [--workers 3] [--threads 4]
        [--readers 8] [--writers 4] [--reporters 4]

Environment: LOAD_DATABASE_URL (none: SQLite), LOAD_SECONDS, LOAD_WORKERS,
LOAD_THREADS, LOAD_READERS, LOAD_WRITERS give the defaults of the options.
DATABASE_URL and VERKSAM_DATA_DIR are set for this process and the server
only, so no other database is touched. Only 127.0.0.1 is ever called.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))

from bench.load.report import (  # noqa: E402 (the project folder must be on the path first)
    ExpectedWrite,
    latency_table,
    missing_writes,
)

SCALE, SEED = "county", 1
#: Client-side limit on one request; a slower answer counts as an error.
REQUEST_TIMEOUT_SECONDS = 60
#: What readers ask for, and how often (relative weights).
READ_WEIGHTS = {
    "plan page": 3,
    "public plan page": 3,
    "county overview": 1,
    "API plans": 1,
    "API items": 1,
    "API measurements": 1,
    "API assessments": 1,
}
#: What writers do, and how often; a submit needs a saved draft of the writer's own.
WRITE_WEIGHTS = {
    "POST measurement (new)": 3,
    "POST measurement (replace)": 1,
    "PUT measurement": 2,
    "PUT assessment": 3,
    "POST assessment submit": 1,
}
#: The statuses each kind of request must answer; anything else stops the run as an error.
#: Reads (and the warm-up) must answer 200: a redirect is not the page.
EXPECTED_STATUSES = {
    "POST measurement (new)": {201},
    "POST measurement (replace)": {200},
    "PUT measurement": {200},
    "PUT assessment": {200},
    "POST assessment submit": {200},
}
READ_STATUSES = {200}
#: Measured values are entered for one-day periods from this day on, a block per writer.
FIRST_DAY = datetime.date(2026, 1, 1)
DAYS_PER_WRITER = 5000


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"load: {name} must be a whole number, not {value!r}.") from None


# Setting up the database and the targets ---------------------------------------------------------


def recreate_postgres_database(url: str) -> None:
    """Drop the load test's PostgreSQL database and create it again, empty."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("load: LOAD_DATABASE_URL must name a database.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise SystemExit(f"load: cannot recreate the database {name!r}: {error}") from None


def configure_environment(database_url: str, data_dir: Path) -> None:
    """Production-like settings for this process and the server, with this database only."""
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "VERKSAM_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "verksam.settings",
            "DEBUG": "0",
            "SECRET_KEY": "load-test-throwaway-key",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback, as behind a proxy that terminates TLS.
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
            # The cache every server shares, as in production with several processes.
            "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14"),
        }
    )


@dataclass
class Writer:
    """What one writer thread may write: its reporter's token and organisation, its own
    block of measurement periods, and its own assessments (no two writers share one)."""

    number: int
    token: str
    organisation_id: int
    indicator_ids: list[int]
    #: (round id, item id, the statuses of the item's scale, the version read)
    assessments: list[tuple[int, int, list[str], int]] = field(default_factory=list)


@dataclass
class Targets:
    reader_cookie: str
    plan_ids: list[int]
    plan_pages: list[str]
    public_plan_pages: list[str]
    county_overview: str
    api_lists: dict[str, list[str]]
    writers: list[Writer]
    description: str


def prepare_targets(*, reporters: int, writers: int) -> Targets:
    """Tokens, a session and the URLs of the run, chosen from the generated data."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from verksam.core.models import ApiToken
    from verksam.followup.choices import AssessmentState
    from verksam.followup.models import Assessment
    from verksam.followup.permissions import can_report_on
    from verksam.followup.services import status_choices_for
    from verksam.indicators.permissions import visible_indicators
    from verksam.organisations.choices import OrganisationKind, Role
    from verksam.organisations.models import Membership, Organisation
    from verksam.plans.choices import PlanStatus
    from verksam.plans.models import Plan
    from verksam.plans.permissions import visible_plans
    from verksam.public.selectors import public_slug

    User = get_user_model()
    region = Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("id").first()
    reader = User.objects.get(username=f"region-{region.county_code}-reader")
    client = Client()
    client.force_login(reader)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    published = (
        Plan.objects.filter(status=PlanStatus.ADOPTED, is_published=True)
        .annotate(count=Count("items"))
        .order_by("-count", "id")
    )
    readable = set(visible_plans(reader).values_list("id", flat=True))
    largest = [plan for plan in published if plan.pk in readable][:5]
    plan_pages = [reverse("plans:plan_detail", args=[plan.pk]) for plan in largest]
    public_pages = [
        reverse("public:plan_detail", kwargs={"pk": plan.pk, "slug": public_slug(plan.title)})
        for plan in published[:5]
    ]

    reporter_users = list(
        User.objects.filter(
            username__startswith="kommun-", username__endswith="-reporter"
        ).order_by("username")[:reporters]
    )
    if not reporter_users:
        raise SystemExit("load: the data set has no reporters.")
    api_lists = {
        "API plans": ["/api/v1/plans"],
        "API items": [f"/api/v1/items?plan={plan.pk}" for plan in largest],
        "API measurements": ["/api/v1/measurements"],
        "API assessments": [f"/api/v1/assessments?plan={plan.pk}" for plan in largest],
    }

    team = []
    for number in range(writers):
        user = reporter_users[number % len(reporter_users)]
        membership = Membership.objects.get(user=user, role=Role.REPORTER)
        _token, key = ApiToken.objects.create_for(user=user, name=f"load test writer {number}")
        indicators = list(
            visible_indicators(user).filter(organisation__isnull=True).values_list("id", flat=True)
        )
        team.append(Writer(number, key, membership.organisation_id, indicators))
        api_lists["API measurements"].append(
            f"/api/v1/measurements?organisation={membership.organisation_id}"
        )

    # The open assessments (drafts and returned ones) each reporter may write, dealt out to
    # that reporter's writers in turn, so that every assessment has one writer only.
    open_assessments = (
        Assessment.objects.filter(
            round__is_closed=False, state__in=[AssessmentState.DRAFT, AssessmentState.RETURNED]
        )
        .select_related("item__plan", "item__responsible_organisation")
        .order_by("round_id", "item_id")
    )
    by_user = {
        user.pk: [w for w in team if w.number % len(reporter_users) == i]
        for i, user in enumerate(reporter_users)
    }
    turn = {user.pk: 0 for user in reporter_users}
    for assessment in open_assessments:
        for user in reporter_users:
            if by_user[user.pk] and can_report_on(user, assessment.item):
                writer = by_user[user.pk][turn[user.pk] % len(by_user[user.pk])]
                turn[user.pk] += 1
                statuses = [value for value, _label in status_choices_for(assessment.item)]
                writer.assessments.append(
                    (assessment.round_id, assessment.item_id, statuses, assessment.version)
                )
                break

    description = (
        f"reader {reader.username}; plans {', '.join(str(p.pk) for p in largest)} "
        f"(the largest {largest[0].count} items); reporters "
        f"{', '.join(u.username for u in reporter_users)}; open assessments per writer "
        f"{', '.join(str(len(w.assessments)) for w in team)}"
    )
    return Targets(
        reader_cookie=cookie,
        plan_ids=[plan.pk for plan in largest],
        plan_pages=plan_pages,
        public_plan_pages=public_pages,
        county_overview=reverse("dashboards:county_overview", kwargs={"pk": region.pk}),
        api_lists=api_lists,
        writers=team,
        description=description,
    )


# The server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    """Verksam under gunicorn on 127.0.0.1, as docs/operations.md serves it: with the
    shipped configuration (verksam/gunicorn_conf.py, which freezes the heap)."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:verksam.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--no-control-socket",
        "verksam.wsgi:application",
    ]
    # The server's log and Django's (errors with their tracebacks) go to one file.
    with log.open("ab") as output:
        server = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=dict(os.environ), stdout=output, stderr=output
        )
    deadline = time.monotonic() + 60
    answer = "nothing"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"load: gunicorn stopped at start:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/organisations?limit=1")
            response = connection.getresponse()
            answer = f"{response.status} {response.read()[:300]!r}"
            connection.close()
            if response.status == 200:
                return server
        except OSError as error:
            answer = str(error)
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(
        f"load: gunicorn did not answer within 60 seconds; last: {answer}\n{log.read_text()}"
    )


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn (its workers finish the requests they have) and wait for it."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# The clients -------------------------------------------------------------------------------------


def expected_statuses(kind: str) -> set[int]:
    """The statuses a kind of request must answer (reads and the warm-up: 200)."""
    return EXPECTED_STATUSES.get(kind, READ_STATUSES)


@dataclass
class Answer:
    status: int  # 0 for a connection error or a timeout
    body: bytes
    ok: bool = False  # the status is one the kind of request must answer
    error: str = ""

    def json(self) -> dict:
        return json.loads(self.body)


class Caller:
    """One thread's keep-alive connection to the server, recording every request.

    An answer with a status the kind of request must not have sets `stop`, which every
    thread of the run shares, so the run ends at the first wrong answer."""

    def __init__(self, port: int, headers: dict[str, str], stop: threading.Event) -> None:
        self.port = port
        self.headers = headers
        self.stop = stop
        self.connection: http.client.HTTPConnection | None = None
        #: (kind, milliseconds, ok, status)
        self.timings: list[tuple[str, float, bool, int]] = []
        self.errors: list[str] = []

    def call(self, kind: str, method: str, path: str, body: dict | None = None) -> Answer:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_SECONDS
                )
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            answer = Answer(response.status, response.read())
            answer.ok = answer.status in expected_statuses(kind)
            if not answer.ok and response.getheader("Location"):
                answer.error = f"Location: {response.getheader('Location')}"
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            answer = Answer(0, b"", error=f"{type(error).__name__}: {error}")
        milliseconds = (time.perf_counter() - started) * 1000
        self.timings.append((kind, milliseconds, answer.ok, answer.status))
        if not answer.ok:
            detail = answer.error or " ".join(answer.body[:300].decode(errors="replace").split())
            wanted = " or ".join(str(status) for status in sorted(expected_statuses(kind)))
            self.errors.append(
                f"{kind}: {method} {path} -> {answer.status} (expected {wanted}) {detail}"
            )
            self.stop.set()
        return answer

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def read_loop(caller: Caller, targets: Targets, until: float, seed: int) -> None:
    rng = random.Random(seed)
    kinds, weights = list(READ_WEIGHTS), list(READ_WEIGHTS.values())
    urls = {
        "plan page": targets.plan_pages,
        "public plan page": targets.public_plan_pages,
        "county overview": [targets.county_overview],
        **targets.api_lists,
    }
    while time.monotonic() < until and not caller.stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        # The plan page and the overview as the regional reader; the rest anonymously.
        logged_in = kind in ("plan page", "county overview")
        caller.headers = {"Cookie": targets.reader_cookie} if logged_in else {}
        caller.call(kind, "GET", rng.choice(urls[kind]))
    caller.close()


@dataclass
class WriterLog:
    """The writes one writer made, in order, by what they wrote to."""

    measurements: dict[tuple, list[ExpectedWrite]] = field(default_factory=dict)
    assessments: dict[tuple, list[ExpectedWrite]] = field(default_factory=dict)


def write_loop(caller: Caller, writer: Writer, log: WriterLog, until: float, seed: int) -> None:
    rng = random.Random(seed)
    kinds, weights = list(WRITE_WEIGHTS), list(WRITE_WEIGHTS.values())
    # Every change sends the version the writer last read (docs/api.md): each answer gives
    # the next one. After an error the version is unknown, so that object is left alone.
    created: dict[int, tuple] = {}  # measurement id -> its key
    measurement_versions: dict[int, int] = {}
    drafts: set[tuple[int, int]] = set()  # assessments this writer has saved, not submitted
    open_assessments = {(r, i): statuses for r, i, statuses, _v in writer.assessments}
    assessment_versions = {(r, i): version for r, i, _s, version in writer.assessments}
    sequence = 0
    while time.monotonic() < until and not caller.stop.is_set():
        sequence += 1
        kind = rng.choices(kinds, weights)[0]
        if kind == "POST measurement (replace)" and not created:
            kind = "POST measurement (new)"
        if kind == "PUT measurement" and not created:
            kind = "POST measurement (new)"
        if kind == "POST assessment submit" and not drafts:
            kind = "PUT assessment"
        if kind == "PUT assessment" and not open_assessments:
            kind = "POST measurement (new)"
        # A value and a note no other write has: writer number, sequence, a random fraction.
        value = f"{writer.number + 1}{sequence:08d}.{rng.randrange(1_000_000):06d}"
        note = f"load writer {writer.number} write {sequence}"
        if kind.startswith("POST measurement"):
            body = {"value": value, "note": note}
            if kind.endswith("(new)"):
                day = FIRST_DAY + datetime.timedelta(
                    days=writer.number * DAYS_PER_WRITER + sequence % DAYS_PER_WRITER
                )
                key = (rng.choice(writer.indicator_ids), writer.organisation_id, day.isoformat())
            else:
                measurement_id = rng.choice(list(created))
                key = created.pop(measurement_id)
                body["version"] = measurement_versions.pop(measurement_id)
            body.update(
                indicator=key[0], organisation=key[1], period_start=key[2], period_end=key[2]
            )
            expected = ExpectedWrite({"value": value, "note": note})
            log.measurements.setdefault(key, []).append(expected)
            answer = caller.call(kind, "POST", "/api/v1/measurements", body)
            if answer.ok:
                expected.acknowledged = True
                stored = answer.json()
                created[stored["id"]] = key
                measurement_versions[stored["id"]] = stored["version"]
        elif kind == "PUT measurement":
            measurement_id = rng.choice(list(created))
            key = created.pop(measurement_id)
            version = measurement_versions.pop(measurement_id)
            expected = ExpectedWrite({"value": value, "note": note})
            log.measurements[key].append(expected)
            answer = caller.call(
                kind,
                "PUT",
                f"/api/v1/measurements/{measurement_id}",
                {"value": value, "note": note, "version": version},
            )
            if answer.ok:
                expected.acknowledged = True
                created[measurement_id] = key
                measurement_versions[measurement_id] = answer.json()["version"]
        elif kind == "PUT assessment":
            round_id, item_id = rng.choice(sorted(open_assessments))
            status = rng.choice(open_assessments[(round_id, item_id)])
            expected = ExpectedWrite({"status": status, "done": note, "results": value})
            log.assessments.setdefault((round_id, item_id), []).append(expected)
            answer = caller.call(
                kind,
                "PUT",
                f"/api/v1/rounds/{round_id}/items/{item_id}/assessment",
                {
                    "status": status,
                    "done": note,
                    "results": value,
                    "version": assessment_versions[(round_id, item_id)],
                },
            )
            if answer.ok:
                expected.acknowledged = True
                stored = answer.json()
                expected.fields["state"] = stored["state"]
                assessment_versions[(round_id, item_id)] = stored["version"]
                drafts.add((round_id, item_id))
            else:
                del open_assessments[(round_id, item_id)]
                drafts.discard((round_id, item_id))
        else:  # submit one of this writer's saved drafts; it is then locked
            round_id, item_id = rng.choice(sorted(drafts))
            drafts.discard((round_id, item_id))
            del open_assessments[(round_id, item_id)]
            history = log.assessments[(round_id, item_id)]
            last = next(w for w in reversed(history) if w.acknowledged)
            expected = ExpectedWrite({**last.fields, "state": "submitted"})
            history.append(expected)
            answer = caller.call(
                kind,
                "POST",
                f"/api/v1/rounds/{round_id}/items/{item_id}/assessment/submit",
                {"version": assessment_versions[(round_id, item_id)]},
            )
            expected.acknowledged = answer.ok
    caller.close()


def drive(ports: list[int], targets: Targets, *, readers: int, seconds: int) -> tuple:
    """Run the readers and writers until the time is up, spread over the servers on
    `ports` (round robin); their callers and write logs."""
    stop = threading.Event()
    urls = [*targets.plan_pages, *targets.public_plan_pages, targets.county_overview]
    urls += [url for group in targets.api_lists.values() for url in group]
    for port in ports:
        warm = Caller(port, {"Cookie": targets.reader_cookie}, stop)
        for url in urls:  # every URL answers before the clock starts (and is warmed up)
            answer = warm.call("warm-up", "GET", url)
            if not answer.ok:
                raise SystemExit(
                    f"load: {url} answered {answer.status} before the run, not 200. {answer.error}"
                )
        warm.close()

    until = time.monotonic() + seconds
    threads, callers, logs = [], [], []
    for number in range(readers):
        caller = Caller(ports[number % len(ports)], {}, stop)
        callers.append(caller)
        threads.append(
            threading.Thread(target=read_loop, args=(caller, targets, until, 1000 + number))
        )
    for writer in targets.writers:
        caller = Caller(
            ports[writer.number % len(ports)], {"Authorization": f"Bearer {writer.token}"}, stop
        )
        log = WriterLog()
        callers.append(caller)
        logs.append(log)
        threads.append(
            threading.Thread(
                target=write_loop, args=(caller, writer, log, until, 2000 + writer.number)
            )
        )
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return callers, logs, time.monotonic() - started


# Checking that no page is stale ------------------------------------------------------------------


def stale_pages(ports: list[int], targets: Targets) -> list[str]:
    """Change what cached pages show, in this process, and read them from every server:
    a line for each page that still showed the old state (docs/operations.md, "Caching").

    Each page is read first from every server, so each has it cached (in the shared
    cache, or its own); then, in this process, an item of the plan is renamed and an
    approved follow-up in the round the plan page shows gets another status, and every
    server must show the new title (both pages) and the item's new status (the plan
    page) at its next read."""
    from django.db import transaction
    from django.utils import timezone

    from verksam.followup import stored
    from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus
    from verksam.followup.models import Assessment, FollowUpRound
    from verksam.plans.models import Item

    stale: list[str] = []
    stop = threading.Event()
    from django.urls import reverse

    from verksam.plans.models import Plan
    from verksam.public.selectors import public_slug

    plan = Plan.objects.get(pk=targets.plan_ids[0])  # adopted and published
    public_url = reverse(
        "public:plan_detail", kwargs={"pk": plan.pk, "slug": public_slug(plan.title)}
    )
    pages = [(targets.plan_pages[0], {"Cookie": targets.reader_cookie}), (public_url, {})]
    for url, headers in pages:
        for port in ports:
            Caller(port, headers, stop).call("warm-up", "GET", url)
    plan_id = plan.pk
    item = Item.objects.filter(plan_id=plan_id, depth=0).order_by("position").first()
    new_title = f"Omdöpt {time.time_ns()}"
    with transaction.atomic():
        item.title = new_title
        item.save()
    # The round the plan page shows: the latest begun (plans.views._chosen_round).
    shown_round = (
        FollowUpRound.objects.filter(plan_id=plan_id, period_start__lte=timezone.localdate())
        .order_by("period_end", "period_start")
        .last()
    )
    changed = (
        Assessment.objects.filter(
            round=shown_round, state=AssessmentState.APPROVED, item__depth__gt=0
        )
        .order_by("item__depth", "item_id")
        .first()
    )
    status_mark = ""
    if changed is not None:
        with transaction.atomic():
            changed.status = (
                ActivityStatus.STOPPED
                if changed.status in {ActivityStatus.DONE, ActivityStatus.ONGOING}
                else GoalStatus.NOT_MET
                if changed.status != GoalStatus.NOT_MET
                else GoalStatus.MET
            )
            changed.save()
        now = stored.round_statuses(shown_round, [changed.item_id])[changed.item_id]
        status_mark = f'data-item="{changed.item_id}" data-status="{now.status}"'
    for url, headers in pages:
        for port in ports:
            caller = Caller(port, headers, stop)
            body = caller.call("check", "GET", url).body.decode(errors="replace")
            caller.close()
            if new_title not in body:
                stale.append(f"{url} on port {port} still showed the old title")
            if status_mark and url in targets.plan_pages and status_mark not in body:
                stale.append(f"{url} on port {port} did not show {status_mark}")
    return stale


# Checking the writes ------------------------------------------------------------------------------


def lost_writes(logs: list[WriterLog]) -> tuple[int, int, list[str]]:
    """Compare what the database holds with every acknowledged write (the last one of each
    measured value and assessment, which later writes of the same writer replaced)."""
    from verksam.followup.models import Assessment
    from verksam.indicators.models import Measurement

    acknowledged = checked = 0
    lost = []
    for log in logs:
        for (indicator, organisation, day), history in log.measurements.items():
            acknowledged += sum(write.acknowledged for write in history)
            stored = Measurement.objects.filter(
                indicator_id=indicator,
                organisation_id=organisation,
                period_start=day,
                period_end=day,
            ).first()
            found = None if stored is None else {"value": stored.value, "note": stored.note}
            checked += 1
            label = f"measurement {indicator}/{organisation}/{day}"
            lost += missing_writes(label, history, found, decimal_fields={"value"})
        for (round_id, item_id), history in log.assessments.items():
            acknowledged += sum(write.acknowledged for write in history)
            stored = Assessment.objects.filter(round_id=round_id, item_id=item_id).first()
            found = None
            if stored is not None:
                found = {
                    "status": stored.status,
                    "done": stored.done,
                    "results": stored.results,
                    "state": stored.state,
                }
            checked += 1
            lost += missing_writes(f"assessment round {round_id} item {item_id}", history, found)
    return acknowledged, checked, lost


# The whole run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=env_int("LOAD_SECONDS", 60))
    parser.add_argument("--servers", type=int, default=env_int("LOAD_SERVERS", 2))
    parser.add_argument("--workers", type=int, default=env_int("LOAD_WORKERS", 2))
    parser.add_argument("--threads", type=int, default=env_int("LOAD_THREADS", 4))
    parser.add_argument("--readers", type=int, default=env_int("LOAD_READERS", 8))
    parser.add_argument("--writers", type=int, default=env_int("LOAD_WRITERS", 4))
    parser.add_argument("--reporters", type=int, default=4, help="reporters writing (4)")
    options = parser.parse_args()
    if min(options.seconds, options.workers, options.threads, options.reporters) < 1:
        parser.error("--seconds, --workers, --threads and --reporters must be 1 or more")
    if options.readers < 0 or options.writers < 0 or options.seconds > 3600:
        parser.error("--readers and --writers must be 0 or more, --seconds at most 3600")

    work_dir = Path(tempfile.mkdtemp(prefix="verksam-load-"))
    database_url = os.environ.get("LOAD_DATABASE_URL", "").strip()
    if database_url:
        recreate_postgres_database(database_url)
        kind = "postgresql"
    else:
        database_url = f"sqlite:///{work_dir / 'load.sqlite3'}"
        kind = "sqlite"
    configure_environment(database_url, work_dir)
    try:
        run(options, kind, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def run(options, kind: str, work_dir: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    started = time.monotonic()
    print(f"== {kind}: migrate, generate --scale {SCALE} --seed {SEED}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("generate", scale=SCALE, seed=SEED, verbosity=0)
    targets = prepare_targets(reporters=options.reporters, writers=options.writers)
    connections.close_all()  # the server has the database to itself during the run
    print(f"   ready in {time.monotonic() - started:.0f} s; {targets.description}", flush=True)

    from django.core.cache import cache

    cache.clear()  # the shared cache starts empty (LOAD_REDIS_URL names one for this run)
    ports = [free_port() for _server in range(options.servers)]
    print(
        f"== {kind}: {options.servers} gunicorn servers on 127.0.0.1:"
        f"{','.join(map(str, ports))}, each {options.workers} workers x {options.threads} "
        f"threads, sharing the cache {os.environ['REDIS_URL']}; {options.readers} readers and "
        f"{options.writers} writers for {options.seconds} s",
        flush=True,
    )
    servers = []
    stale: list[str] = []
    try:
        for number, port in enumerate(ports):
            servers.append(
                start_server(
                    port, options.workers, options.threads, work_dir / f"gunicorn-{number}.log"
                )
            )
        # The machine may be busy with other work; the load average says how busy.
        load_before = os.getloadavg()[0]
        callers, logs, seconds = drive(
            ports, targets, readers=options.readers, seconds=options.seconds
        )
        stale = stale_pages(ports, targets)
    finally:
        for server in servers:
            stop_server(server)
    server_log = "\n".join(
        (work_dir / f"gunicorn-{number}.log").read_text(errors="replace")
        for number in range(len(servers))
    )

    timings = [timing for caller in callers for timing in caller.timings]
    errors = [error for caller in callers for error in caller.errors]
    print()
    rate = len(timings) / seconds
    print(f"{kind}: {len(timings)} requests in {seconds:.1f} s = {rate:.1f} req/s")
    print(
        f"{os.cpu_count()} cores; load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    print(latency_table(timings, seconds))
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print(f"  {error}")
    if errors:
        print("the run stopped at the first answer with a status it must not have")
    tracebacks = [line for line in server_log.splitlines() if "Traceback" in line]
    if tracebacks:
        print(f"the server logged {len(tracebacks)} tracebacks; the last lines of its log:")
        print("\n".join(server_log.splitlines()[-40:]))

    print(f"stale pages after a change: {len(stale)}")
    for line in stale:
        print(f"  {line}")
    errors += [f"stale: {line}" for line in stale]
    acknowledged, checked, lost = lost_writes(logs)
    print(f"acknowledged writes: {acknowledged}, to {checked} measured values and assessments")
    print(f"lost writes: {len(lost)}")
    for line in lost[:50]:
        print(f"  {line}")
    connections.close_all()
    failure = failure_message(errors, lost)
    if failure:
        raise SystemExit(failure)


def failure_message(errors: list[str], lost: list[str]) -> str:
    """What made the run fail, in a line or two; empty when nothing did."""
    parts = []
    if errors:
        parts.append(
            f"load: {len(errors)} requests did not answer the status they must; first: {errors[0]}"
        )
    if lost:
        parts.append(f"load: {len(lost)} acknowledged writes were lost; first: {lost[0]}")
    return "\n".join(parts)


if __name__ == "__main__":
    main()
