import pytest

from verksam.demo.statistics import demo_statistics_load
from verksam.indicators.models import Indicator
from verksam.statistics import selectors
from verksam.statistics.choices import ValueSource
from verksam.statistics.models import IndicatorTerm, StatisticValue
from verksam.testing import make_organisation

pytestmark = pytest.mark.django_db


def test_it_loads_five_years_and_more_for_kalmar_uppsala_and_stockholm_as_demo_values():
    demo_statistics_load()

    for code in ("0880", "0380", "0180", "08", "03", "01", "00"):
        years = set(
            StatisticValue.objects.filter(term="Utlan399", area_code=code).values_list(
                "year", flat=True
            )
        )
        assert len(years) >= 5, code
    assert set(StatisticValue.objects.values_list("source", flat=True)) == {ValueSource.DEMO}


def test_it_changes_nothing_when_loaded_again():
    demo_statistics_load()
    count = StatisticValue.objects.count()

    summary = demo_statistics_load()

    assert StatisticValue.objects.count() == count
    assert " 0 " in summary


def test_it_links_the_demo_statistics_indicators_so_kalmar_compares_with_its_peers():
    indicator = Indicator.objects.create(key="Utlan399", name="Fysiska utlån", source="bibstat")
    kalmar = make_organisation("Kalmar kommun", kind="municipality", municipality_code="0880")

    demo_statistics_load()
    comparison = selectors.comparison_for_indicator(indicator, kalmar)

    assert IndicatorTerm.objects.get(indicator=indicator).term == "Utlan399"
    assert comparison.title == "Fysiska utlån per invånare"
    assert comparison.peer_group.code == "B3"
    assert all(row.peer_count == 21 for row in comparison.rows)
    assert any("Demo" in credit for credit in comparison.credits)
