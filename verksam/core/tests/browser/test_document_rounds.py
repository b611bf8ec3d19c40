"""In a browser, the document form lists for the report chosen only the rounds it fits."""

import pytest
from django.urls import reverse

from verksam.core.tests.browser.support import log_in
from verksam.followup.choices import Rhythm
from verksam.followup.services import rounds_create_from_rhythm

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: The names of the round list's options that can be chosen, in order.
OFFERED_ROUNDS = """() => Array.from(document.querySelectorAll("#id_followup_round option"))
  .filter(option => option.value && !option.disabled && !option.hidden)
  .map(option => option.textContent.trim())"""


def test_it_lists_only_the_rounds_the_chosen_report_fits(page, personas):
    plan = personas.draft_plan
    year = plan.period_start.year
    rounds_create_from_rhythm(user=personas.editor, plan=plan, rhythm=Rhythm.TERTIAL, years=[year])
    tertials = [f"T1 {year}", f"T2 {year}"]
    whole_year = f"Helår {year}"
    log_in(page, personas.editor)
    page.goto(reverse("documents:document_create", kwargs={"plan_pk": plan.pk}))

    page.locator('input[name="kind"][value="interim"]').check()
    assert page.evaluate(OFFERED_ROUNDS) == tertials
    assert page.locator("#id_followup_round option:checked").inner_text() in tertials

    page.locator('input[name="kind"][value="annual"]').check()
    assert page.evaluate(OFFERED_ROUNDS) == [whole_year]
    assert page.locator("#id_followup_round option:checked").inner_text() == whole_year

    page.locator('input[name="kind"][value="board"]').check()
    assert page.evaluate(OFFERED_ROUNDS) == [*tertials, whole_year]
