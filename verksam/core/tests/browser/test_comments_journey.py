"""A discussion on an item in the browser, with the keyboard and without any script: an
editor asks a reporter by @name, the reporter is told by e-mail once, answers in the
thread and marks it resolved; the public page of the plan never shows it."""

import pytest
from django.core import mail
from django.urls import reverse

from verksam.comments.models import Comment
from verksam.core.tests.browser.support import log_in, log_out

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Hur många skolklasser har besökt biblioteket hittills?"


def test_it_carries_a_question_to_a_mentioned_reporter_and_back(page, personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = personas.published_plan
    item = plan.items.get(depth=1)

    log_in(page, personas.editor)
    page.goto(item.get_absolute_url())
    field = page.get_by_label("Kommentar", exact=True)
    field.focus()
    page.keyboard.type(f"@{personas.reporter.username} {QUESTION}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Skicka kommentaren
    page.wait_for_url(lambda url: "#comment-" in url)
    assert QUESTION in page.locator("#comments").inner_text()
    page.reload()  # the browser sends nothing again
    assert [message.to for message in mail.outbox] == [[personas.reporter.email]]
    log_out(page)

    log_in(page, personas.reporter)
    page.goto(item.get_absolute_url())
    thread = page.locator(".comment-thread").first
    thread.locator("summary").click()
    thread.get_by_label("Ditt svar").fill("Elva klasser, enligt bokningarna.")
    thread.get_by_role("button", name="Skicka svaret").click()
    page.wait_for_url(lambda url: "#comment-" in url)
    page.locator(".comment-thread").first.get_by_role("button", name="Markera som löst").click()
    page.wait_for_url(lambda url: "#comment-" in url)
    assert "Löst" in page.locator(".comment-thread").first.inner_text()
    first = Comment.objects.get(parent__isnull=True)
    assert first.is_resolved and first.replies.count() == 1
    log_out(page)

    page.goto(reverse("public:plan_detail", kwargs={"pk": plan.pk, "slug": "plan"}))
    assert QUESTION not in page.content()
    page.goto(item.get_absolute_url())
    assert QUESTION not in page.content()
