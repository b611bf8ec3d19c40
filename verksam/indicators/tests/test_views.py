"""The indicator pages: bad input gets a clear message naming the field and saves nothing;
good input (with Swedish decimal commas) is saved; values show with the indicator's decimals."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings

from verksam.core.models import ChangeRecord
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)


def _state():
    """Everything the pages could write, to compare before and after."""
    return (
        list(Indicator.objects.order_by("pk").values_list("pk", "key", "name", "decimals")),
        list(ItemIndicator.objects.order_by("pk").values_list("pk", "baseline")),
        list(Target.objects.order_by("pk").values_list("pk", "period_start", "value")),
        list(Measurement.objects.order_by("pk").values_list("pk", "period_start", "value")),
        ChangeRecord.objects.count(),
    )


@pytest.fixture
def editor_client(client, personas):
    client.force_login(personas.editor)
    return client


@pytest.fixture
def reporter_client(client, personas):
    client.force_login(personas.reporter)
    return client


def _measurements_url(personas) -> str:
    return f"/indikatorer/varden/{personas.home.pk}/"


def _item_url(item) -> str:
    return f"/indikatorer/punkt/{item.plan_id}/{item.pk}/"


# Indicator definitions


def test_it_lists_and_searches_indicators_by_name_and_key(client, personas):
    make_indicator("Fysiska besök", key="Besok01")
    make_indicator("Utlån", key="Utlan399")
    make_indicator("Lovaktiviteter", organisation=personas.other)
    page = client.get("/indikatorer/").content.decode()
    assert "Fysiska besök" in page and "Utlån" in page
    assert "Lovaktiviteter" not in page
    page = client.get("/indikatorer/?q=utlan").content.decode()
    assert "Utlån" in page and "Fysiska besök" not in page
    page = client.get("/indikatorer/?q=besök").content.decode()
    assert "Fysiska besök" in page and "Utlån" not in page


def test_it_answers_a_search_as_you_type_with_the_results_only(client, personas):
    make_indicator("Utlån", key="Utlan399")
    response = client.get(
        "/indikatorer/?q=utl", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="indicator-results"
    )
    page = response.content.decode()
    assert page.startswith('<div id="indicator-results">')
    assert "Utlån" in page and "<html" not in page


def test_it_creates_an_owned_indicator(editor_client, personas):
    response = editor_client.post(
        "/indikatorer/ny/",
        {
            "name": "Sagostunder",
            "key": "Sago1",
            "unit": "tillfällen",
            "direction": "higher",
            "decimals": "0",
            "source": "manual",
            "organisation": personas.work_group.pk,
        },
    )
    indicator = Indicator.objects.get(key="Sago1")
    assert response.status_code == 302
    assert response["Location"] == indicator.get_absolute_url()
    assert indicator.organisation == personas.work_group


def test_it_lets_a_superuser_create_a_shared_indicator(client, personas):
    client.force_login(personas.superuser)
    response = client.post(
        "/indikatorer/ny/",
        {
            "name": "Fysiska besök",
            "key": "Besok01",
            "direction": "higher",
            "decimals": "0",
            "source": "bibstat",
            "organisation": "",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(key="Besok01").organisation is None


def test_it_refuses_a_duplicate_key_naming_the_field(editor_client, personas):
    make_indicator("Fysiska besök", key="Besok01")
    before = _state()
    response = editor_client.post(
        "/indikatorer/ny/",
        {
            "name": "Besök igen",
            "key": "BESOK01",
            "direction": "higher",
            "decimals": "0",
            "source": "manual",
            "organisation": personas.home.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "id_key_error" in page
    assert 'href="#id_key"' in page
    assert "Besok01" in page
    assert _state() == before


def test_it_refuses_a_bad_key_and_too_many_decimals(editor_client, personas):
    before = _state()
    response = editor_client.post(
        "/indikatorer/ny/",
        {
            "name": "X",
            "key": "med mellanslag",
            "direction": "higher",
            "decimals": "9",
            "source": "manual",
            "organisation": personas.home.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "id_decimals_error" in page
    assert _state() == before
    response = editor_client.post(
        "/indikatorer/ny/",
        {
            "name": "X",
            "key": "med mellanslag",
            "direction": "higher",
            "decimals": "2",
            "source": "manual",
            "organisation": personas.home.pk,
        },
    )
    assert "id_key_error" in response.content.decode()
    assert _state() == before


def test_it_refuses_an_owner_the_editor_does_not_edit(editor_client, personas):
    before = _state()
    response = editor_client.post(
        "/indikatorer/ny/",
        {
            "name": "X",
            "key": "X1",
            "direction": "higher",
            "decimals": "0",
            "source": "manual",
            "organisation": personas.other.pk,
        },
    )
    assert response.status_code == 200
    assert "id_organisation_error" in response.content.decode()
    assert _state() == before


def test_it_edits_an_indicator(editor_client, personas):
    indicator = make_indicator("Lovaktiviteter", key="Lov1", organisation=personas.home)
    response = editor_client.get(f"/indikatorer/{indicator.pk}/andra/")
    assert 'value="Lov1"' in response.content.decode()
    response = editor_client.post(
        f"/indikatorer/{indicator.pk}/andra/",
        {
            "name": "Lovaktiviteter för barn",
            "key": "Lov1",
            "direction": "higher",
            "decimals": "1",
            "source": "manual",
            "organisation": personas.home.pk,
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.decimals) == ("Lovaktiviteter för barn", 1)


def test_it_shows_an_indicator_with_the_items_of_readable_plans_using_it(client, personas):
    indicator = make_indicator("Fysiska besök", decimals=1)
    make_item_indicator(
        personas.published_plan.items.get(depth=1), indicator, baseline=Decimal("1234.56")
    )
    make_item_indicator(personas.draft_plan.items.get(depth=1), indicator)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert personas.published_plan.title in page
    assert personas.draft_plan.title not in page  # not readable by anonymous visitors
    assert "1\u00a0234,6" in page
    client.force_login(personas.reader)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert personas.draft_plan.title in page


# Indicators and targets on an item


def test_it_adds_an_indicator_with_a_swedish_baseline_to_an_item(editor_client, personas):
    item = personas.draft_plan.items.get(depth=1)
    indicator = make_indicator()
    response = editor_client.post(
        _item_url(item),
        {
            "action": "add",
            "indicator": indicator.pk,
            "baseline": "1 234,5",
            "baseline_label": "2019",
        },
    )
    use = ItemIndicator.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{use.pk}")
    assert (use.item, use.organisation, use.baseline) == (item, personas.home, Decimal("1234.5"))


def test_it_refuses_a_baseline_that_is_not_a_number(editor_client, personas):
    item = personas.draft_plan.items.get(depth=1)
    before = _state()
    response = editor_client.post(
        _item_url(item), {"action": "add", "indicator": make_indicator().pk, "baseline": "många"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "id_baseline_error" in page
    assert _state()[1:] == before[1:]


def test_it_refuses_an_indicator_the_editor_cannot_read(editor_client, personas):
    item = personas.draft_plan.items.get(depth=1)
    foreign = make_indicator("Regionalt", organisation=personas.other)
    response = editor_client.post(_item_url(item), {"action": "add", "indicator": foreign.pk})
    assert response.status_code == 200
    assert "id_indicator_error" in response.content.decode()
    assert not ItemIndicator.objects.exists()


def test_it_sets_a_target_with_a_decimal_comma(editor_client, personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator(decimals=1))
    prefix = f"target-{use.pk}"
    response = editor_client.post(
        _item_url(use.item),
        {
            "action": "target",
            "item_indicator": use.pk,
            f"{prefix}-period_start": "2026-01-01",
            f"{prefix}-period_end": "2026-12-31",
            f"{prefix}-value": "1 500,25",
        },
    )
    assert response.status_code == 302
    assert Target.objects.get().value == Decimal("1500.25")
    page = editor_client.get(_item_url(use.item)).content.decode()
    assert "1\u00a0500,3" in page  # shown with the indicator's one decimal
    assert "2026" in page


@pytest.mark.parametrize(
    ("start", "end", "value", "field"),
    [
        ("2026-12-31", "2026-01-01", "10", "period_end"),
        ("2026-01-01", "2026-12-31", "tio", "value"),
        ("", "2026-12-31", "10", "period_start"),
    ],
)
def test_it_refuses_a_bad_target_naming_the_field(
    editor_client, personas, start, end, value, field
):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    prefix = f"target-{use.pk}"
    before = _state()
    response = editor_client.post(
        _item_url(use.item),
        {
            "action": "target",
            "item_indicator": use.pk,
            f"{prefix}-period_start": start,
            f"{prefix}-period_end": end,
            f"{prefix}-value": value,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"id_{prefix}-{field}_error" in page
    assert f'href="#id_{prefix}-{field}"' in page
    assert _state() == before


def test_it_removes_a_target_and_an_item_indicator(editor_client, personas):
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), make_indicator())
    target = make_target(use)
    response = editor_client.post(f"/indikatorer/malvarde/{target.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Target.objects.exists()
    response = editor_client.post(f"{_item_url(use.item)}{use.pk}/ta-bort/")
    assert response.status_code == 302
    assert not ItemIndicator.objects.exists()


def test_it_shows_an_adopted_plans_indicators_without_forms_and_refuses_changes(
    editor_client, personas
):
    item = personas.published_plan.items.get(depth=1)
    use = make_item_indicator(item, make_indicator("Fysiska besök"))
    target = make_target(use, 100, year=2025)
    response = editor_client.get(_item_url(item))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fysiska besök" in page
    assert 'name="action"' not in page
    before = _state()
    response = editor_client.post(
        _item_url(item), {"action": "add", "indicator": make_indicator("Ny").pk}
    )
    assert response.status_code == 302
    response = editor_client.post(f"/indikatorer/malvarde/{target.pk}/ta-bort/", follow=True)
    assert "kan inte längre ändras" in response.content.decode()
    response = editor_client.post(f"{_item_url(item)}{use.pk}/ta-bort/")
    assert response.status_code == 302
    assert _state()[1:] == before[1:]


def test_it_shows_the_measured_value_next_to_the_target(editor_client, personas):
    indicator = make_indicator(decimals=0)
    use = make_item_indicator(personas.draft_plan.items.get(depth=1), indicator)
    make_target(use, 1000, year=2026)
    make_measurement(indicator, personas.home, "987654", year=2026)
    page = editor_client.get(_item_url(use.item)).content.decode()
    assert "987\u00a0654" in page


# Measurements


def test_it_saves_a_swedish_value_by_hand(reporter_client, personas):
    indicator = make_indicator(decimals=1)
    response = reporter_client.post(
        _measurements_url(personas),
        {
            "indicator": indicator.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "1 234,5",
            "note": "Räknat i entrén",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("1234.5")
    assert (measurement.source, measurement.created_by) == (
        MeasurementSource.MANUAL,
        personas.reporter,
    )
    page = reporter_client.get(_measurements_url(personas)).content.decode()
    assert "1\u00a0234,5" in page
    assert "Räknat i entrén" in page


def test_it_saves_a_value_for_a_tertial_chosen_from_the_shortcut(reporter_client, personas):
    indicator = make_indicator()
    response = reporter_client.post(
        _measurements_url(personas),
        {"indicator": indicator.pk, "period": "t2", "year": "2025", "value": "12.5"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.period_start, measurement.period_end) == (
        datetime.date(2025, 5, 1),
        datetime.date(2025, 8, 31),
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "mycket"}, "value"),
        ({"period_start": "2025-12-31", "period_end": "2025-01-01", "value": "5"}, "period_end"),
        ({"period_start": "2025-01-01", "value": "5"}, "period_end"),
        ({"period": "t1", "value": "5"}, "year"),
        ({"period_start": "2025-01-01", "period_end": "2025-12-31", "value": ""}, "value"),
        ({"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "1,1234567"}, "value"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_field(reporter_client, personas, data, field):
    indicator = make_indicator()
    before = _state()
    response = reporter_client.post(
        _measurements_url(personas), {"indicator": indicator.pk, **data}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"id_{field}_error" in page
    assert f'href="#id_{field}"' in page
    assert _state() == before


def test_it_says_in_words_that_the_value_must_be_a_number(reporter_client, personas):
    reporter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = reporter_client.post(
        _measurements_url(personas),
        {"indicator": make_indicator().pk, "period": "year", "year": "2025", "value": "12 st"},
    )
    assert "Value must be a number, e.g. 1 234,5 or 1234.5." in response.content.decode()


def test_it_filters_measurements_by_indicator_and_year(reporter_client, personas):
    visits = make_indicator("Fysiska besök", key="Besok01")
    loans = make_indicator("Utlån", key="Utlan399")
    make_measurement(visits, personas.home, 111, year=2024)
    make_measurement(visits, personas.home, 222, year=2025)
    make_measurement(loans, personas.home, 333, year=2025)
    make_measurement(loans, personas.other, 444, year=2025)

    def values(query: str = "") -> set[str]:
        """The values in the table's number cells (ids elsewhere on the page may hold digits)."""
        page = reporter_client.get(f"{_measurements_url(personas)}{query}").content.decode()
        return set(re.findall(r'<td class="number"[^>]*>(\d+)', page))

    assert values() == {"111", "222", "333"}
    assert values(f"?indicator={visits.pk}") == {"111", "222"}
    assert values("?year=2025") == {"222", "333"}
    response = reporter_client.get(f"{_measurements_url(personas)}?year=inte")
    assert response.status_code == 200
    assert "id_filter_year_error" in response.content.decode()


