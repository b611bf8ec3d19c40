"""The demo editors of Kalmar and Uppsala start on next year's plan from their start page.

The demo is loaded as of today (its default), because the start page offers
next year's plan of the plans that cover today's year. Starting it opens the
roll-over preview (verksam.followup.rollover); confirming makes the draft.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from verksam.demo.seeds import DEMO_PASSWORD, KALMAR_FOCUS_AREAS
from verksam.followup.rollover.selectors import rollover_preview
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Plan

pytestmark = pytest.mark.django_db

KALMAR = "Biblioteksutveckling Region Kalmar län"
KALMAR_UNFINISHED = [
    "Nätverk för arbetet med medier på flera språk",
    "Konsultativt stöd till biblioteken i tillgänglighetsarbetet",
]
KALMAR_IMPROVEMENT = (
    "Starta läsecirklar på de nationella minoritetsspråken tillsammans med folkbiblioteken."
)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", allow_without_debug=True, stdout=StringIO())
    return timezone.localdate().year


def _confirm(client, plan, *, proposals=()):
    """Send the preview's form as it is first offered, with `proposals` ticked."""
    preview = rollover_preview(plan, today=timezone.localdate())
    return client.post(
        reverse("followup:plan_rollover", args=[plan.pk]),
        {
            "items": preview.initial_items(),
            "links": preview.initial_links(),
            "proposals": [proposal.pk for proposal in proposals],
        },
    )


@pytest.mark.parametrize(
    ("username", "organisation", "title"),
    [
        ("kalmar-editor", KALMAR, "Verksamhetsplan {year}"),
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
    preview_url = reverse("followup:plan_rollover", args=[this_year.pk])
    assert f'href="{preview_url}"' in page
    assert f"Börja på {next_title}" in page
    preview_page = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="sv")
    assert preview_page.status_code == 200
    assert f"Skapa {next_title} som utkast" in preview_page.content.decode()

    response = _confirm(client, this_year)

    successor = Plan.objects.get(organisation__name=organisation, title=next_title)
    assert response.status_code == 302
    assert response.url == successor.get_absolute_url()
    assert successor.status == PlanStatus.DRAFT
    assert (successor.period_start, successor.period_end) == (
        datetime.date(year + 1, 1, 1),
        datetime.date(year + 1, 12, 31),
    )
    copied = set(successor.items.values_list("origin__plan_id", flat=True))
    assert copied == {this_year.pk}
    assert set(successor.derived_from.all()) == set(this_year.derived_from.all())
    assert f'href="{preview_url}"' not in client.get("/").content.decode()


def test_it_carries_kalmars_two_unfinished_activities_and_offers_one_improvement(client, demo):
    year = demo
    this_year = Plan.objects.get(organisation__name=KALMAR, title=f"Verksamhetsplan {year}")
    regional = Plan.objects.get(
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        organisation__name="Region Kalmar län",
        period_start__lte=datetime.date(year + 1, 1, 1),
        period_end__gte=datetime.date(year + 1, 12, 31),
    )
    preview = rollover_preview(this_year, today=timezone.localdate())
    assert [row.item.title for row in preview.structure] == list(KALMAR_FOCUS_AREAS)
    assert [row.item.title for row in preview.carried] == KALMAR_UNFINISHED
    assert [proposal.title for proposal in preview.proposals] == [KALMAR_IMPROVEMENT]
    assert preview.links_kept and not preview.links_dropped
    client.login(username="kalmar-editor", password=DEMO_PASSWORD)

    _confirm(client, this_year, proposals=preview.proposals)

    successor = Plan.objects.get(organisation__name=KALMAR, title=f"Verksamhetsplan {year + 1}")
    items = {item.title: item for item in successor.items.all()}
    assert set(items) == {*KALMAR_FOCUS_AREAS, *KALMAR_UNFINISHED, KALMAR_IMPROVEMENT}
    carried = sorted(title for title, item in items.items() if item.carried_from_year == year)
    assert carried == sorted(KALMAR_UNFINISHED)
    assert items[KALMAR_IMPROVEMENT].parent.title == KALMAR_FOCUS_AREAS[0]
    targets = Contribution.objects.filter(source__plan=successor).values_list(
        "target__plan", flat=True
    )
    assert set(targets) == {regional.pk}
    copied = {row.pk for row in (*preview.structure, *preview.carried)}
    assert len(targets) == len([row for row in preview.links_kept if row.link.source_id in copied])


def test_it_still_leads_the_old_next_year_address_to_the_preview(client, demo):
    this_year = Plan.objects.get(organisation__name=KALMAR, title=f"Verksamhetsplan {demo}")
    client.login(username="kalmar-editor", password=DEMO_PASSWORD)

    response = client.post(reverse("plans:plan_continue", args=[this_year.pk]))

    assert response.status_code == 302
    assert response.url == reverse("followup:plan_rollover", args=[this_year.pk])
    assert not Plan.objects.filter(title=f"Verksamhetsplan {demo + 1}").exists()


def test_it_does_not_offer_next_years_plan_to_a_reader(client, demo):
    this_year = Plan.objects.get(organisation__name=KALMAR, title=f"Verksamhetsplan {demo}")
    client.login(username="kalmar-reader", password=DEMO_PASSWORD)

    page = client.get("/").content.decode()

    assert "/nasta-period/" not in page
    assert client.get(reverse("followup:plan_rollover", args=[this_year.pk])).status_code == 404
