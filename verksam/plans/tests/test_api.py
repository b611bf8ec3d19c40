"""The API of plans, items and links: who sees what, filters, and constant queries."""

import datetime

import pytest
from django.urls import reverse

from verksam.core.models import ApiToken
from verksam.core.tests.api_support import bearer, count_queries, make_key
from verksam.plans.models import Contribution, Decision, PlanSection, Tag
from verksam.plans.permissions import can_read_plan
from verksam.plans.tests.builders import make_linked_plan
from verksam.testing import make_item, make_plan, make_plan_tree


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["items"]}


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_lists_only_published_plans_to_outsiders(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    titles = _titles(client.get(reverse("api:plan_list")))
    assert "Verksamhetsplan 2025" in titles
    assert "Verksamhetsplan 2026" not in titles  # draft
    assert "Verksamhetsplan 2024" not in titles  # adopted, not published


@pytest.mark.parametrize("persona", ["superuser", "admin", "reader", "outsider", "anonymous"])
def test_it_lists_the_plans_the_permission_layer_lets_read(client, personas, persona):
    user = personas.user(persona)
    if persona != "anonymous":
        client.force_login(user)
    ids = {row["id"] for row in client.get(reverse("api:plan_list")).json()["items"]}
    plans = [
        personas.draft_plan,
        personas.published_plan,
        personas.adopted_unpublished_plan,
        personas.other_draft_plan,
    ]
    assert ids == {plan.pk for plan in plans if can_read_plan(user, plan)}


def test_it_lists_a_members_plans_with_a_key(client, personas):
    key = make_key(personas.reader)
    titles = _titles(client.get(reverse("api:plan_list"), **bearer(key)))
    assert {"Verksamhetsplan 2024", "Verksamhetsplan 2025", "Verksamhetsplan 2026"} <= titles


def test_it_refuses_a_revoked_or_wrong_key(client, personas):
    key = make_key(personas.reader)
    ApiToken.objects.get(user=personas.reader).revoke()
    assert client.get(reverse("api:plan_list"), **bearer(key)).status_code == 401
    assert client.get(reverse("api:plan_list"), **bearer(key + "x")).status_code == 401


def test_it_filters_plans(client, personas):
    client.force_login(personas.reader)
    url = reverse("api:plan_list")
    assert _titles(client.get(url, {"status": "draft"})) == {"Verksamhetsplan 2026"}
    assert _titles(client.get(url, {"year": 2024})) == {"Verksamhetsplan 2024"}
    assert _titles(client.get(url, {"organisation": personas.other.pk})) == set()
    assert _titles(client.get(url, {"kind": "library_plan"})) == set()
    response = client.get(url, {"year": 1800})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_it_shows_a_plan_with_its_sections_and_decisions(client, personas):
    plan = personas.published_plan
    PlanSection.objects.create(plan=plan, kind="vision", title="Vision", body="Alla läser.")
    Decision.objects.create(
        plan=plan, body="Kulturnämnden", decided_on=datetime.date(2024, 12, 1), case_number="KN 1"
    )
    plan.derived_from.add(personas.draft_plan)  # a draft the public may not see
    data = client.get(reverse("api:plan_detail", args=[plan.pk])).json()
    assert data["title"] == "Verksamhetsplan 2025"
    assert data["organisation"] == {"id": personas.home.pk, "name": "Kalmar stadsbibliotek"}
    assert data["sections"][0]["body"] == "Alla läser."
    assert data["decisions"][0]["case_number"] == "KN 1"
    assert data["level_names"] == ["Fokusområde", "Mål", "Aktivitet"]
    assert data["derived_from"] == []


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_answers_404_for_a_plan_an_outsider_may_not_read(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    for plan in (personas.draft_plan, personas.adopted_unpublished_plan):
        response = client.get(reverse("api:plan_detail", args=[plan.pk]))
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


def test_it_lists_items_of_readable_plans_only(client, personas):
    ids = {row["id"] for row in client.get(reverse("api:item_list")).json()["items"]}
    assert ids == set(personas.published_plan.items.values_list("pk", flat=True))


def test_it_filters_items(client, personas):
    client.force_login(personas.reader)
    url = reverse("api:item_list")
    plan = personas.draft_plan
    top = plan.items.get(depth=0)
    assert _titles(client.get(url, {"plan": plan.pk, "depth": 0})) == {"Läsfrämjande"}
    assert _titles(client.get(url, {"parent": top.pk})) == {"Fler barn läser"}
    data = client.get(url, {"plan": plan.pk, "depth": 1}).json()["items"][0]
    assert data["level_name"] == "Mål"
    assert data["parent_id"] == top.pk


def test_it_shows_an_item_with_its_readable_links(client, personas):
    item = personas.published_plan.items.get(depth=1)
    item.tags.add(Tag.objects.get(priority_group="children"))
    other_published = make_plan(
        personas.other, title="Regional plan", status="adopted", is_published=True
    )
    target = make_item(other_published, "Regionalt mål")
    Contribution.objects.create(source=item, target=target)
    Contribution.objects.create(source=item, target=personas.adopted_unpublished_plan.items.first())
    data = client.get(reverse("api:item_detail", args=[item.pk])).json()
    assert data["title"] == "Fler barn läser"
    assert data["contributes_to"] == [
        {"id": target.pk, "title": "Regionalt mål", "plan_id": other_published.pk}
    ]
    tag = Tag.objects.get(priority_group="children")
    assert data["tags"] == [{"name": tag.name, "priority_group": "children"}]
    parent = client.get(reverse("api:item_detail", args=[item.parent_id])).json()
    assert parent["children"] == [item.pk]


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_answers_404_for_an_item_of_a_plan_an_outsider_may_not_read(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    item = personas.draft_plan.items.first()
    assert client.get(reverse("api:item_detail", args=[item.pk])).status_code == 404


def test_it_lists_links_whose_both_ends_are_readable(client, personas):
    published = personas.published_plan.items.get(depth=1)
    draft = personas.draft_plan.items.get(depth=1)
    other_published = make_plan(
        personas.other, title="Regional plan", status="adopted", is_published=True
    )
    target = make_item(other_published, "Regionalt mål")
    shown = Contribution.objects.create(source=published, target=target)
    Contribution.objects.create(source=draft, target=target)
    url = reverse("api:link_list")
    data = client.get(url).json()
    assert [link["id"] for link in data["items"]] == [shown.pk]
    assert data["items"][0]["source"] == {
        "id": published.pk,
        "title": "Fler barn läser",
        "plan_id": personas.published_plan.pk,
    }
    client.force_login(personas.reader)
    assert client.get(url, {"target_plan": other_published.pk}).json()["count"] == 2
    assert client.get(url, {"source_plan": personas.draft_plan.pk}).json()["count"] == 1


def _published_plan_with(personas, count: int, title: str):
    plan, _items = make_linked_plan(personas, count, title, status="adopted", is_published=True)
    plan.derived_from.add(personas.published_plan)
    return plan


@pytest.mark.parametrize("persona", ["anonymous", "reader"])
def test_it_lists_plans_items_and_links_in_constant_queries(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    plan = _published_plan_with(personas, 1, "Plan 0")
    urls = [
        reverse("api:plan_list"),
        f"{reverse('api:item_list')}?plan={plan.pk}",
        f"{reverse('api:link_list')}?source_plan={plan.pk}",
    ]
    one = [count_queries(client, url) for url in urls]
    for index in range(1, 12):
        _published_plan_with(personas, 1, f"Plan {index}")
    many_items = make_plan_tree(plan, 40)
    for item in many_items:
        item.tags.add(Tag.objects.first())
        Contribution.objects.create(source=item, target=personas.published_plan.items.first())
    many = [count_queries(client, url) for url in urls]
    assert one == many


def test_it_shows_plan_and_item_details_in_constant_queries(client, personas):
    small = _published_plan_with(personas, 2, "Liten")
    large = _published_plan_with(personas, 60, "Stor")
    for plan in (small, large):
        PlanSection.objects.create(plan=plan, title="Vision")
    assert count_queries(client, reverse("api:plan_detail", args=[small.pk])) == count_queries(
        client, reverse("api:plan_detail", args=[large.pk])
    )
    small_top = small.items.get(depth=0, position=0)
    large_top = large.items.get(depth=0, position=0)
    assert count_queries(client, reverse("api:item_detail", args=[small_top.pk])) == (
        count_queries(client, reverse("api:item_detail", args=[large_top.pk]))
    )
