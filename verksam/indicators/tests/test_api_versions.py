"""Writes of measured values through the API carry the version they read: none is lost."""

from django.urls import reverse

from verksam.core.tests.api_support import make_key
from verksam.indicators.models import Measurement
from verksam.indicators.tests.builders import make_indicator, make_measurement


def _put(client, measurement, body: dict, key: str, **headers):
    url = reverse("api:measurement_update", args=[measurement.pk])
    headers = {"Authorization": f"Bearer {key}", **headers}
    return client.put(url, body, content_type="application/json", headers=headers)


def test_a_stale_version_answers_409_with_both_versions(client, personas):
    measurement = make_measurement(make_indicator(organisation=personas.home), personas.home)
    key = make_key(personas.reporter)
    first = _put(client, measurement, {"value": 110, "note": "Rättat", "version": 1}, key)
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2

    stale = _put(client, measurement, {"value": 120, "note": "Mitt", "version": 1}, key)
    assert stale.status_code == 409
    body = stale.json()
    assert (body["your_version"], body["current_version"]) == (1, 2)
    assert (body["yours"]["value"], body["yours"]["note"]) == ("120", "Mitt")
    assert (body["current"]["value"], body["current"]["note"]) == ("110", "Rättat")
    assert Measurement.objects.get().value == 110


def test_if_match_works_and_a_stale_one_answers_412(client, personas):
    measurement = make_measurement(make_indicator(organisation=personas.home), personas.home)
    key = make_key(personas.reporter)
    ok = _put(client, measurement, {"value": 110}, key, **{"If-Match": '"1"'})
    assert ok.status_code == 200, ok.content
    stale = _put(client, measurement, {"value": 120}, key, **{"If-Match": 'W/"1"'})
    assert stale.status_code == 412
    bad = _put(client, measurement, {"value": 120}, key, **{"If-Match": "*"})
    assert bad.status_code == 422
    differ = _put(client, measurement, {"value": 120, "version": 2}, key, **{"If-Match": '"1"'})
    assert differ.status_code == 422
    assert Measurement.objects.get().value == 110


def test_a_change_without_a_version_answers_428_and_changes_nothing(client, personas):
    indicator = make_indicator(organisation=personas.home)
    measurement = make_measurement(indicator, personas.home)
    key = make_key(personas.reporter)
    missing = _put(client, measurement, {"value": 120}, key)
    assert missing.status_code == 428
    assert missing.json()["current"]["version"] == 1

    body = {
        "indicator": indicator.pk,
        "organisation": personas.home.pk,
        "period_start": str(measurement.period_start),
        "period_end": str(measurement.period_end),
        "value": 130,
    }
    url = reverse("api:measurement_create")
    headers = {"Authorization": f"Bearer {key}"}
    replaced = client.post(url, body, content_type="application/json", headers=headers)
    assert replaced.status_code == 428
    assert Measurement.objects.get().value == 100

    created = client.post(
        url,
        {**body, "period_start": "2030-01-01", "period_end": "2030-12-31"},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201
    assert created.json()["version"] == 1
