"""Competence development in the browser: a reader proposes a training for a goal, the
editor takes it into the draft plan below that goal, and the reader follows the decision
to the new item; then a reporter registers the training with its participants, and the
indicator counted from the register shows them."""

import datetime

import pytest
from django.urls import reverse

from verksam.competence.models import Proposal
from verksam.competence.services import register_indicator_create
from verksam.core.tests.browser.support import log_in, log_out
from verksam.indicators.models import Measurement

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Studiebesök på ett meröppet bibliotek"


def test_it_takes_a_proposal_into_the_plan_and_counts_the_training(page, personas):
    goal = personas.draft_plan.items.get(depth=0)
    feed = register_indicator_create(
        user=personas.editor,
        organisation=personas.home,
        name="Deltagare i kompetensutveckling",
        measure="participants",
    )

    log_in(page, personas.reader)
    page.goto(reverse("competence:proposal_create", args=[personas.home.pk]))
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Varför?").fill("Vi vill se hur andra håller öppet på kvällarna.")
    page.get_by_label("Vilket mål tjänar det?").select_option(str(goal.pk))
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_url(lambda url: "/kompetens/forslag/" in url)
    assert "Väntar på beslut" in page.locator("main").inner_text()
    proposal_url = page.url
    log_out(page)

    log_in(page, personas.editor)
    page.goto(proposal_url)
    assert page.get_by_label("Lägg till i").input_value() == f"item-{goal.pk}"
    page.get_by_role("button", name="Ta in i planen").click()
    page.wait_for_url(lambda url: "/punkter/" in url)
    assert TITLE in page.locator("h1").inner_text()
    item = Proposal.objects.get().item
    assert item.parent_id == goal.pk
    log_out(page)

    log_in(page, personas.reader)
    page.goto(proposal_url)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(lambda url: url.endswith(item.get_absolute_url()))
    assert "Förslaget" in page.locator("main").inner_text()
    log_out(page)

    log_in(page, personas.reporter)
    page.goto(reverse("competence:training_create", args=[personas.home.pk]))
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Startdatum").fill("2026-10-06")
    page.get_by_label("Timmar per deltagare").fill("5")
    page.get_by_label(personas.reader.username, exact=True).check()
    page.get_by_label("Övriga deltagare").fill("2")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(lambda url: "?ar=2026" in url)
    assert (
        "1 utbildning, 3 deltagare, 15 timmar kompetensutveckling."
        in page.locator("main").inner_text()
    )
    measurement = Measurement.objects.get(
        indicator=feed.indicator, period_start=datetime.date(2026, 1, 1)
    )
    assert measurement.value == 3
