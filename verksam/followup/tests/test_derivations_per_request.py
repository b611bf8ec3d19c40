"""No page derives the roll-up of items it does not show: with the stored statuses fresh,
the pages that show statuses derive nothing at all, and read the rows of their items only."""

import datetime

import pytest
from django.urls import reverse

from verksam.followup import rollup, stored
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution
from verksam.public.selectors import public_slug
from verksam.testing import make_item, make_plan


@pytest.fixture
def counted(monkeypatch):
    """How many times the rule derived an item's status."""
    calls = {"derive": 0}
    real = rollup.derive

    def counting(**kwargs):
        calls["derive"] += 1
        return real(**kwargs)

    monkeypatch.setattr(rollup, "derive", counting)
    return calls


@pytest.fixture
def site(personas):
    """The published plan with a round and approved follow-up, and a big plan beside it
    that contributes to it, each with statuses stored and fresh."""
    plan = personas.published_plan
    followup_round = make_round(
        plan,
        "Helår 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    focus = make_item(plan, "Läsfrämjande")
    goal = make_item(plan, "Fler barn läser", parent=focus)
    Assessment.objects.create(
        round=followup_round, item=goal, status="met", state=AssessmentState.APPROVED
    )
    other = make_plan(personas.home, title="Stor plan", status=PlanStatus.ADOPTED)
    other_round = make_round(
        other,
        "Helår 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    items = [make_item(other, f"Post {n}") for n in range(40)]
    Contribution.objects.create(source=items[0], target=focus)
    for item in items[1:]:
        Assessment.objects.create(
            round=other_round, item=item, status="partly_met", state=AssessmentState.APPROVED
        )
    stored.refresh_stale()
    return plan, followup_round, focus, goal


def test_it_derives_nothing_on_the_pages_that_show_statuses(client, personas, site, counted):
    plan, followup_round, focus, goal = site
    client.force_login(personas.reader)
    urls = [
        plan.get_absolute_url(),
        goal.get_absolute_url(),
        reverse("plans:item_trace", args=[plan.pk, focus.pk]),
        reverse("followup:round_detail", args=[plan.pk, followup_round.pk]),
        reverse("public:plan_detail", kwargs={"pk": plan.pk, "slug": public_slug(plan.title)}),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    assert counted["derive"] == 0
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'data-item="{goal.pk}" data-status="met"' in page
    assert f'data-item="{focus.pk}" data-status="met"' in page


def test_it_derives_only_a_plan_waiting_for_its_refresh(client, personas, site, counted):
    plan, followup_round, focus, goal = site
    client.force_login(personas.reader)
    Assessment.objects.filter(item=goal).update(status="not_met")
    goal.save()  # heard as a change: the plan is marked, its refresh waits for the commit

    page = client.get(reverse("plans:item_trace", args=[plan.pk, focus.pk])).content.decode()

    # The marked plan's items are derived; the 40 of the plan beside it are read.
    assert counted["derive"] == plan.items.count() < 40
    assert 'data-status="not_met"' in page
