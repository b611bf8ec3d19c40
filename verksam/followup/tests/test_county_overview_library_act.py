"""The county overview's Library Act column: a settled plan's check is kept, and a change
to the plan's text is seen at once."""

import pytest
from django.urls import reverse

from verksam.followup.tests.overview_builders import (
    make_municipal_library,
    make_region,
    make_regional_plan,
    published_plan,
)
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.reading import plan_check
from verksam.testing import make_item


@pytest.fixture
def checked(monkeypatch):
    """The plans the Library Act rule was run on, request by request."""
    runs: list[set[int]] = []
    rule = plan_check.plan_library_act_checks

    def counting(plans):
        plans = list(plans)
        runs.append({plan.pk for plan in plans})
        return rule(plans)

    monkeypatch.setattr(plan_check, "plan_library_act_checks", counting)
    return runs


def _library_plan(status: str = PlanStatus.ADOPTED):
    region = make_region("Region Kalmar län", "08")
    make_regional_plan(region, ["Läsfrämjande"])
    _municipality, library = make_municipal_library("Kalmar kommun", "0880", "Kalmar bibliotek")
    plan = published_plan(library, "Biblioteksplan 2025", kind=PlanKind.LIBRARY_PLAN)
    if status != plan.status:
        plan.status = status
        plan.save()
    make_item(plan, "Fler barn och unga läser")
    return region, plan


def _groups_found(client, region, plan) -> int:
    url = reverse("dashboards:county_overview", args=[region.pk]) + "?year=2025"
    response = client.get(url)
    assert response.status_code == 200
    [line] = [line for line in response.context["overview"].rows if line.library_act]
    assert line.library_act["plan"] == plan
    return line.library_act["groups_found"]


def test_it_checks_an_adopted_plan_once_until_its_text_changes(admin_client, db, checked):
    region, plan = _library_plan()

    assert _groups_found(admin_client, region, plan) == 1
    assert _groups_found(admin_client, region, plan) == 1
    assert checked == [{plan.pk}]  # the second request read the kept check

    make_item(plan, "Talböcker för personer med funktionsnedsättning")

    assert _groups_found(admin_client, region, plan) == 2
    assert checked == [{plan.pk}, {plan.pk}]


def test_it_checks_a_draft_on_every_request(admin_client, db, checked):
    region, plan = _library_plan(status=PlanStatus.DRAFT)

    assert _groups_found(admin_client, region, plan) == 1
    assert _groups_found(admin_client, region, plan) == 1

    assert checked == [{plan.pk}, {plan.pk}]
