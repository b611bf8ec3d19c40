"""The public pages run as many SQL queries for a large data set as for a small one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.tests.builders import make_round
from verksam.plans.models import Contribution
from verksam.public.selectors import public_plan_url
from verksam.public.tests.builders import (
    make_assessment,
    make_municipality,
    make_published_plan,
    make_region,
)
from verksam.testing import make_organisation, make_plan_tree


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(personas, region, size: int) -> None:
    """Add `size` municipalities, libraries and published plans to Kalmar län."""
    for index in range(size):
        municipality = make_municipality(f"08{index + 10:02d}", f"Kommun {size}-{index}")
        library = make_organisation(f"Bibliotek {size}-{index}", parent=municipality)
        make_published_plan(library, f"Biblioteksplan {size}-{index}")
        make_published_plan(personas.home, f"Verksamhetsplan {size}-{index}")
        make_published_plan(region, f"Regional plan {size}-{index}")


def _plan_with(personas, target, items: int, rounds: int):
    plan = make_published_plan(personas.home, f"Plan med {items} punkter")
    created = make_plan_tree(plan, items)
    for number in range(rounds):
        followup_round = make_round(
            plan, f"Omgång {number}", period_start=plan.period_start.replace(month=number + 1)
        )
        for item in created[::2]:
            make_assessment(followup_round, item, done=f"Gjort {item.pk}")
    for item in created:
        Contribution.objects.create(source=item, target=target)
    return plan


@pytest.mark.parametrize("persona", ["anonymous", "reader", "outsider"])
@pytest.mark.parametrize("page", ["list", "county", "municipality"])
def test_it_lists_in_constant_queries_as_data_grows(client, personas, page, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    region = make_region()
    url = {
        "list": reverse("public:region_list"),
        "county": reverse("public:region_detail", args=["kalmar-lan"]),
        "municipality": reverse("public:municipality_detail", args=["kalmar-lan", "kalmar"]),
    }[page]
    _grow(personas, region, 2)
    before = _count_queries(client, url)
    _grow(personas, region, 25)
    after = _count_queries(client, url)
    assert before == after


@pytest.mark.parametrize("persona", ["anonymous", "admin"])
def test_it_reads_a_large_plan_in_as_many_queries_as_a_small_one(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    target = personas.published_plan.items.get(depth=0)
    small = _plan_with(personas, target, items=6, rounds=1)
    large = _plan_with(personas, target, items=200, rounds=3)
    assert _count_queries(client, public_plan_url(small)) == _count_queries(
        client, public_plan_url(large)
    )


def test_it_shows_the_accessibility_statement_without_queries_for_data(client, db):
    assert _count_queries(client, reverse("public:accessibility_statement")) == 0
