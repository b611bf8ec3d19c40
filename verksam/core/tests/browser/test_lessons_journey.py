"""A lesson's way from one county to another, in the browser: a reporter shares an
improvement, a user in another county finds it by another form of a Swedish word and
follows it to its item."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from verksam.core.tests.browser.support import log_in, log_out
from verksam.followup.models import Assessment, FollowUpRound

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_carries_a_shared_improvement_to_a_reader_in_another_county(page, personas):
    plan = personas.published_plan  # Kalmar kommun's library, Kalmar County
    item = plan.items.get(depth=1)
    followup_round = FollowUpRound.objects.create(
        plan=plan,
        name="Helår 2025",
        rhythm="annual",
        period_start=plan.period_start,
        period_end=plan.period_end,
        due_date=plan.period_end + datetime.timedelta(days=31),
        is_year_end=True,
    )
    assessment = Assessment.objects.create(
        round=followup_round,
        item=item,
        status="met",
        improvements="Läsfrämjandet på skolorna ska bli en del av varje termin.",
        state="approved",
        approved_at=timezone.now(),
    )

    # The reporter shares the improvement as a lesson.
    log_in(page, personas.reporter)
    page.goto(reverse("lessons:lesson_share", args=[assessment.pk]))
    page.locator("select[name=method]").select_option("evaluation")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/dela/" not in url)
    log_out(page)

    # An editor in Region Uppsala finds it by another form of the word.
    log_in(page, personas.outsider)
    page.goto(reverse("lessons:lesson_search"))
    page.locator("input[name=q]").fill("läsfrämjande")
    page.locator("main form button[type=submit]").click()
    results = page.locator("ol.lesson-results")
    assert "Läsfrämjandet på skolorna" in results.inner_text()

    # … and follows it to its item.
    results.get_by_role("link", name=item.title).click()
    page.wait_for_url(lambda url: item.get_absolute_url() in url)
    assert item.title in page.locator("main h1").inner_text()


def test_it_writes_a_scanning_note_that_another_county_finds_once_shared(page, personas):
    # A reporter of the Kalmar library writes a note, not shared yet.
    log_in(page, personas.reporter)
    page.goto(reverse("lessons:lesson_search"))
    page.get_by_role("link", name="Skriv en anteckning").click()
    page.wait_for_url(lambda url: url.endswith(reverse("lessons:note_create")))
    page.locator("select[name=organisation]").select_option(label=personas.home.name)
    page.locator("input[name=title]").fill("Läsfrämjandet i grannkommunerna")
    page.locator("textarea[name=text]").fill(
        "Grannkommunerna satsar på läsfrämjandet för unga vuxna på fritidsgårdarna."
    )
    page.locator("textarea[name=sources]").fill("https://example.org/rapport-2025")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/omvarld/" in url and "/ny/" not in url)
    note_url = page.url
    assert "Inte delad" in page.locator("main").inner_text()
    log_out(page)

    # Unshared, an editor in Region Uppsala does not find it.
    log_in(page, personas.outsider)
    page.goto(reverse("lessons:lesson_search") + "?q=l%C3%A4sfr%C3%A4mjande")
    assert "grannkommunerna" not in page.locator("main").inner_text()
    log_out(page)

    # The reporter shares it.
    log_in(page, personas.reporter)
    page.goto(note_url)
    page.get_by_role("link", name="Ändra anteckningen").click()
    page.locator("input[name=is_shared]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: url == note_url)
    log_out(page)

    # Now the editor in Region Uppsala finds it by another form of the word and opens it.
    log_in(page, personas.outsider)
    page.goto(reverse("lessons:lesson_search"))
    page.locator("input[name=q]").fill("läsfrämjande")
    page.locator("main form button[type=submit]").click()
    results = page.locator("ol.lesson-results")
    results.get_by_role("link", name="Läsfrämjandet i grannkommunerna").click()
    page.wait_for_url(lambda url: url == note_url)
    assert page.get_by_role("link", name="https://example.org/rapport-2025").is_visible()
