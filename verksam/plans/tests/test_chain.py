"""The whole chain of an item (traceability) and a plan's coverage, across plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution
from verksam.testing import make_item, make_plan


def _chain(personas, *, goals: int = 1, activities: int = 1, suffix: str = ""):
    """A regional focus area ← municipal goals ← activities of a draft plan, in three plans.

    The regional and the municipal plans are adopted and published; the activities'
    plan is a draft of `home`, so only members of `home` (and above) read it.
    """
    regional = make_plan(
        personas.other_region,
        title=f"Regional biblioteksplan{suffix}",
        year=2025,
        status=PlanStatus.ADOPTED,
        is_published=True,
        level_names=("Fokusområde", "Mål"),
    )
    municipal = make_plan(
        personas.municipality,
        title=f"Biblioteksplan Kalmar kommun{suffix}",
        year=2025,
        status=PlanStatus.ADOPTED,
        is_published=True,
        level_names=("Mål", "Delmål"),
    )
    municipal.derived_from.add(regional)
    activity_plan = make_plan(personas.home, title=f"Aktivitetsplan{suffix}", year=2025)
    activity_plan.derived_from.add(municipal)
    focus = make_item(regional, "Läsande för alla")
    make_item(regional, "Digital delaktighet")
    heading = make_item(activity_plan, "Läsfrämjande")
    goal_items, activity_items = [], []
    for g in range(goals):
        goal = make_item(municipal, f"Fler barn läser {g}")
        Contribution.objects.create(source=goal, target=focus)
        goal_items.append(goal)
        for a in range(activities):
            activity = make_item(activity_plan, f"Sagostund {g}-{a}", parent=heading)
            Contribution.objects.create(source=activity, target=goal)
            activity_items.append(activity)
    make_item(activity_plan, "Ny aktivitet utan koppling")
    followup_round = make_round(
        municipal,
        "T1",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 7, 15),
    )
    Assessment.objects.create(
        round=followup_round, item=goal_items[0], status="met", state="approved"
    )
    return {
        "regional": regional,
        "municipal": municipal,
        "activity_plan": activity_plan,
        "focus": focus,
        "goal": goal_items[0],
        "activity": activity_items[0],
    }


def _trace_url(item):
    return reverse("plans:item_trace", args=[item.plan_id, item.pk])


def _coverage_url(plan):
    return reverse("plans:plan_coverage", args=[plan.pk])


def test_it_traces_from_a_focus_area_down_through_goals_to_activities(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(_trace_url(chain["focus"]))

    assert response.status_code == 200
    [goal_node] = response.context["down"]
    assert goal_node.pk == chain["goal"].pk
    assert [node.pk for node in goal_node.children] == [chain["activity"].pk]
    assert goal_node.status == "met"
    assert goal_node.children[0].status == ""  # its plan has no round
    assert response.context["up"] == []
    html = response.content.decode()
    assert "Biblioteksplan Kalmar kommun" in html
    assert "Kalmar kommun" in html
    assert 'data-status="met"' in html
    assert "Sagostund 0-0" in html


def test_it_traces_from_an_activity_up_to_the_regional_focus_area(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(_trace_url(chain["activity"]))

    assert response.status_code == 200
    [goal_node] = response.context["up"]
    assert goal_node.pk == chain["goal"].pk
    assert [node.pk for node in goal_node.children] == [chain["focus"].pk]
    html = response.content.decode()
    assert "Regional biblioteksplan" in html
    assert "Region Uppsala" in html


def test_it_links_to_the_chain_from_the_item_page(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(chain["goal"].get_absolute_url())

    assert _trace_url(chain["goal"]) in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_never_shows_items_of_an_unreadable_draft_plan(client, personas, persona):
    chain = _chain(personas)
    if persona != "anonymous":
        client.force_login(personas.user(persona))

    trace = client.get(_trace_url(chain["focus"]))
    coverage = client.get(_coverage_url(chain["municipal"]))

    assert trace.status_code == 200
    assert [node.pk for node in trace.context["down"]] == [chain["goal"].pk]
    assert trace.context["down"][0].children == []
    assert coverage.status_code == 200
    assert coverage.context["related_plans"] == []
    for response in (trace, coverage):
        html = response.content.decode()
        assert "Sagostund" not in html
        assert "Aktivitetsplan" not in html
    assert client.get(_trace_url(chain["activity"])).status_code == 404
    assert client.get(_coverage_url(chain["activity_plan"])).status_code == 404


def test_it_names_the_items_nothing_contributes_to(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(_coverage_url(chain["regional"]))

    assert response.status_code == 200
    assert [item.title for item in response.context["uncovered"]] == ["Digital delaktighet"]
    assert response.context["related_plans"] == [chain["municipal"]]
    assert response.context["unlinked"] == []
    assert "Digital delaktighet" in response.content.decode()


def test_it_names_the_items_below_that_contribute_to_nothing(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(_coverage_url(chain["municipal"]))

    assert response.context["related_plans"] == [chain["activity_plan"]]
    rows = [(row.plan, row.item.title) for row in response.context["unlinked"]]
    # The activity is linked, and the heading above it contributes through it;
    # the loose activity does not.
    assert rows == [(chain["activity_plan"], "Ny aktivitet utan koppling")]
    assert "Ny aktivitet utan koppling" in response.content.decode()
    assert response.context["uncovered"] == []


def test_it_links_to_the_coverage_from_the_plan_page(client, personas):
    chain = _chain(personas)
    client.force_login(personas.reader)

    response = client.get(chain["municipal"].get_absolute_url())

    assert _coverage_url(chain["municipal"]) in response.content.decode()


def test_it_follows_a_cycle_only_once(client, personas):
    chain = _chain(personas)
    Contribution.objects.create(source=chain["focus"], target=chain["activity"])
    client.force_login(personas.reader)

    response = client.get(_trace_url(chain["focus"]))

    assert response.status_code == 200
    assert [node.pk for node in response.context["up"]] == [chain["activity"].pk]
    [goal_node] = response.context["down"]
    assert [node.pk for node in goal_node.children] == [chain["activity"].pk]
    assert goal_node.children[0].children == []


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["reader", "outsider", "superuser"])
def test_it_reads_a_larger_chain_in_as_many_queries_as_a_small_one(client, personas, persona):
    client.force_login(personas.user(persona))
    small = _chain(personas, suffix=" liten")
    large = _chain(personas, goals=6, activities=5, suffix=" stor")

    for key, url_of in (("focus", _trace_url), ("regional", _coverage_url)):
        assert _count_queries(client, url_of(small[key])) == _count_queries(
            client, url_of(large[key])
        )
    for key in ("municipal",):
        assert _count_queries(client, _coverage_url(small[key])) == _count_queries(
            client, _coverage_url(large[key])
        )
