"""Choosing what an item contributes to: the search over related plans."""

import pytest
from django.urls import reverse

from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_organisation, make_plan

pytestmark = pytest.mark.django_db


def _setting(personas):
    """A regional plan of Kalmar's county, and a published plan of a region elsewhere."""
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION, county_code="08")
    regional = make_plan(
        region, title="Regional biblioteksplan", status=PlanStatus.ADOPTED, is_published=True
    )
    elsewhere = make_plan(
        personas.other_region,
        title="Biblioteksplan Uppsala län",
        status=PlanStatus.ADOPTED,
        is_published=True,
    )
    return {
        "regional": regional,
        "regional_item": make_item(regional, "Läsfrämjande i hela länet"),
        "elsewhere_item": make_item(elsewhere, "Läsfrämjande i Uppsala län"),
        "item": personas.draft_plan.items.get(depth=0),
    }


def _url(item):
    return reverse("plans:item_links", args=[item.plan_id, item.pk])


def test_it_searches_the_plans_of_the_county_region(client, personas):
    setting = _setting(personas)
    client.force_login(personas.editor)
    response = client.get(_url(setting["item"]), {"q": "läsfrämjande"})
    assert response.status_code == 200
    assert setting["regional_item"] in response.context["candidates"]
    assert setting["elsewhere_item"] not in response.context["candidates"]


def test_it_widens_the_search_to_every_readable_plan(client, personas):
    setting = _setting(personas)
    client.force_login(personas.editor)
    response = client.get(_url(setting["item"]), {"q": "läsfrämjande", "everywhere": "on"})
    assert setting["regional_item"] in response.context["candidates"]
    assert setting["elsewhere_item"] in response.context["candidates"]


def test_it_lists_the_items_of_a_chosen_related_plan(client, personas):
    setting = _setting(personas)
    other_item = make_item(setting["regional"], "Digital delaktighet")
    client.force_login(personas.editor)
    response = client.get(_url(setting["item"]), {"plan": setting["regional"].pk})
    assert set(response.context["candidates"]) == {setting["regional_item"], other_item}
    assert "Regional biblioteksplan" in response.content.decode()


def test_it_names_the_field_when_the_plan_is_not_a_related_one(client, personas, settings):
    setting = _setting(personas)
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(_url(setting["item"]), {"plan": setting["elsewhere_item"].plan_id})
    assert response.status_code == 200
    assert response.context["search"].errors["plan"]
    assert "In the plan" in response.content.decode()
    assert setting["elsewhere_item"] not in response.context["candidates"]


def test_it_finds_items_by_their_description(client, personas):
    setting = _setting(personas)
    setting["regional_item"].description = "Bokstart för alla nyfödda"
    setting["regional_item"].save()
    client.force_login(personas.editor)
    response = client.get(_url(setting["item"]), {"q": "bokstart"})
    assert response.context["candidates"] == [setting["regional_item"]]


def test_it_never_offers_unpublished_plans_of_other_organisations(client, personas):
    setting = _setting(personas)
    hidden = make_plan(personas.other_region, title="Utkast Uppsala")
    make_item(hidden, "Läsfrämjande utkast")
    client.force_login(personas.editor)
    response = client.get(_url(setting["item"]), {"q": "utkast", "everywhere": "on"})
    assert response.context["candidates"] == []


def test_it_links_a_chosen_candidate(client, personas):
    setting = _setting(personas)
    client.force_login(personas.editor)
    response = client.post(_url(setting["item"]), {"target": setting["regional_item"].pk})
    assert response.status_code == 302
    assert list(setting["item"].contributes_to.all()) == [setting["regional_item"]]
