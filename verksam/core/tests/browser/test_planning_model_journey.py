"""A plan written by Stockholm City Library's strategic planning model, in the browser.

An editor starts a plan from the built-in model and is walked through its steps in
order: each page asks the step's question, the editor adds the step's commitment (or,
in the last step, an activity under one) and goes on to the next. Once back on the
plan's page, the model's steps are listed with their completion.
"""

import pytest
from django.urls import reverse

from verksam.core.tests.browser.support import log_in
from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STOCKHOLM = "Stockholms stadsbiblioteks strategiska planeringsmodell"


def test_it_walks_the_stockholm_model_step_by_step_into_a_plan(page, personas):
    model = PlanningModel.objects.get(organisation=None, name=STOCKHOLM)
    steps = list(model.steps.order_by("position"))
    log_in(page, personas.editor)

    page.goto(reverse("planning:model_list"))
    page.get_by_role("link", name=STOCKHOLM).click()
    page.wait_for_url(lambda url: model.get_absolute_url() in url)
    page.locator(f"a[href='{reverse('planning:plan_create', args=[model.pk])}']").click()
    page.locator("select[name=organisation]").select_option(str(personas.home.pk))
    page.locator("input[name=title]").fill("Verksamhetsplan 2027")
    page.locator("input[name=period_start]").fill("2027-01-01")
    page.locator("input[name=period_end]").fill("2027-12-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/steg/1/" in url)
    plan = PlanFollowsModel.objects.get(model=model).plan

    commitments = {}
    for number, step in enumerate(steps, start=1):
        assert f"/steg/{number}/" in page.url
        assert page.locator("main h1").inner_text() == step.title
        question = page.locator(".planning-question-box .planning-question").inner_text()
        assert " ".join(question.split()) == " ".join(step.question.split())
        title = f"{step.perspective}: åtagande {number}"
        if step.level == 2:
            # Continuous improvement: an activity under the economic commitment.
            page.locator("select[name=parent]").select_option(str(commitments[4]))
            title = "Samarbete med näringslivet om nya intäkter"
        page.locator("input[name=title]").fill(title)
        page.locator("form:has(input[name=title]) button[type=submit]").click()
        page.wait_for_load_state()
        assert title in page.locator(".planning-items").inner_text()
        commitments[number] = plan.items.get(title=title).pk
        # The step list beside the question shows the step done.
        current = page.locator(".planning-walk__steps li").nth(number - 1)
        assert current.locator(".planning-status--complete").count() == 1
        if number < len(steps):
            page.locator(".planning-pager a[rel=next]").click()
            page.wait_for_url(lambda url, n=number + 1: f"/steg/{n}/" in url)
        else:
            page.locator(".planning-pager a.button").last.click()
            page.wait_for_url(
                lambda url: url.rstrip("/").endswith(plan.get_absolute_url().rstrip("/"))
            )

    part = page.locator(".planning-plan-progress")
    assert STOCKHOLM in part.inner_text()
    entries = part.locator("ol.planning-progress > li")
    assert entries.count() == len(steps)
    for index, step in enumerate(steps):
        assert step.title in entries.nth(index).inner_text()
        assert entries.nth(index).locator(".planning-status--complete").count() == 1
    activity = plan.items.get(title="Samarbete med näringslivet om nya intäkter")
    assert activity.parent_id == commitments[4] and activity.depth == 1
    assert ItemStep.objects.get(item_id=commitments[4]).perspective == "Ekonomiska resurser"
    assert ItemStep.objects.filter(item__plan=plan).count() == len(steps)