def test_it_pages_measurements_fifty_at_a_time(reporter_client, personas):
    indicator = make_indicator()
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            organisation=personas.home,
            period_start=datetime.date(2000 + index // 12, index % 12 + 1, 1),
            period_end=datetime.date(2000 + index // 12, index % 12 + 1, 28),
            value=index,
        )
        for index in range(120)
    )
    page = reporter_client.get(_measurements_url(personas)).content.decode()
    assert page.count("measurement_delete") == 0
    assert page.count("/ta-bort/") == 50
    assert "?page=2" in page
    page = reporter_client.get(f"{_measurements_url(personas)}?page=3").content.decode()
    assert page.count("/ta-bort/") == 20


def test_it_deletes_a_measurement_and_returns_to_the_filtered_list(reporter_client, personas):
    measurement = make_measurement(make_indicator(), personas.home)
    back = f"{_measurements_url(personas)}?year=2025"
    response = reporter_client.post(
        f"/indikatorer/varden/matning/{measurement.pk}/ta-bort/", {"next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert not Measurement.objects.exists()


def test_it_never_redirects_elsewhere_after_a_delete(reporter_client, personas):
    measurement = make_measurement(make_indicator(), personas.home)
    response = reporter_client.post(
        f"/indikatorer/varden/matning/{measurement.pk}/ta-bort/",
        {"next": "https://example.com/"},
    )
    assert response["Location"] == _measurements_url(personas)


def test_it_shows_a_reader_the_values_without_forms(client, personas):
    client.force_login(personas.reader)
    make_measurement(make_indicator(), personas.home, 5)
    page = client.get(_measurements_url(personas)).content.decode()
    assert 'method="post"' not in page.split("</header>", 1)[1].split("<footer", 1)[0]
