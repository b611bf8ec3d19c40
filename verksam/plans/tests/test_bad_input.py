"""Bad input in the plan and item forms gets a clear message naming the field; nothing is saved."""

import pytest

from verksam.core.models import ChangeRecord
from verksam.plans.models import Item, Plan
from verksam.testing import make_item, make_plan


@pytest.fixture
def editor_client(client, personas):
    client.force_login(personas.editor)
    return client


def _state():
    """Everything the forms could write, to compare before and after."""
    items = list(
        Item.objects.order_by("pk").values_list("pk", "parent_id", "depth", "position", "title")
    )
    plans = list(
        Plan.objects.order_by("pk").values_list("pk", "title", "period_start", "period_end")
    )
    return items, plans, ChangeRecord.objects.count()


def test_it_refuses_an_item_without_a_title(editor_client, personas):
    plan = personas.draft_plan
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/ny/", {"title": "   ", "description": "Något"}
    )
    assert response.status_code == 200
    assert "id_title_error" in response.content.decode()
    assert 'href="#id_title"' in response.content.decode()
    assert _state() == before


def test_it_refuses_to_move_an_item_under_its_own_descendant(editor_client, personas):
    plan = personas.draft_plan
    top = plan.items.get(depth=0)
    child = plan.items.get(depth=1)
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{top.pk}/flytta/", {"parent": child.pk, "version": top.version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert "id_parent_error" in page
    assert _state() == before


def test_it_refuses_to_move_an_item_into_another_plan(editor_client, personas):
    plan = personas.draft_plan
    child = plan.items.get(depth=1)
    other_plan = make_plan(personas.home, title="En annan plan")
    foreign_parent = make_item(other_plan, "Främmande fokusområde")
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{child.pk}/flytta/",
        {"parent": foreign_parent.pk, "version": child.version},
    )
    assert response.status_code == 200
    assert "id_parent_error" in response.content.decode()
    assert _state() == before


def test_it_refuses_a_period_that_ends_before_it_starts(editor_client, personas):
    plan = personas.draft_plan
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/installningar/",
        {
            "title": "Ny titel",
            "kind": plan.kind,
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
            "level_names": "Fokusområde\nMål\nAktivitet",
            "version": plan.version,
        },
    )
    assert response.status_code == 200
    assert "id_period_end_error" in response.content.decode()
    assert _state() == before


def test_it_refuses_a_new_plan_that_ends_before_it_starts(editor_client, personas):
    before = _state()
    response = editor_client.post(
        f"/planer/ny/{personas.home.pk}/",
        {
            "title": "Verksamhetsplan 2027",
            "kind": "operational_plan",
            "period_start": "2027-12-31",
            "period_end": "2027-01-01",
            "level_names": "Mål",
        },
    )
    assert response.status_code == 200
    assert "id_period_end_error" in response.content.decode()
    assert _state() == before


def test_it_detects_a_concurrent_edit_of_an_item(editor_client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=0)
    stale_version = item.version
    Item.objects.filter(pk=item.pk).update(title="Ändrad av någon annan", version=stale_version + 1)
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{item.pk}/andra/",
        {"title": "Min ändring", "version": stale_version},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert _state() == before
    assert Item.objects.get(pk=item.pk).title == "Ändrad av någon annan"


def test_it_refuses_changes_to_an_adopted_plan(editor_client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=0)
    before = _state()
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{item.pk}/andra/", {"title": "Ändrad", "version": item.version}
    )
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert _state() == before


def test_it_adds_moves_and_deletes_items_through_the_pages(editor_client, personas):
    plan = personas.draft_plan
    top = plan.items.get(depth=0)
    response = editor_client.post(f"/planer/{plan.pk}/punkter/ny/", {"title": "Andra fokusområdet"})
    assert response.status_code == 302
    second = plan.items.get(title="Andra fokusområdet")
    assert (second.depth, second.position) == (0, 1)

    child = plan.items.get(depth=1)
    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{child.pk}/flytta/",
        {"parent": second.pk, "position": "1", "version": child.version},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.parent_id == second.pk

    response = editor_client.post(
        f"/planer/{plan.pk}/punkter/{second.pk}/ordning/", {"direction": "up"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    top.refresh_from_db()
    assert (second.position, top.position) == (0, 1)

    response = editor_client.post(f"/planer/{plan.pk}/punkter/{second.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Item.objects.filter(pk__in=[second.pk, child.pk]).exists()
