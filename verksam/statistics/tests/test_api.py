import pytest

from verksam.statistics.choices import ValueSource
from verksam.statistics.tests.builders import make_value

pytestmark = pytest.mark.django_db


def test_it_lists_values_with_their_provenance(client):
    value = make_value("N09801", "0880", 2023, "7.1", source=ValueSource.KOLADA)
    value.origin = "https://api.kolada.se/v3/data/kpi/N09801/municipality/0880"
    value.licence = "Kolada"
    value.save()
    make_value("Utlan399", "0880", 2023, 512345)

    body = client.get("/api/v1/statistics/values", {"term": "N09801", "area": "880"}).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert (item["area_code"], item["area_name"], item["year"]) == ("0880", "Kalmar", 2023)
    assert float(item["value"]) == 7.1
    assert item["credit"] == "Källa: Kolada"
    assert item["retrieved_from"].startswith("https://api.kolada.se/")
    assert item["source"] == "kolada"


def test_it_lists_the_areas_with_the_date_the_list_holds_from(client):
    body = client.get("/api/v1/statistics/areas").json()

    assert body["valid_from"]
    assert len(body["items"]) == 312
    assert {"code": "0180", "name": "Stockholm", "kind": "municipality", "county_code": "01"} in (
        body["items"]
    )


def test_it_searches_the_catalogue(client):
    body = client.get("/api/v1/statistics/terms", {"q": "lån per invånare", "limit": 5}).json()

    assert body["items"][0]["key"] == "Utlan399"
    assert body["count"] >= 2
