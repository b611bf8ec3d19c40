"""The API of indicators and measured values: reading, entering and changing values."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from verksam.core.models import ApiToken
from verksam.core.tests.api_support import bearer, count_queries, make_key
from verksam.indicators.models import Indicator, ItemIndicator, Measurement
from verksam.indicators.permissions import can_read_measurements
from verksam.organisations.choices import Role
from verksam.testing import make_member, make_organisation


@pytest.fixture
def indicators(personas):
    return {
        "shared": Indicator.objects.create(key="Besok01", name="Fysiska besök", unit="besök"),
        "own": Indicator.objects.create(
            key="Egen", name="Egna program", organisation=personas.home
        ),
        "other": Indicator.objects.create(
            key="Annan", name="Regionens mått", organisation=personas.other
        ),
    }


def _measure(indicator, organisation, year: int = 2025, value: int = 100, **fields):
    return Measurement.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        value=value,
        **fields,
    )


def _keys(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["key"] for row in response.json()["items"]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", {"Besok01"}),
        ("reader", {"Besok01", "Egen"}),
        ("outsider", {"Besok01", "Annan"}),
        ("superuser", {"Besok01", "Egen", "Annan"}),
    ],
)
def test_it_lists_the_indicators_a_user_may_read(client, personas, indicators, persona, expected):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    assert _keys(client.get(reverse("api:indicator_list"))) == expected


def test_it_filters_indicators(client, personas, indicators):
    client.force_login(personas.superuser)
    url = reverse("api:indicator_list")
    assert _keys(client.get(url, {"shared": "true"})) == {"Besok01"}
    assert _keys(client.get(url, {"organisation": personas.home.pk})) == {"Egen"}
    assert _keys(client.get(url, {"key": "besok01"})) == {"Besok01"}


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "reader", "superuser"])
def test_it_lists_measurements_of_organisations_the_user_reads(
    client, personas, indicators, persona
):
    user = personas.user(persona)
    if persona != "anonymous":
        client.force_login(user)
    home = _measure(indicators["shared"], personas.home)
    group = _measure(indicators["shared"], personas.work_group)
    other = _measure(indicators["shared"], personas.other)
    ids = {row["id"] for row in client.get(reverse("api:measurement_list")).json()["items"]}
    # No published plan follows these values: only the organisations' readers see them.
    expected = {m.pk for m in (home, group, other) if can_read_measurements(user, m.organisation)}
    assert ids == expected


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_publishes_the_values_a_published_plan_follows(client, personas, indicators, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    published_item = personas.published_plan.items.get(depth=1)
    ItemIndicator.objects.create(
        item=published_item, indicator=indicators["shared"], organisation=personas.home
    )
    draft_item = personas.draft_plan.items.get(depth=1)
    ItemIndicator.objects.create(
        item=draft_item, indicator=indicators["own"], organisation=personas.home
    )
    followed = _measure(indicators["shared"], personas.home)
    _measure(indicators["shared"], personas.work_group)  # no published plan follows it
    _measure(indicators["own"], personas.home)  # followed by a draft only
    ids = {row["id"] for row in client.get(reverse("api:measurement_list")).json()["items"]}
    assert ids == {followed.pk}


def test_it_shows_a_measurement_with_an_exact_value_and_a_period_label(
    client, personas, indicators
):
    _measure(indicators["shared"], personas.home, value=Decimal("1234.5"), note="Manuellt")
    client.force_login(personas.reader)
    row = client.get(reverse("api:measurement_list")).json()["items"][0]
    assert row["value"] == "1234.5"
    assert row["period"] == "2025"
    assert row["indicator"] == {
        "id": indicators["shared"].pk,
        "key": "Besok01",
        "name": "Fysiska besök",
        "unit": "besök",
    }
    assert row["organisation"]["name"] == "Kalmar stadsbibliotek"


def test_it_filters_measurements_by_period_year_and_indicator(client, personas, indicators):
    _measure(indicators["shared"], personas.home, year=2024)
    _measure(indicators["shared"], personas.home, year=2025)
    _measure(indicators["own"], personas.home, year=2025)
    client.force_login(personas.reader)
    url = reverse("api:measurement_list")
    assert client.get(url, {"period": "2024"}).json()["count"] == 1
    assert client.get(url, {"year": 2025}).json()["count"] == 2
    assert client.get(url, {"indicator": indicators["own"].pk}).json()["count"] == 1
    response = client.get(url, {"period": "2025-T4"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"


def _new_value(personas, indicators, **fields) -> dict:
    return {
        "indicator": indicators["shared"].pk,
        "organisation": personas.home.pk,
        "period": "2025-T1",
        "value": "1200.5",
        "note": "Från kassasystemet",
        **fields,
    }


def test_it_enters_a_value_with_a_key_and_replaces_it_for_the_same_period(
    client, personas, indicators
):
    key = make_key(personas.reporter)
    url = reverse("api:measurement_create")
    response = client.post(
        url, _new_value(personas, indicators), content_type="application/json", **bearer(key)
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["value"], data["period"], data["source"]) == ("1200.5", "2025-T1", "manual")
    measurement = Measurement.objects.get()
    assert measurement.period_end == datetime.date(2025, 4, 30)
    assert measurement.created_by == personas.reporter

    again = client.post(
        url,
        _new_value(
            personas,
            indicators,
            value=1300,
            period=None,
            period_start="2025-01-01",
            period_end="2025-04-30",
            version=data["version"],
        ),
        content_type="application/json",
        **bearer(key),
    )
    assert again.status_code == 200
    assert Measurement.objects.get().value == 1300
    assert again.json()["version"] == 2


@pytest.mark.parametrize("persona", ["reader", "outsider"])
def test_it_answers_404_to_those_who_may_not_enter_values(client, personas, indicators, persona):
    key = make_key(personas.user(persona))
    response = client.post(
        reverse("api:measurement_create"),
        _new_value(personas, indicators),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_it_needs_a_key_or_a_session_to_write(client, personas, indicators):
    url = reverse("api:measurement_create")
    data = _new_value(personas, indicators)
    assert client.post(url, data, content_type="application/json").status_code == 401
    key = make_key(personas.reporter)
    ApiToken.objects.get(user=personas.reporter).revoke()
    assert client.post(url, data, content_type="application/json", **bearer(key)).status_code == 401
    wrong = client.post(url, data, content_type="application/json", **bearer("vks_wrong"))
    assert wrong.status_code == 401
    assert not Measurement.objects.exists()


def test_it_needs_the_csrf_token_with_a_session(personas, indicators):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.reporter)
    url = reverse("api:measurement_create")
    data = _new_value(personas, indicators)
    refused = client.post(url, data, content_type="application/json")
    assert refused.status_code == 403
    client.get(reverse("core:api_token_list"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url, data, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201
    # Reads need no CSRF token.
    assert client.get(reverse("api:measurement_list")).status_code == 200


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": "many"}, "value"),
        ({"value": "1" * 20}, "value"),
        ({"period": "2025-T7"}, "period"),
        ({"period": None}, "period_start"),
        ({"period": None, "period_start": "2025-05-01"}, "period_end"),
        ({"period": None, "period_start": "2025-05-01", "period_end": "2025-01-01"}, "period_end"),
        ({"note": "x" * 301}, "note"),
        ({"indicator": 999999}, "indicator"),
    ],
)
def test_it_names_the_field_of_bad_input(client, personas, indicators, fields, field):
    key = make_key(personas.reporter)
    response = client.post(
        reverse("api:measurement_create"),
        _new_value(personas, indicators, **fields),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert errors[0]["message"]
    assert not Measurement.objects.exists()


def test_it_refuses_an_indicator_the_user_may_not_read(client, personas, indicators):
    key = make_key(personas.reporter)
    response = client.post(
        reverse("api:measurement_create"),
        _new_value(personas, indicators, indicator=indicators["other"].pk),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "indicator"


def test_it_answers_in_the_users_language(client, personas, indicators):
    key = make_key(personas.reporter)
    data = _new_value(
        personas, indicators, period=None, period_start="2025-05-01", period_end="2025-01-01"
    )
    url = reverse("api:measurement_create")
    swedish = client.post(url, data, content_type="application/json", **bearer(key))
    assert swedish.json()["errors"][0]["message"] == "Perioden kan inte sluta innan den börjar."
    assert swedish["Content-Language"] == "sv"
    english = client.post(
        url,
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"},
    )
    assert english.json()["errors"][0]["message"] == "The period cannot end before it starts."


def test_it_changes_a_value_through_the_service(client, personas, indicators):
    measurement = _measure(indicators["shared"], personas.home, source="import")
    url = reverse("api:measurement_update", args=[measurement.pk])
    body = {"value": 99, "note": "Rättat", "version": measurement.version}
    reporter = make_key(personas.reporter)
    response = client.put(url, body, content_type="application/json", **bearer(reporter))
    assert response.status_code == 200, response.content
    measurement.refresh_from_db()
    assert (measurement.value, measurement.note, measurement.source) == (99, "Rättat", "manual")

    json = "application/json"
    reader = make_key(personas.reader)
    assert client.put(url, body, content_type=json, **bearer(reader)).status_code == 404
    missing = reverse("api:measurement_update", args=[999999])
    assert client.put(missing, body, content_type=json, **bearer(reporter)).status_code == 404
    bad = client.put(url, {"value": "x"}, content_type="application/json", **bearer(reporter))
    assert bad.status_code == 422


def test_it_lists_indicators_and_measurements_in_constant_queries(client, personas, indicators):
    client.force_login(personas.reader)
    urls = [reverse("api:indicator_list"), reverse("api:measurement_list")]
    _measure(indicators["shared"], personas.home, year=2000)
    one = [count_queries(client, url) for url in urls]
    for index in range(30):
        group = make_organisation(f"Grupp {index}", "workgroup", parent=personas.home)
        indicator = Indicator.objects.create(
            key=f"K{index}", name=f"Mått {index}", organisation=group
        )
        _measure(indicator, group, year=2001 + index % 20)
        _measure(indicators["shared"], group, year=2001 + index % 20)
    make_member(personas.other, Role.READER)
    many = [count_queries(client, url) for url in urls]
    assert one == many
