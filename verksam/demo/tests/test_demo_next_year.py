"""The demo editors of Kalmar and Uppsala start on next year's plan from their start page.

The demo is loaded as of today (its default), because the start page offers
next year's plan of the plans that cover today's year.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from verksam.demo.seeds import DEMO_PASSWORD
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", allow_without_debug=True, stdout=StringIO())
    return timezone.localdate().year


@pytest.mark.parametrize(
    ("username", "organisation", "title"),
    [
        ("kalmar-editor", "Biblioteksutveckling Region Kalmar län", "Verksamhetsplan {year}"),
        ("uppsala-editor", "Tvärgruppen för språk och läsande", "Tvärgruppens plan {year}"),
    ],
)
def test_it_lets_the_kalmar_and_uppsala_editors_start_next_years_plan(
    client, demo, username, organisation, title
):
    year = demo
    this_year = Plan.objects.get(organisation__name=organisation, title=title.format(year=year))
    next_title = title.format(year=year + 1)
    client.login(username=username, password=DEMO_PASSWORD)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    action = reverse("plans:plan_continue", args=[this_year.pk])
    assert f'action="{action}"' in page
    assert f"Börja på {next_title}" in page

    response = client.post(action)

    successor = Plan.objects.get(organisation__name=organisation, title=next_title)
    assert response.status_code == 302
    assert response.url == successor.get_absolute_url()
    assert successor.status == PlanStatus.DRAFT
    assert (successor.period_start, successor.period_end) == (
        datetime.date(year + 1, 1, 1),
        datetime.date(year + 1, 12, 31),
    )
    assert _outline(successor) == _outline(this_year)
    assert set(successor.derived_from.all()) == set(this_year.derived_from.all())
    assert f'action="{action}"' not in client.get("/").content.decode()


def _outline(plan):
    """The plan's items as (parent's title, position, title), the same for a copied tree."""
    return sorted(
        plan.items.values_list("parent__title", "position", "title"),
        key=lambda row: (row[0] or "", row[1], row[2]),
    )


def test_it_does_not_offer_next_years_plan_to_a_reader(client, demo):
    client.login(username="kalmar-reader", password=DEMO_PASSWORD)

    page = client.get("/").content.decode()

    assert "plans:plan_continue" not in page
    assert "/nasta-period/" not in page
