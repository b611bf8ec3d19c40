"""The benchmarks stop with an error when a measured response has another status than the
one they expect, so that they never report the time of a redirect or an error page."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client, override_settings

from bench import bench_documents, bench_pages
from bench.load import run as load_run


def test_it_turns_off_the_https_redirect_for_the_page_bench(tmp_path):
    env = bench_pages.child_environment("sqlite:///bench.sqlite3", tmp_path)
    assert env["DEBUG"] == "0"
    assert env["SECURE_SSL_REDIRECT"] == "0"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_stops_the_page_bench_when_a_page_answers_a_redirect():
    entry = bench_pages.measure(Client(), "/api/v1/organisations", requests=3, warmups=1)
    results = {"rows": [{"label": "API organisations", "as": "anon", **entry}]}

    assert entry["status"] == "!301"
    assert entry["statuses"] == {"301": 5}
    with pytest.raises(SystemExit) as stopped:
        bench_pages.fail_on_unexpected_statuses("sqlite", results)
    assert "API organisations (anon) /api/v1/organisations: 5 x 301" in str(stopped.value)


@pytest.mark.django_db
def test_it_passes_the_page_bench_when_every_response_is_200():
    entry = bench_pages.measure(Client(), "/api/v1/organisations", requests=3, warmups=1)
    results = {"rows": [{"label": "API organisations", "as": "anon", **entry}]}

    assert entry["status"] == "200"
    assert bench_pages.unexpected_rows(results) == []


def test_it_stops_the_page_bench_when_a_page_is_missing():
    results = {"rows": [{"label": "x", "as": "anon", "status": "missing", "note": "plans:x"}]}
    with pytest.raises(SystemExit) as stopped:
        bench_pages.fail_on_unexpected_statuses("sqlite", results)
    assert "plans:x does not exist" in str(stopped.value)


def test_it_refuses_a_document_that_is_not_a_file_of_its_format():
    assert bench_documents.file_status("pdf", b"%PDF-1.7 ...") == "ok"
    assert bench_documents.file_status("pdf", b"<html>") == "not a PDF"
    assert bench_documents.file_status("docx", b"") == "empty"
    assert bench_documents.file_status("docx", b"%PDF-") == "not a zip archive"
    results = [("plan", "pdf", 0.1, 0.2, 10, "ok"), ("plan", "docx", 0.1, 0.2, 0, "empty")]
    assert bench_documents.failed_rows(results) == ["plan docx: empty"]


class Redirecting(BaseHTTPRequestHandler):
    """Answers 200 to the first `good` requests, then 302, as a page sent to the login."""

    protocol_version = "HTTP/1.1"
    good = 0
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            type(self).good -= 1
            status = 200 if type(self).good >= 0 else 302
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/login/")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def load_targets() -> load_run.Targets:
    return load_run.Targets(
        reader_cookie="",
        plan_ids=[1],
        plan_pages=["/plan"],
        public_plan_pages=["/public"],
        county_overview="/county",
        api_lists={
            "API plans": ["/plans"],
            "API items": ["/items"],
            "API measurements": ["/measurements"],
            "API assessments": ["/assessments"],
        },
        writers=[],
        description="",
    )


def test_it_stops_the_load_run_at_the_first_response_with_another_status(redirecting_server):
    # The seven warm-up requests and three more answer 200; then every answer is a 302.
    Redirecting.good = 10
    port = redirecting_server.server_address[1]

    callers, _logs, _seconds = load_run.drive([port], load_targets(), readers=1, seconds=600)

    timings = callers[0].timings
    assert [status for _kind, _ms, _ok, status in timings] == [200, 200, 200, 302]
    assert len(callers[0].errors) == 1
    assert "-> 302 (expected 200) Location: /login/" in callers[0].errors[0]
    message = load_run.failure_message([e for c in callers for e in c.errors], [])
    assert message.startswith("load: 1 requests did not answer the status they must")


def test_it_stops_the_load_run_when_a_page_redirects_before_the_run(redirecting_server):
    Redirecting.good = 0
    port = redirecting_server.server_address[1]

    with pytest.raises(SystemExit) as stopped:
        load_run.drive([port], load_targets(), readers=1, seconds=600)
    assert "/plan answered 302 before the run, not 200" in str(stopped.value)


def test_it_expects_201_for_a_new_measured_value_and_200_for_reads():
    assert load_run.expected_statuses("POST measurement (new)") == {201}
    assert load_run.expected_statuses("API plans") == {200}
