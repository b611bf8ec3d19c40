import pytest

from verksam.indicators.choices import Direction, IndicatorSource
from verksam.indicators.models import Indicator, ItemIndicator
from verksam.statistics import catalogue
from verksam.statistics.models import IndicatorTerm
from verksam.statistics.services import term_choose_for_item

pytestmark = pytest.mark.django_db


def test_it_finds_terms_by_swedish_words():
    found = [entry.key for entry in catalogue.search("lån per invånare")]

    assert found[0] == "Utlan399"
    assert "N09801" in found
    assert "Besok01" in [entry.key for entry in catalogue.search("fysiska besök")]


def test_it_leaves_out_retired_terms_unless_asked():
    assert "Folk120" not in [entry.key for entry in catalogue.search("Folk120")]
    assert "Folk120" in [entry.key for entry in catalogue.search("Folk120", include_retired=True)]


def test_it_holds_the_numeric_kb_terms_and_the_kolada_kpis():
    kb = catalogue.search(source=catalogue.KB, include_retired=True)

    assert len(kb) == 763
    assert {e.key for e in catalogue.search(source=catalogue.KOLADA)} >= {"N09801", "N09026"}


def test_it_makes_the_indicator_with_source_unit_and_direction(personas):
    item = personas.draft_plan.items.get(depth=1)
    entry = catalogue.get_entry(catalogue.KB, "Utlan399")

    use = term_choose_for_item(user=personas.editor, item=item, entry=entry, scale="inhabitant")

    indicator = use.indicator
    assert (indicator.key, indicator.name, indicator.unit) == (
        "Utlan399.inv",
        "Lån per invånare",
        "lån/inv",
    )
    assert indicator.source == IndicatorSource.LIBRARY_STATISTICS
    assert indicator.direction == Direction.HIGHER_IS_BETTER
    assert indicator.decimals == 2
    assert indicator.description.startswith("Totalt antal lån")
    assert IndicatorTerm.objects.get(indicator=indicator).term == "Utlan399"


def test_it_reuses_the_indicator_when_another_item_chooses_the_term(personas):
    first, second = personas.draft_plan.items.all()[:2]
    entry = catalogue.get_entry(catalogue.KOLADA, "N09026")

    term_choose_for_item(user=personas.editor, item=first, entry=entry)
    term_choose_for_item(user=personas.editor, item=second, entry=entry)

    assert Indicator.objects.filter(key="N09026").count() == 1
    assert ItemIndicator.objects.filter(indicator__key="N09026").count() == 2
    assert Indicator.objects.get(key="N09026").direction == Direction.LOWER_IS_BETTER


def test_it_lets_an_editor_choose_a_term_on_the_page(client, personas):
    item = personas.draft_plan.items.get(depth=1)
    client.force_login(personas.editor)
    url = f"/statistik/punkt/{personas.draft_plan.pk}/{item.pk}/"

    page = client.get(url, {"q": "lån per invånare"})
    response = client.post(url, {"source": "bibstat", "key": "Utlan399", "scale": "inhabitant"})

    assert "Lån" in page.content.decode()
    assert response.status_code == 302
    assert ItemIndicator.objects.get(item=item).indicator.name == "Lån per invånare"


def test_it_refuses_a_term_not_in_the_catalogue(client, personas):
    item = personas.draft_plan.items.get(depth=1)
    client.force_login(personas.editor)

    client.post(
        f"/statistik/punkt/{personas.draft_plan.pk}/{item.pk}/",
        {"source": "bibstat", "key": "Nonsense1", "scale": "total"},
    )

    assert not ItemIndicator.objects.filter(item=item).exists()
