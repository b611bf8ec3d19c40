"""The public pages: published plans by county and municipality, one plan, the statement."""

import datetime

import pytest
from django.urls import reverse

from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import OrganisationKind
from verksam.plans.models import Contribution
from verksam.public.selectors import public_plan_url, public_slug
from verksam.public.tests.builders import (
    make_assessment,
    make_municipality,
    make_published_plan,
    make_region,
)
from verksam.testing import make_organisation


@pytest.fixture
def kalmar(personas):
    """Personas plus Region Kalmar län with a published regional plan."""
    region = make_region()
    regional_plan = make_published_plan(region, "Regional biblioteksplan för Kalmar län")
    return personas, region, regional_plan


def test_it_makes_swedish_slugs():
    assert public_slug("Kalmar län") == "kalmar-lan"
    assert public_slug("Västra Götalands län") == "vastra-gotalands-lan"
    assert public_slug("Plan 2020–2023") == "plan-2020-2023"
    assert public_slug("–") == "plan"


def test_it_lists_counties_with_counts_of_public_plans_only(client, kalmar):
    personas, _region, _plan = kalmar
    response = client.get(reverse("public:region_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kalmar län" in content
    assert reverse("public:region_detail", args=["kalmar-lan"]) in content
    # Kalmar län: the regional plan and the home library's published plan, not the
    # draft nor the adopted but unpublished one.
    rows = response.context["listing"].counties
    assert [(row.county.code, row.plan_count, row.municipality_count) for row in rows] == [
        ("08", 2, 1)
    ]
    assert "Uppsala län" not in content  # its only plan is a draft


def test_it_lists_plans_of_organisations_outside_any_county(client, personas):
    university = make_organisation("Stockholms universitet", OrganisationKind.UNIVERSITY)
    library = make_organisation("Stockholms universitetsbibliotek", parent=university)
    plan = make_published_plan(library, "Verksamhetsplan för universitetsbiblioteket")
    content = client.get(reverse("public:region_list")).content.decode()
    assert plan.title in content
    assert public_plan_url(plan) in content
    page = client.get(public_plan_url(plan))
    assert page.status_code == 200
    assert page.context["public"].place is None


def test_it_shows_a_county_with_its_regional_plans_and_municipalities(client, kalmar):
    personas, _region, regional_plan = kalmar
    response = client.get(reverse("public:region_detail", args=["kalmar-lan"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert regional_plan.title in content
    assert public_plan_url(regional_plan) in content
    assert "Kalmar kommun" in content
    assert reverse("public:municipality_detail", args=["kalmar-lan", "kalmar"]) in content
    # The municipality's plans are on its own page, not among the regional plans.
    assert personas.published_plan.title not in content


def test_it_answers_404_for_an_unknown_county(client, personas):
    assert client.get("/offentligt/lappland/").status_code == 404


def test_it_shows_a_county_without_published_plans(client, personas):
    response = client.get(reverse("public:region_detail", args=["uppsala-lan"]))
    assert response.status_code == 200
    assert personas.other_draft_plan.title not in response.content.decode()


def test_it_shows_the_published_plans_of_a_municipality(client, kalmar):
    personas, _region, regional_plan = kalmar
    url = reverse("public:municipality_detail", args=["kalmar-lan", "kalmar"])
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert public_plan_url(personas.published_plan) in content
    assert regional_plan.title not in content
    assert personas.draft_plan.title not in content
    assert personas.adopted_unpublished_plan.title not in content


def test_it_answers_404_for_a_municipality_of_another_county(client, kalmar):
    make_municipality("0380", "Uppsala kommun")
    assert client.get("/offentligt/kalmar-lan/uppsala/").status_code == 404
    assert client.get("/offentligt/uppsala-lan/uppsala/").status_code == 200
    assert client.get("/offentligt/kalmar-lan/okand/").status_code == 404


def test_it_shows_a_published_plan_with_its_decision_sections_and_items(client, kalmar):
    personas, _region, regional_plan = kalmar
    response = client.get(public_plan_url(regional_plan))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kulturnämnden" in content
    assert "KN 1" in content
    assert "Alla läser." in content
    assert content.count("<h1") == 1
    assert 'aria-label="Du är här"' in content or 'aria-label="You are here"' in content
    assert reverse("public:region_detail", args=["kalmar-lan"]) in content
    plan = personas.published_plan
    content = client.get(public_plan_url(plan)).content.decode()
    assert "Fler barn läser" in content
    assert reverse("public:municipality_detail", args=["kalmar-lan", "kalmar"]) in content


def test_it_offers_the_plan_and_its_follow_up_as_open_data(client, personas):
    plan = personas.published_plan
    content = client.get(public_plan_url(plan)).content.decode()
    csv_url = reverse("api:plan_download_csv", args=[plan.pk])
    json_url = reverse("api:plan_download_json", args=[plan.pk])
    assert csv_url in content
    assert json_url in content
    assert client.get(csv_url).status_code == 200
    assert client.get(json_url).json()["plan"]["id"] == plan.pk


def test_it_redirects_a_wrong_slug_permanently(client, personas):
    plan = personas.published_plan
    response = client.get(reverse("public:plan_detail", args=[plan.pk, "fel"]))
    assert response.status_code == 301
    assert response["Location"] == public_plan_url(plan)


@pytest.mark.parametrize("name", ["draft_plan", "adopted_unpublished_plan", "other_draft_plan"])
def test_it_answers_404_for_plans_that_are_not_public(client, personas, name):
    plan = getattr(personas, name)
    client.force_login(personas.admin)
    assert client.get(public_plan_url(plan)).status_code == 404


def test_it_answers_404_for_an_unknown_plan(client, personas):
    assert client.get("/offentligt/plan/999999-okand/").status_code == 404


def test_it_shows_links_only_to_public_plans(client, kalmar):
    personas, _region, regional_plan = kalmar
    item = personas.published_plan.items.get(depth=1)
    Contribution.objects.create(source=item, target=regional_plan.items.create(title="Läsning"))
    Contribution.objects.create(source=item, target=personas.draft_plan.items.get(depth=0))
    client.force_login(personas.admin)  # members see the public view too
    content = client.get(public_plan_url(personas.published_plan)).content.decode()
    assert "Läsning" in content
    assert public_plan_url(regional_plan) in content
    assert personas.draft_plan.title not in content
    assert public_plan_url(personas.draft_plan) not in content


def test_it_shows_approved_follow_up_only(client, personas):
    plan = personas.published_plan
    top = plan.items.get(depth=0)
    child = plan.items.get(depth=1)
    followup_round = make_round(plan, "Helår 2025")
    make_assessment(followup_round, child, done="Vi läste högt i alla skolor.", results="Bra.")
    make_assessment(
        followup_round, top, state="submitted", status="not_met", done="Hemligt utkast."
    )
    make_round(plan, "Framtid", period_start=datetime.date(2099, 1, 1))
    content = client.get(public_plan_url(plan)).content.decode()
    assert "Helår 2025" in content
    assert "Vi läste högt i alla skolor." in content
    assert "Hemligt utkast." not in content
    assert "Framtid</h3>" not in content  # a round not yet begun has no section
    chart = reverse("dashboards:plan_chart", args=[plan.pk, "status"])
    assert chart in content
    assert client.get(chart).status_code == 200  # the chart image is public too


def test_it_shows_the_accessibility_statement_with_the_contact(client, db, settings):
    settings.VERKSAM_ACCESSIBILITY_CONTACT = "tillganglighet@example.org"
    response = client.get(reverse("public:accessibility_statement"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "mailto:tillganglighet@example.org" in content
    assert "https://www.digg.se/tdosanmalan" in content
    assert content.count("<h1") == 1


def test_it_links_the_public_pages_from_every_page(client, db):
    content = client.get(reverse("core:home")).content.decode()
    assert reverse("public:region_list") in content
    assert reverse("public:accessibility_statement") in content
