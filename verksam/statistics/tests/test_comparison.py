from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.statistics import catalogue, selectors
from verksam.statistics.choices import PeerGroupKind, ValueSource
from verksam.statistics.models import PeerGroup
from verksam.statistics.services import peer_group_create, term_choose_for_item
from verksam.statistics.tests.builders import make_value
from verksam.testing import make_item, make_organisation, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def kalmar(db):
    municipality = make_organisation("Kalmar kommun", kind="municipality", municipality_code="0880")
    library = make_organisation("Kalmar stadsbibliotek", parent=municipality)
    plan = make_plan(library)
    goal = make_item(plan, "Fler lånar")
    entry = catalogue.get_entry(catalogue.KB, "Utlan399")
    use = term_choose_for_item(user=None, item=goal, entry=entry, scale="inhabitant")
    return use


def fill(codes, years):
    for code_index, code in enumerate(codes):
        for year in years:
            make_value("Utlan399", code, year, 1000 * (code_index + 2) + year % 100)
            make_value("Population01", code, year, 100 * (code_index + 2))


def test_it_compares_per_inhabitant_with_county_country_and_the_peer_median(kalmar):
    make_value("Utlan399", "0880", 2023, 500000)
    make_value("Population01", "0880", 2023, 71000)
    make_value("Utlan399", "08", 2023, 1900000)
    make_value("Population01", "08", 2023, 247000)
    make_value("Utlan399", "00", 2023, 52000000)
    make_value("N01951", "00", 2023, 10551707, source=ValueSource.KOLADA)
    for code, loans in (("0380", 1300000), ("0580", 800000), ("1880", 900000)):
        make_value("Utlan399", code, 2023, loans)
        make_value("Population01", code, 2023, 100000)

    comparison = selectors.comparison_for_indicator(kalmar.indicator, kalmar.organisation)

    row = comparison.rows[0]
    assert comparison.peer_group.code == "B3"
    assert round(row.own, 3) == Decimal("7.042")
    assert round(row.county, 3) == Decimal("7.692")
    assert round(row.country, 3) == Decimal("4.928")
    # Kalmar 7.04, Uppsala 13, Linköping 8, Örebro 9: the median of the four.
    assert round(row.peer_median, 3) == Decimal("8.500")
    assert row.peer_count == 4
    assert row.peer_low < row.peer_median < row.peer_high
    assert "Källa: Kolada" not in comparison.credits


def test_it_prefers_the_organisations_own_peer_group(kalmar):
    own = peer_group_create(
        user=None,
        name="Kuststäder",
        members=[880, "1080", "0883"],
        organisation=kalmar.organisation,
    )
    fill(["0880", "1080", "0883"], [2022])

    comparison = selectors.comparison_for_indicator(kalmar.indicator, kalmar.organisation)

    assert comparison.peer_group == own
    assert comparison.rows[0].peer_count == 3


def test_it_ships_skr_groups_as_reference_data():
    groups = {group.code: group for group in PeerGroup.objects.filter(kind=PeerGroupKind.SKR)}

    assert groups["A1"].members == ["0180", "1280", "1480"]
    assert "0880" in groups["B3"].members and "0380" in groups["B3"].members


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_comparison_page_and_chart_take_as_many_queries_for_many_areas_and_years(
    client, kalmar
):
    page = f"/statistik/jamforelse/{kalmar.indicator_id}/{kalmar.organisation.pk}/"
    fill(["0880", "08", "00", "0380"], [2023, 2024])
    small = (_queries(client, page), _queries(client, page + "diagram.svg"))

    b3 = PeerGroup.objects.get(code="B3").members
    fill(["0880", "08", "00", *b3], range(2014, 2025))
    large = (_queries(client, page), _queries(client, page + "diagram.svg"))

    assert small == large


def test_the_annual_report_section_takes_as_many_queries_for_many_areas_and_years(kalmar):
    from verksam.documents.statistics_section import comparison_blocks

    uses = [kalmar]
    fill(["0880", "08", "00", "0380"], [2023, 2024])
    with CaptureQueriesContext(connection) as small:
        blocks = comparison_blocks(uses)
    b3 = PeerGroup.objects.get(code="B3").members
    fill(["0880", "08", "00", *b3], range(2014, 2025))
    with CaptureQueriesContext(connection) as large:
        larger = comparison_blocks(uses)

    assert len(small) == len(large)
    assert blocks[1].text == larger[1].text
    assert len(larger[4].table.rows) == 10


def test_the_page_shows_the_table_behind_show_as_table(client, kalmar):
    fill(["0880", "08", "00", "0380"], [2023, 2024])

    html = client.get(
        f"/statistik/jamforelse/{kalmar.indicator_id}/{kalmar.organisation.pk}/"
    ).content.decode()

    assert "Visa som tabell" in html
    assert "Kalmar län" in html and "Sverige" in html and "Större stad" in html
