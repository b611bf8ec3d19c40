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
