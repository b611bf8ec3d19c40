"""Next year's plan from this year's, in the browser, on the demo: Kalmar's editor starts
it from the start page, sees in the preview what is copied, the two unfinished activities
carried over and the one improvement of the year's follow-up proposed, ticks the
improvement, confirms, and gets a draft with exactly those."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from verksam.core.tests.browser.support import axe_violations, describe_violations
from verksam.demo.seeds import DEMO_PASSWORD, KALMAR_FOCUS_AREAS
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Plan

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

KALMAR = "Biblioteksutveckling Region Kalmar län"
UNFINISHED = (
    "Nätverk för arbetet med medier på flera språk",
    "Konsultativt stöd till biblioteken i tillgänglighetsarbetet",
)
IMPROVEMENT = (
    "Starta läsecirklar på de nationella minoritetsspråken tillsammans med folkbiblioteken."
)


@pytest.fixture
def demo_year(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", allow_without_debug=True, stdout=StringIO())
    return timezone.localdate().year


def _log_in(page, username: str) -> None:
    page.goto("/logga-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


def test_it_rolls_kalmars_plan_into_next_year(page, demo_year):
    year = demo_year
    this_year = Plan.objects.get(organisation__name=KALMAR, title=f"Verksamhetsplan {year}")
    next_title = f"Verksamhetsplan {year + 1}"

    # From the start page to the preview; nothing is made yet.
    _log_in(page, "kalmar-editor")
    page.goto("/")
    page.get_by_role("link", name=f"Börja på {next_title}").click()
    page.wait_for_url(lambda url: "/nasta-period/" in url)
    assert page.locator("main h1").inner_text() == f"Börja på {next_title}"
    assert not Plan.objects.filter(title=next_title, organisation__name=KALMAR).exists()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    structure = page.locator("section[aria-labelledby=rollover-structure]")
    for focus_area in KALMAR_FOCUS_AREAS:
        assert structure.get_by_label(focus_area).is_checked()
    carried = page.locator("section[aria-labelledby=rollover-carried]")
    assert carried.locator("input[type=checkbox]").count() == 2
    for title in UNFINISHED:
        assert carried.get_by_label(title).is_checked()
    proposals = page.locator("section[aria-labelledby=rollover-proposals]")
    assert proposals.locator("input[type=checkbox]").count() == 1
    improvement = proposals.get_by_label(IMPROVEMENT)
    assert not improvement.is_checked()
    links = page.locator("section[aria-labelledby=rollover-links]")
    assert "Regional biblioteksplan för Kalmar län" in links.inner_text()
    assert "Behålls inte" not in links.inner_text()

    # The editor takes the improvement too and confirms.
    improvement.check()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Skapa {next_title} som utkast").click()

    successor = Plan.objects.get(organisation__name=KALMAR, title=next_title)
    assert page.url.endswith(successor.get_absolute_url())
    assert successor.status == PlanStatus.DRAFT
    items = {item.title: item for item in successor.items.all()}
    assert set(items) == {*KALMAR_FOCUS_AREAS, *UNFINISHED, IMPROVEMENT}
    assert {t for t, item in items.items() if item.carried_from_year == year} == set(UNFINISHED)
    assert items[IMPROVEMENT].carried_from_year is None
    assert page.locator("main").get_by_text(f"Överförd från {year}").count() == 2

    # The links to the regional plan, whose period runs on, are kept.
    regional = Plan.objects.get(
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        organisation__name="Region Kalmar län",
        period_start__lte=datetime.date(year + 1, 1, 1),
        period_end__gte=datetime.date(year + 1, 12, 31),
    )
    kept = Contribution.objects.filter(source__plan=successor)
    old = Contribution.objects.filter(
        source__plan=this_year, source__title__in=[*KALMAR_FOCUS_AREAS, *UNFINISHED]
    )
    assert kept.count() == old.count() > 0
    assert set(kept.values_list("target__plan", flat=True)) == {regional.pk}
