from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from verksam.statistics import connectors
from verksam.statistics.choices import ValueSource
from verksam.statistics.models import StatisticValue
from verksam.statistics.tests.stub_server import StubServer
from verksam.testing import make_organisation

pytestmark = pytest.mark.django_db

KB_CONTEXT = "https://bibstat.kb.se/data/context.jsonld"


@pytest.fixture
def server(settings, monkeypatch):
    stub = StubServer()
    settings.STATISTICS_KB_URL = stub.url
    settings.STATISTICS_KOLADA_URL = stub.url + "/v3"
    settings.STATISTICS_BACKOFF_SECONDS = 0.01
    settings.STATISTICS_MIN_INTERVAL_SECONDS = 0
    settings.STATISTICS_RETRIES = 2
    settings.STATISTICS_TIMEOUT_SECONDS = 5
    pauses: list[float] = []
    monkeypatch.setattr(connectors, "sleep", pauses.append)
    stub.pauses = pauses
    yield stub
    stub.close()


@pytest.fixture
def kalmar_libraries(db):
    municipality = make_organisation("Kalmar kommun", kind="municipality", municipality_code="0880")
    make_organisation("Kalmar stadsbibliotek", parent=municipality, library_statistics_id="Ka")
    make_organisation("Kalmar bokbuss", parent=municipality, library_statistics_id="Kabb")


def observation(sigel, name, year, term, value, group="Folkbibliotek"):
    return {
        "@id": f"https://bibstat.kb.se/data/{sigel}-{year}-{term}",
        "@type": "Observation",
        "library": {"@id": f"http://bibdb.libris.kb.se/library/{sigel}", "name": name},
        "sampleYear": year,
        "targetGroup": group,
        term: value,
        "published": "2024-05-15T08:00:00.000000Z",
        "modified": "2024-05-15T08:00:00.000000Z",
    }


def data_set(observations, next_page=None):
    body = {
        "@context": KB_CONTEXT,
        "@id": "https://bibstat.kb.se/data",
        "@type": "DataSet",
        "label": "Sveriges biblioteksstatistik",
        "observations": observations,
    }
    if next_page:
        body["next"] = next_page
    return body


KB_PAGE_1 = "/data?term=Utlan399&limit=100&offset=0"
KB_PAGE_2 = "/data?limit=100&offset=100"


def kb_pages(server, second=None):
    server.answer(
        KB_PAGE_1,
        data_set(
            [
                observation("Ka", "KALMAR STADSBIBLIOTEK", 2022, "Utlan399", 400000),
                observation("Kabb", "KALMAR BOKBUSS", 2022, "Utlan399", 12000),
                observation("U", "UPPSALA STADSBIBLIOTEK", 2022, "Utlan399", 1200000),
                observation(
                    "Ka", "KALMAR GYMNASIEBIBLIOTEK", 2022, "Utlan399", 5, "Gymnasiebibliotek"
                ),
            ],
            next_page="?limit=100&offset=100",
        ),
    )
    server.answer(
        KB_PAGE_2,
        second
        if second is not None
        else data_set(
            [
                observation("Ka", "KALMAR STADSBIBLIOTEK", 2023, "Utlan399", 410000),
                observation("Kabb", "KALMAR BOKBUSS", 2023, "Utlan399", None),
                observation("Ka", "KALMAR STADSBIBLIOTEK", 2010, "Utlan399", 1),
            ]
        ),
    )


def stored():
    return {(v.term, v.area_code, v.year): float(v.value) for v in StatisticValue.objects.all()}


# KB ---------------------------------------------------------------------------------------


def test_it_pages_through_kb_and_sums_the_libraries_of_the_municipality(server, kalmar_libraries):
    kb_pages(server)

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=range(2020, 2025))

    assert result.ok, result.error
    assert result.pages == 2
    assert stored() == {("Utlan399", "0880", 2022): 412000, ("Utlan399", "0880", 2023): 410000}
    value = StatisticValue.objects.get(year=2022)
    assert value.source == ValueSource.LIBRARY_STATISTICS
    assert value.origin.endswith("/data?term=Utlan399")
    assert "CC0" in value.licence
    assert value.library_name == "KALMAR BOKBUSS, KALMAR STADSBIBLIOTEK"


def test_it_stores_nothing_new_when_kb_is_fetched_again(server, kalmar_libraries):
    kb_pages(server)
    connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    again = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    assert (again.stored.created, again.stored.replaced, again.stored.unchanged) == (0, 0, 2)
    assert StatisticValue.objects.count() == 2


