"""The resources pages run as many queries for a plan of many items and lines as for one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.tests.builders import make_round
from verksam.resources.choices import CostKind
from verksam.resources.tests.builders import make_line, make_outcome
from verksam.testing import make_plan, make_plan_tree

pytestmark = pytest.mark.django_db


def _plan_with(personas, count: int, title: str):
    plan = make_plan(personas.home, title=title)
    items = make_plan_tree(plan, count)
    followup_round = make_round(plan)
    for item in items:
        for kind in CostKind.values:
            make_line(item, kind, 1000, 2026)
        make_outcome(followup_round, item, "staff", 500)
    return plan, items, followup_round


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_it_reads_the_resources_of_a_plan_of_200_items_as_of_one(client, personas, persona):
    client.force_login(personas.user(persona))
    small, _items, small_round = _plan_with(personas, 1, "Liten plan")
    large, large_items, large_round = _plan_with(personas, 200, "Stor plan")
    small_count = _count(
        client, reverse("resources:plan_resources", args=[small.pk]) + f"?omgang={small_round.pk}"
    )
    large_count = _count(
        client, reverse("resources:plan_resources", args=[large.pk]) + f"?omgang={large_round.pk}"
    )
    assert small_count == large_count


def test_it_reads_an_item_page_with_many_lines_below_as_with_one(client, personas):
    client.force_login(personas.editor)
    small, small_items, _r = _plan_with(personas, 1, "Liten plan")
    large, large_items, _r = _plan_with(personas, 120, "Stor plan")
    small_count = _count(
        client, reverse("resources:item_budget", args=[small.pk, small_items[0].pk])
    )
    large_count = _count(
        client, reverse("resources:item_budget", args=[large.pk, large_items[0].pk])
    )
    assert small_count == large_count
    assert _count(client, small_items[0].get_absolute_url()) == _count(
        client, large_items[0].get_absolute_url()
    )
