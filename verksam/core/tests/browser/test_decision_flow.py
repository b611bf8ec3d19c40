"""A plan's way to its decision, in the browser: the editor sends the finished draft for
decision, the plan is locked and says who acts next, the administrator records the
decision (a date after today is refused first), and the editor sees the adopted plan."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from verksam.core.tests.browser.support import log_in, log_out
from verksam.organisations.choices import OrganisationKind
from verksam.plans.models import Plan
from verksam.testing import make_organisation

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_english(page, live_server) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )


def test_it_walks_a_draft_through_its_decision(page, live_server, personas):
    board = make_organisation(
        "Kultur- och fritidsnämnden", OrganisationKind.BOARD, parent=personas.municipality
    )
    plan = personas.draft_plan
    status_box = page.locator("section.decision-status")

    # The editor sends the finished draft for decision, naming the board.
    _in_english(page, live_server)
    log_in(page, personas.editor)
    page.goto(plan.get_absolute_url())
    assert "an editor sends it for decision" in status_box.inner_text()
    status_box.get_by_role("link", name="Send for decision").click()
    page.get_by_label("Board").select_option(label=board.name)
    page.get_by_label("Message to the administrators").fill("Till nämndens möte i maj.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # The plan is locked and says where it stands and who acts next.
    assert page.url.endswith(plan.get_absolute_url())
    box = status_box.inner_text()
    assert "Sent for decision by Kultur- och fritidsnämnden" in box
    assert "an administrator (admin) records the decision" in box
    assert (
        status_box.locator("[aria-current=step]").inner_text().strip().endswith("Sent for decision")
    )
    assert page.get_by_role("link", name=re.compile("^Add ")).count() == 0
    page.goto(reverse("plans:plan_edit", args=[plan.pk]))
    assert page.url.endswith(plan.get_absolute_url())
    assert "has been sent for decision" in page.inner_text("body")
    assert Plan.objects.get(pk=plan.pk).awaiting_decision

    # The administrator is told by e-mail, and records the decision from the plan page.
    log_out(page)
    _in_english(page, live_server)
    log_in(page, personas.admin)
    page.goto(plan.get_absolute_url())
    status_box.get_by_role("link", name="Record the decision").click()
    assert page.get_by_label("Board").input_value() == str(board.pk)  # as it was sent

    # A date after today is refused with a message under the date field.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Date of decision").fill(tomorrow.isoformat())
    page.get_by_label("Case number (diarienummer)").fill("KFN 2026/0042")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    field = page.locator(".field", has=page.get_by_label("Date of decision"))
    assert "The date of decision cannot be after today" in field.inner_text()
    assert Plan.objects.get(pk=plan.pk).status == "draft"

    today = timezone.localdate()
    page.get_by_label("Date of decision").fill(today.isoformat())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(plan.get_absolute_url())

    # The editor sees the adopted plan with its decision.
    log_out(page)
    _in_english(page, live_server)
    log_in(page, personas.editor)
    page.goto(plan.get_absolute_url())
    header = page.locator("header.page-header").inner_text()
    assert "Adopted" in header
    relations = page.locator("section.plan-relations").inner_text()
    assert "Kultur- och fritidsnämnden" in relations and "KFN 2026/0042" in relations
    assert page.locator("section.decision-status").count() == 0
    assert Plan.objects.get(pk=plan.pk).status == "adopted"
