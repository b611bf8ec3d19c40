"""Budget lines, outcomes and a plan's money in the API: the pages' rules, fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.followup.tests.builders import make_round
from verksam.resources.tests.builders import make_line, make_outcome
from verksam.testing import make_plan, make_plan_tree

pytestmark = pytest.mark.django_db


def test_it_lists_budget_lines_of_readable_plans_only(client, personas):
    published = personas.published_plan.items.get(depth=1)
    draft = personas.draft_plan.items.get(depth=1)
    shown = make_line(published, "media", 4_000, 2025)
    make_line(draft, "media", 9_000, 2026)
    body = client.get("/api/v1/budget-lines").json()
    assert [row["id"] for row in body["items"]] == [shown.pk]
    assert body["items"][0] | {"plan_id": 0} == {
        "id": shown.pk,
        "plan_id": 0,
        "item_id": published.pk,
        "kind": "media",
        "year": 2025,
        "amount": 4000,
        "note": "",
        "version": 1,
    }
    client.force_login(personas.reader)
    assert client.get("/api/v1/budget-lines").json()["count"] == 2


def test_it_shows_an_open_rounds_outcomes_to_members_only(client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    open_round = make_round(plan, "T1")
    make_outcome(open_round, item, "staff", 5)
    assert client.get("/api/v1/outcomes").json()["count"] == 0
    client.force_login(personas.outsider)
    assert client.get("/api/v1/outcomes").json()["count"] == 0
    client.force_login(personas.reporter)
    assert client.get("/api/v1/outcomes").json()["count"] == 1
    open_round.is_closed = True
    open_round.save()
    client.logout()
    assert client.get("/api/v1/outcomes").json()["count"] == 1


def test_it_rolls_a_plans_money_up_the_tree(client, personas):
    plan = personas.published_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    make_line(top, "other", 100, 2025)
    make_line(child, "staff", 1_000, 2025)
    closed = make_round(plan, "Helår", closed=True)
    make_outcome(closed, child, "staff", 1_200)
    body = client.get(f"/api/v1/plans/{plan.pk}/resources", {"round": closed.pk}).json()
    assert body["round_id"] == closed.pk
    assert body["budget"]["total"] == 1_100
    rows = {row["item_id"]: row for row in body["items"]}
    assert rows[top.pk]["budget"] == {
        "staff": 1000,
        "media": 0,
        "premises": 0,
        "other": 100,
        "total": 1100,
    }
    assert rows[top.pk]["own_budget"]["total"] == 100
    assert rows[top.pk]["difference"] == -100
    assert client.get(f"/api/v1/plans/{personas.draft_plan.pk}/resources").status_code == 404


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["/api/v1/budget-lines", "/api/v1/outcomes", "resources"])
def test_it_answers_in_as_many_queries_for_many_rows_as_for_one(client, personas, route):
    client.force_login(personas.reader)
    counts = []
    for count in (1, 60):
        plan = make_plan(personas.home, title=f"Plan {count}")
        followup_round = make_round(plan)
        for item in make_plan_tree(plan, count):
            make_line(item, "staff", 10, 2026)
            make_outcome(followup_round, item, "staff", 9)
        url = (
            f"/api/v1/plans/{plan.pk}/resources?round={followup_round.pk}"
            if route == "resources"
            else f"{route}?plan={plan.pk}"
        )
        counts.append(_count(client, url))
    assert counts[0] == counts[1]
