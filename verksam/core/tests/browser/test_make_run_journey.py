"""From `make run` alone: a demo editor's PDF annual report and CSV import finish in the browser.

The server is started as the Makefile's `run` target starts it, in a process of its own:
`manage.py migrate`, `manage.py demo`, then `manage.py serve --insecure 127.0.0.1:PORT`,
the one command that runs the web server and the task worker. Nothing else is started;
the document and the import are made by that worker. The database is a fresh file (or
PostgreSQL database) of its own; see verksam.core.tests.worker_process.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from verksam.core.tests.browser.conftest import TIMEOUT_MS
from verksam.core.tests.worker_process import WAIT_SECONDS, file_database, run_python

PROJECT_DIR = Path(__file__).resolve().parents[4]
#: The demo's logins (verksam/demo): an editor of a regional library development unit.
EDITOR, PASSWORD = "kalmar-editor", "demo-verksam"
#: A document takes seconds; this bounds a fault, it measures nothing.
JOB_TIMEOUT_MS = 120_000

DEMO_FACTS = f"""
from verksam.followup.models import FollowUpRound
from verksam.indicators.models import Measurement
from verksam.organisations.models import Membership

membership = Membership.objects.select_related("organisation").get(user__username="{EDITOR}")
organisation = membership.organisation
followup_round = (
    FollowUpRound.objects.filter(plan__organisation=organisation, plan__status="adopted")
    .order_by("-due_date")
    .first()
)
measurement = (
    Measurement.objects.filter(organisation=organisation).select_related("indicator").first()
)
print(json.dumps({{
    "organisation": organisation.pk,
    "organisation_name": organisation.name,
    "plan": followup_round.plan_id,
    "round": followup_round.pk,
    "indicator": measurement.indicator.key,
}}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str) -> list[str]:
    return [sys.executable, str(PROJECT_DIR / "manage.py"), *args]


@pytest.fixture
def made_run(tmp_path):
    """`make run`'s commands on a fresh database; yields the site's address and demo facts."""
    with file_database(tmp_path) as env:  # migrate
        subprocess.run(  # noqa: S603
            manage("demo"),
            env=env,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
            timeout=WAIT_SECONDS,
        )
        facts = run_python(env, DEMO_FACTS)
        port = free_port()
        log = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            manage("serve", "--insecure", f"127.0.0.1:{port}"),
            env=env,
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                try:
                    urllib.request.urlopen(base + "/logga-in/", timeout=5)  # noqa: S310
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(
                            "verksam serve did not start:\n" + (tmp_path / "serve.log").read_text()
                        ) from None
                    time.sleep(0.2)
            yield base, facts, env
        finally:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as a person stops make run
            server.wait(timeout=WAIT_SECONDS)
            log.close()


def test_it_makes_a_pdf_and_imports_a_csv_with_make_run_alone(browser, made_run, tmp_path):
    base, facts, env = made_run
    context = browser.new_context(base_url=base, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/logga-in/")
        page.locator("input[name=username]").fill(EDITOR)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/logga-in/" not in url)

        # A PDF annual report, ordered on the document page.
        page.goto(f"/dokument/plan/{facts['plan']}/ny/")
        page.locator("input[name=kind][value=annual]").check()
        page.locator("input[name=file_format][value=pdf]").check()
        page.locator("select[name=followup_round]").select_option(str(facts["round"]))
        page.locator("main form button[type=submit]").click()
        download_link = page.locator("a[href$='/ladda-ner/']")
        download_link.wait_for(timeout=JOB_TIMEOUT_MS)
        with page.expect_download() as download_info:
            download_link.click()
        pdf = Path(download_info.value.path()).read_bytes()

        # A CSV file of measurements, uploaded, checked and imported.
        csv_file = tmp_path / "mätvärden.csv"
        rows = [
            f"{facts['organisation_name']};{facts['indicator']};{year};{value};demo"
            for year, value in ((2015, "10"), (2016, "11"), (2017, "12,5"))
        ]
        csv_file.write_text(
            "organisation;indikator;period;värde;kommentar\n" + "\n".join(rows) + "\n"
        )
        page.goto(f"/import/{facts['organisation']}/")
        page.locator("input[type=file]").set_input_files(str(csv_file))
        page.locator("main form button[type=submit]").click()
        if "/kolumner/" in page.url:  # columns not guessed: accept the suggested mapping
            page.locator("main form button[type=submit]").click()
        page.locator("form[action$='/importera/'] button[type=submit]").click()
        page.locator("#import-progress .message--success").wait_for(timeout=JOB_TIMEOUT_MS)
        progress = page.locator("#import-progress-bar").get_attribute("value")
    finally:
        context.close()
    imported = run_python(
        env,
        "from verksam.indicators.models import Measurement\n"
        f"print(Measurement.objects.filter(indicator__key={facts['indicator']!r}, "
        "period_start__year__in=[2015, 2016, 2017]).count())",
    )

    assert pdf.startswith(b"%PDF-")
    assert progress == "100"
    assert imported == 3