def test_it_sums_every_public_library_for_the_country(server):
    kb_pages(server)

    result = connectors.kb_fetch(term="Utlan399", area_code="00", years=[2022])

    assert result.ok
    assert stored() == {("Utlan399", "00", 2022): 1612000}


def test_it_waits_and_retries_when_kb_limits_the_rate(server, kalmar_libraries):
    kb_pages(server)
    first = server.routes[KB_PAGE_1][0]
    server.answer(KB_PAGE_1, (429, {"error": "slow down"}, {"Retry-After": "7"}))
    server.routes[KB_PAGE_1].append(first)

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    assert result.ok, result.error
    assert server.requests.count(KB_PAGE_1) == 2
    assert 7 in server.pauses
    assert len(stored()) == 2


def test_it_writes_nothing_when_a_later_kb_page_fails(server, kalmar_libraries):
    kb_pages(server, second=(503, b"Service Unavailable"))

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    assert not result.ok
    assert "503" in result.error
    assert server.requests.count(KB_PAGE_2) == 3  # the first try and two retries
    assert not StatisticValue.objects.exists()


def test_it_writes_nothing_when_a_kb_page_is_not_json(server, kalmar_libraries):
    kb_pages(server, second=(200, b"<html>Underhall</html>", {"Content-Type": "text/html"}))

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    assert not result.ok
    assert "JSON" in result.error
    assert not StatisticValue.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"@type": "DataSet"},
        data_set([{"sampleYear": 2023, "Utlan399": 5}]),
        data_set([observation("Ka", "KALMAR", "tjugo", "Utlan399", 5)]),
        data_set([observation("Ka", "KALMAR", 2023, "Utlan399", "många")]),
        data_set(["not an observation"]),
    ],
    ids=["no observations", "no library", "year not a year", "value not a number", "not object"],
)
def test_it_refuses_a_malformed_kb_body_and_writes_nothing(server, kalmar_libraries, body):
    kb_pages(server, second=body)

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022, 2023])

    assert not result.ok
    assert not StatisticValue.objects.exists()


def test_it_gives_up_on_kb_after_timeouts(server, settings, kalmar_libraries):
    settings.STATISTICS_TIMEOUT_SECONDS = 0.2
    settings.STATISTICS_RETRIES = 1
    kb_pages(server)
    server.answer(KB_PAGE_2, (200, data_set([]), {}, 1.0))

    result = connectors.kb_fetch(term="Utlan399", area_code="0880", years=[2022])

    assert not result.ok
    assert "0.2" in result.error
    assert not StatisticValue.objects.exists()


def test_it_says_why_kb_cannot_fetch_an_area_without_library_ids(server):
    result = connectors.kb_fetch(term="Utlan399", area_code="0380", years=[2022])

    assert not result.ok
    assert "Uppsala" in result.error
    assert server.requests == []


# Kolada -----------------------------------------------------------------------------------


def kolada_value(kpi, municipality, period, total, women=None):
    values = [{"count": 1, "gender": "T", "status": "", "value": total}]
    if women is not None:
        values.insert(0, {"count": 1, "gender": "K", "status": "", "value": women})
    return {"kpi": kpi, "municipality": municipality, "period": period, "values": values}


KOLADA_PATH = "/v3/data/kpi/N09801/municipality/0880/year/2021,2022,2023"


def test_it_pages_through_kolada_with_either_name_of_the_next_link(server):
    server.answer(
        KOLADA_PATH,
        {
            "count": 3,
            "values": [kolada_value("N09801", "0880", 2021, 7.4, women=8.9)],
            "next_page": server.url + "/v3/page2",
        },
    )
    server.answer(
        "/v3/page2",
        {"count": 3, "values": [kolada_value("N09801", "0880", "2022", 7.1)], "next_url": "page3"},
    )
    server.answer("/v3/page3", {"count": 3, "values": [kolada_value("N09801", "0880", 2023, None)]})

    result = connectors.kolada_fetch(term="N09801", area_code="0880", years=[2021, 2022, 2023])

    assert result.ok, result.error
    assert result.pages == 3
    assert stored() == {("N09801", "0880", 2021): 7.4, ("N09801", "0880", 2022): 7.1}
    value = StatisticValue.objects.get(year=2021)
    assert value.source == ValueSource.KOLADA
    assert value.credit == "Källa: Kolada"


