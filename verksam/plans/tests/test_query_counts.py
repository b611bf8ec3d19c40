"""Pages run the same number of SQL queries whatever the amount of data they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.organisations.models import Organisation
from verksam.plans.models import Contribution, Tag
from verksam.plans.tests.builders import make_linked_plan
from verksam.testing import make_item, make_plan


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _plan_with(personas, count: int, title: str):
    plan, items = make_linked_plan(personas, count, title)
    for item in items:
        item.responsible_people.add(personas.editor)
    # Something contributes to the plan's items too.
    source = make_item(personas.draft_plan, "Bidrar")
    for item in items[:5]:
        Contribution.objects.create(source=source, target=item)
    return plan, items


@pytest.mark.parametrize("persona", ["editor", "reader", "superuser"])
def test_it_reads_a_plan_of_500_items_in_as_many_queries_as_one_of_10(client, personas, persona):
    client.force_login(personas.user(persona))
    small, small_items = _plan_with(personas, 10, "Liten plan")
    large, large_items = _plan_with(personas, 500, "Stor plan")
    assert large.items.count() == 500

    small_count = _count_queries(client, small.get_absolute_url())
    large_count = _count_queries(client, large.get_absolute_url())

    assert small_count == large_count
    response = client.get(large.get_absolute_url())
    assert large_items[-1].title in response.content.decode()


def _item_with_children(personas, count: int):
    plan = personas.draft_plan
    top = make_item(plan, f"Fokusområde med {count}")
    target = personas.published_plan.items.first()
    for index in range(count):
        child = make_item(plan, f"Mål {index}", parent=top, responsible_organisation=personas.home)
        Contribution.objects.create(source=child, target=target)
    Contribution.objects.create(source=top, target=target)
    top.tags.set(Tag.objects.all())
    top.responsible_people.add(personas.editor, personas.admin)
    return top


def test_it_reads_an_item_page_in_constant_queries(client, personas):
    client.force_login(personas.editor)
    small = _item_with_children(personas, 2)
    large = _item_with_children(personas, 40)
    assert _count_queries(client, small.get_absolute_url()) == _count_queries(
        client, large.get_absolute_url()
    )


def _add_organisations_and_plans(personas, count: int) -> None:
    for index in range(count):
        branch = Organisation(name=f"Filial {index}", kind="branch", parent=personas.home)
        branch.save()
        make_plan(branch, title=f"Gruppens plan {index}", status="adopted", is_published=True)


def _grow(plan, count: int) -> None:
    top = plan.items.filter(depth=0).first()
    for index in range(count):
        make_item(plan, f"Nytt mål {index}", parent=top)


@pytest.mark.parametrize(
    "url_name", ["/", "/organisationer/", "home-organisation", "plan-edit", "item-move"]
)
def test_it_lists_in_constant_queries_as_data_grows(client, personas, url_name):
    client.force_login(personas.editor)
    urls = {
        "home-organisation": personas.home.get_absolute_url(),
        "plan-edit": f"/planer/{personas.draft_plan.pk}/installningar/",
        "item-move": (
            f"/planer/{personas.draft_plan.pk}/punkter/"
            f"{personas.draft_plan.items.get(depth=1).pk}/flytta/"
        ),
    }
    url = urls.get(url_name, url_name)
    _add_organisations_and_plans(personas, 3)
    _grow(personas.draft_plan, 5)
    before = _count_queries(client, url)
    _add_organisations_and_plans(personas, 40)
    _grow(personas.draft_plan, 60)
    after = _count_queries(client, url)
    assert before == after
