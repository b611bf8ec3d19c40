"""Every API route keeps to its OpenAPI schema, whatever it is sent (schemathesis).

Schemathesis reads the schema from the app itself (no server is started) and
sends each route requests made up from it. The test database holds the
standard personas and a published plan followed up in a round (with an approved
assessment, an indicator and a measured value), so that the routes answer real
objects; calls go as the reporter, with an API key, so that writes get past
authentication. Every answer must be no server error (5xx) and must conform to
the schema: a status code, content type and body it documents. The number of
examples is kept small so the run takes seconds.
"""

import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from verksam.core.tests.api_support import make_followup, make_key
from verksam.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _real_ids(personas, followup) -> dict[str, int]:
    """Ids of real, readable objects for the routes' path parameters."""
    plan = personas.published_plan
    return {
        "organisation_id": personas.home.pk,
        "plan_id": plan.pk,
        "item_id": followup.submitted.item_id,
        "round_id": followup.round.pk,
        "measurement_id": followup.measurement.pk,
    }


def _check_operation(operation, *, headers: dict, mode, path_parameters=None) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.fixture
def connections_kept():
    """Keep the test's database connection open across the WSGI calls.

    Every request Django serves ends by closing connections it thinks stale;
    inside a test's transaction that closes the test's own connection on
    PostgreSQL. Django's test client turns this off while it serves a request;
    schemathesis calls the WSGI application directly, so the test does the same.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_keeps_to_its_schema(db, personas, connections_kept):
    followup = make_followup(personas)
    ids = _real_ids(personas, followup)
    headers = {"Authorization": f"Bearer {make_key(personas.reporter)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        path_ids = {
            param.name: ids[param.name] for param in operation.path_parameters if param.name in ids
        }
        # Made-up ids (mostly 404), then the ids of real objects, then invalid input.
        _check_operation(operation, headers=headers, mode=GenerationMode.POSITIVE)
        _check_operation(
            operation, headers=headers, mode=GenerationMode.POSITIVE, path_parameters=path_ids
        )
        _check_operation(operation, headers=headers, mode=GenerationMode.NEGATIVE)


def test_it_serves_a_schema_without_repeated_keys(client, db):
    """A key given twice (say 200 and "200") is valid Python but breaks the documentation."""

    def refuse_repeats(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    response = client.get("/api/v1/openapi.json")
    json.loads(response.content, object_pairs_hook=refuse_repeats)


def test_it_documents_every_operation_on_a_page_of_its_own_without_scripts(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/docs").content.decode()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f'id="op-{operation["operationId"]}"' in page, (method, path)
            assert f'<code class="api-path">{path}</code>' in page
    assert 'href="/api/v1/openapi.json"' in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attributes for attributes in scripts)
    assert "cdn" not in page