def test_it_asks_kolada_for_a_county_and_the_country_by_its_own_ids(server):
    server.answer(
        "/v3/data/kpi/N09801/municipality/0008/year/2023",
        {"count": 1, "values": [kolada_value("N09801", "0008", 2023, 6.5)]},
    )
    server.answer(
        "/v3/data/kpi/N09801/municipality/0000/year/2023",
        {"count": 1, "values": [kolada_value("N09801", "0000", 2023, 6.1)]},
    )

    assert connectors.kolada_fetch(term="N09801", area_code="08", years=[2023]).ok
    assert connectors.kolada_fetch(term="N09801", area_code="00", years=[2023]).ok
    assert stored() == {("N09801", "08", 2023): 6.5, ("N09801", "00", 2023): 6.1}


def test_it_retries_kolada_after_429_and_server_errors(server):
    good = {"count": 1, "values": [kolada_value("N09801", "0880", 2023, 7.0)]}
    server.answer(
        KOLADA_PATH,
        (429, {"message": "Too Many Requests"}),
        (502, b"Bad Gateway"),
        good,
    )

    result = connectors.kolada_fetch(term="N09801", area_code="0880", years=[2021, 2022, 2023])

    assert result.ok, result.error
    assert server.requests.count(KOLADA_PATH) == 3
    assert server.pauses == [0.01, 0.02]
    assert stored() == {("N09801", "0880", 2023): 7.0}


def test_it_writes_nothing_when_kolada_keeps_failing_on_a_later_page(server):
    server.answer(
        KOLADA_PATH,
        {"values": [kolada_value("N09801", "0880", 2021, 7.4)], "next_page": "/v3/p2"},
    )
    server.answer("/v3/p2", (500, b"Internal Server Error"))

    result = connectors.kolada_fetch(term="N09801", area_code="0880", years=[2021, 2022, 2023])

    assert not result.ok
    assert "500" in result.error
    assert not StatisticValue.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"count": 1},
        {"values": "none"},
        {"values": [{"kpi": "N09801", "municipality": "0880", "period": 2021}]},
        {"values": [kolada_value("N09801", "0180", 2021, 7.4)]},
        {"values": [kolada_value("N09801", "0880", 2021, "sju")]},
        [1, 2, 3],
    ],
    ids=["no values", "values not a list", "no gender values", "other area", "text", "list"],
)
def test_it_refuses_a_malformed_kolada_body_and_writes_nothing(server, body):
    server.answer(
        KOLADA_PATH,
        {"values": [kolada_value("N09801", "0880", 2022, 7.1)], "next_page": "/v3/p2"},
    )
    server.answer("/v3/p2", body)

    result = connectors.kolada_fetch(term="N09801", area_code="0880", years=[2021, 2022, 2023])

    assert not result.ok
    assert not StatisticValue.objects.exists()


def test_it_gives_up_on_kolada_after_timeouts(server, settings):
    settings.STATISTICS_TIMEOUT_SECONDS = 0.2
    settings.STATISTICS_RETRIES = 1
    server.answer(KOLADA_PATH, (200, {"values": []}, {}, 1.0))

    result = connectors.kolada_fetch(term="N09801", area_code="0880", years=[2021, 2022, 2023])

    assert not result.ok
    assert server.requests.count(KOLADA_PATH) == 2
    assert not StatisticValue.objects.exists()


def test_the_fetch_command_stores_or_exits_with_the_reason(server):
    server.answer(
        "/v3/data/kpi/N09801/municipality/0880/year/2022,2023",
        {"values": [kolada_value("N09801", "0880", 2023, 7.0)]},
    )
    out = StringIO()

    call_command(
        "statistics",
        "fetch",
        "--source",
        "kolada",
        "--term",
        "N09801",
        "--area",
        "880",
        "--years",
        "2022-2023",
        stdout=out,
    )
    server.answer("/v3/data/kpi/N09801/municipality/0380/year/2022,2023", (503, b""))
    with pytest.raises(CommandError, match="503"):
        call_command(
            "statistics",
            "fetch",
            "--source",
            "kolada",
            "--term",
            "N09801",
            "--area",
            "0380",
            "--years",
            "2022-2023",
            stdout=StringIO(),
        )

    assert "1" in out.getvalue()
    assert stored() == {("N09801", "0880", 2023): 7.0}
