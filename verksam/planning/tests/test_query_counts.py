"""The model list and the plan page's model part read in a fixed number of queries."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.planning.models import PlanFollowsModel
from verksam.planning.page_parts import plan_progress_part
from verksam.planning.services import step_item_add, step_mark_done
from verksam.planning.tests.builders import make_model


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_it_lists_many_models_in_as_many_queries_as_one(client, personas):
    client.force_login(personas.editor)
    make_model(personas.home, user=personas.editor, name="Modell A")
    few, _page = _count(client, reverse("planning:model_list"))
    for number in range(25):
        make_model(personas.home, user=personas.editor, name=f"Modell {number}", steps=4)
    many, page = _count(client, reverse("planning:model_list"))
    assert many == few
    assert "Modell 24" in page


def _plan_with_steps(personas, steps: int, items: int):
    model = make_model(personas.home, user=personas.editor, name=f"Med {steps}", steps=steps)
    plan = personas.draft_plan
    PlanFollowsModel.objects.filter(plan=plan).delete()
    PlanFollowsModel.objects.create(plan=plan, model=model)
    ordered = list(model.steps.order_by("position"))
    for number in range(items):
        step = ordered[number % len(ordered)]
        if step.level == 1:
            step_item_add(user=personas.editor, plan=plan, step=step, title=f"Punkt {number}")
        else:
            step_mark_done(user=personas.editor, plan=plan, step=step)
    return plan


def _part_queries(personas, plan) -> tuple[int, str]:
    """The queries of the plan page's model part alone, as the plan page renders it."""
    request = RequestFactory().get(plan.get_absolute_url())
    request.user = type(personas.editor).objects.get(pk=personas.editor.pk)  # roles unread
    with CaptureQueriesContext(connection) as queries:
        html = plan_progress_part(request, plan)
    return len(queries), html


def test_it_shows_the_plans_model_in_as_many_queries_for_many_steps(client, personas):
    plan = _plan_with_steps(personas, 2, 1)
    few, html = _part_queries(personas, plan)
    assert "Med 2" in html
    plan = _plan_with_steps(personas, 12, 60)
    many, html = _part_queries(personas, plan)
    assert "Med 12" in html and "Steg 12" in html
    assert many == few
    client.force_login(personas.editor)
    assert "Steg 12" in client.get(plan.get_absolute_url()).content.decode()


def test_it_walks_a_step_in_as_many_queries_for_many_items(client, personas):
    client.force_login(personas.editor)
    plan = _plan_with_steps(personas, 3, 1)
    url = reverse("planning:plan_step", args=[plan.pk, 1])
    few, _page = _count(client, url)
    plan = _plan_with_steps(personas, 3, 90)
    many, page = _count(client, url)
    assert "Punkt 87" in page
    assert many == few
