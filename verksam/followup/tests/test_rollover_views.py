"""The roll-over page: who may see it, one plan for a form sent twice, and its query count."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from verksam.core.form_tokens import FIELD_NAME
from verksam.followup.choices import ActivityStatus, AssessmentState
from verksam.followup.models import Assessment
from verksam.followup.rollover.selectors import rollover_preview
from verksam.followup.tests.builders import make_round
from verksam.followup.tests.rollover_builders import make_year_behind
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution, Plan
from verksam.testing import make_plan, make_plan_tree

pytestmark = pytest.mark.django_db


def _url(plan) -> str:
    return reverse("followup:plan_rollover", args=[plan.pk])


@pytest.fixture
def world(personas):
    return make_year_behind(personas.home, timezone.localdate().year)


def test_it_shows_the_editor_what_is_copied_carried_and_proposed(client, personas, world):
    client.force_login(personas.editor)

    page = client.get(_url(world.plan)).content.decode()

    for item in (world.focus, world.ongoing, world.silent, world.done):
        assert f'name="items" value="{item.pk}"' in page
    assert f'value="{world.ongoing.pk}" id="rollover-item-{world.ongoing.pk}" checked' in page
    assert f'value="{world.done.pk}" id="rollover-item-{world.done.pk}">' in page
    assert "Nätverket fortsätter med fokus på minoritetsspråken." in page
    assert f'name="links" value="{world.kept_link.pk}"' in page
    assert f'name="links" value="{world.dropped_link.pk}"' not in page
    assert "Behålls inte" in page and world.regional_old.title in page
    assert not Plan.objects.filter(title__endswith=str(world.plan.period_end.year + 1)).exists()


@pytest.mark.parametrize("persona", ["reader", "reporter", "outsider"])
def test_it_answers_404_to_those_who_may_not_start_a_plan(client, personas, world, persona):
    client.force_login(personas.user(persona))

    assert client.get(_url(world.plan)).status_code == 404
    assert client.post(_url(world.plan), {"items": [world.focus.pk]}).status_code == 404
    assert not Plan.objects.filter(title=f"Verksamhetsplan {world.plan.period_end.year + 1}")


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(_url(world.plan))

    assert response.status_code == 302
    assert "/logga-in/" in response.url


def test_it_makes_one_plan_when_the_form_is_sent_twice(client, personas, world):
    client.force_login(personas.editor)
    preview = rollover_preview(world.plan, today=timezone.localdate())
    data = {
        "items": preview.initial_items(),
        "links": preview.initial_links(),
        "proposals": [preview.proposals[0].pk],
        FIELD_NAME: "5b0e3d0c-1c1f-4f0e-9a55-3f1c0a7c2e11",
    }

    first = client.post(_url(world.plan), data)
    second = client.post(_url(world.plan), data)

    successors = Plan.objects.filter(title=preview.title, organisation=personas.home)
    assert successors.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == successors.get().get_absolute_url()
    assert successors.get().items.count() == 4  # focus, two carried, one proposed


def test_it_says_so_when_next_periods_plan_is_there_already(client, personas, world):
    client.force_login(personas.editor)
    preview = rollover_preview(world.plan, today=timezone.localdate())
    client.post(_url(world.plan), {"items": preview.initial_items()})

    again = client.post(_url(world.plan), {"items": preview.initial_items()})

    assert again.status_code == 200
    assert f"{preview.title} finns redan" in again.content.decode()
    assert Plan.objects.filter(title=preview.title).count() == 1


def _followed_up_plan(personas, count: int, title: str, year: int) -> Plan:
    """A plan of `count` items with a round, follow-up on every item, an indicator on
    every item with a target and a measured value, and a link from every item."""
    plan = make_plan(
        personas.home,
        title=title,
        year=year,
        status=PlanStatus.ADOPTED,
        activity_from_level=3,
    )
    items = make_plan_tree(plan, count)
    followup_round = make_round(plan, str(year), is_year_end=True)
    target = personas.published_plan.items.first()
    for index, item in enumerate(items):
        Assessment.objects.create(
            round=followup_round,
            item=item,
            status=ActivityStatus.ONGOING if index % 2 else ActivityStatus.DONE,
            state=AssessmentState.APPROVED,
            improvements=f"Förbättring {index}",
        )
        indicator = make_indicator(f"Indikator {title} {index}")
        use = make_item_indicator(item, indicator, baseline=Decimal(index))
        make_target(use, 10, year=year)
        make_measurement(indicator, personas.home, index + 1, year=year)
        Contribution.objects.create(source=item, target=target)
    return plan


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_reads_the_preview_of_60_items_in_as_many_queries_as_of_4(client, personas):
    year = timezone.localdate().year
    client.force_login(personas.editor)
    small = _followed_up_plan(personas, 4, "Liten plan", year)
    large = _followed_up_plan(personas, 60, "Stor plan", year)

    small_count = _count_queries(client, _url(small))
    large_count = _count_queries(client, _url(large))

    assert small_count == large_count
    assert "Förbättring 59" in client.get(_url(large)).content.decode()


def test_it_reads_another_round_when_asked_with_omgang(client, personas, world):
    earlier = make_round(
        world.plan,
        "T2",
        period_start=world.plan.period_start,
        period_end=world.plan.period_start.replace(month=8, day=31),
    )
    Assessment.objects.create(
        round=earlier,
        item=world.done,
        status=ActivityStatus.ONGOING,
        state=AssessmentState.APPROVED,
    )
    client.force_login(personas.editor)

    page = client.get(f"{_url(world.plan)}?omgang={earlier.pk}").content.decode()
    current = client.get(_url(world.plan)).content.decode()

    done_ticked = f'value="{world.done.pk}" id="rollover-item-{world.done.pk}" checked'
    assert done_ticked in page
    assert done_ticked not in current
    assert f'<option value="{earlier.pk}" selected>' in page
