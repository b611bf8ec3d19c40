"""The planning-model pages: the guided flow, who may change a model, the plan page part."""

import datetime

import pytest
from django.urls import reverse

from verksam.planning import services
from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel
from verksam.planning.tests.builders import FOCUS_AREAS, built_in, make_model


def _start(client, personas, model):
    response = client.post(
        reverse("planning:plan_create", args=[model.pk]),
        {
            "organisation": personas.home.pk,
            "title": "Verksamhetsplan 2027",
            "kind": "operational_plan",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
        },
    )
    plan = PlanFollowsModel.objects.get(model=model).plan
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_step", args=[plan.pk, 1])
    return plan


def test_it_walks_the_focus_area_model_step_by_step(client, personas):
    client.force_login(personas.editor)
    model = built_in(FOCUS_AREAS)
    plan = _start(client, personas, model)

    page = client.get(reverse("planning:plan_step", args=[plan.pk, 1])).content.decode()
    assert "Vilka områden ska verksamheten lägga särskild kraft på" in page
    client.post(reverse("planning:plan_step", args=[plan.pk, 1]), {"title": "Läsfrämjande"})
    area = plan.items.get(title="Läsfrämjande")

    page = client.get(reverse("planning:plan_step", args=[plan.pk, 2])).content.decode()
    assert "Läsfrämjande" in page  # offered as the goal's parent
    step_2 = reverse("planning:plan_step", args=[plan.pk, 2])
    response = client.post(step_2, {"title": "Fler läsare"})
    assert response.status_code == 200
    assert "Fokusområde" in response.content.decode()  # the error names the parent's level
    client.post(
        reverse("planning:plan_step", args=[plan.pk, 2]),
        {"title": "Fler läsare", "parent": area.pk},
    )
    goal = plan.items.get(title="Fler läsare")
    assert goal.parent == area and goal.depth == 1

    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert "2 of 3 steps done" in plan_page or "2 av 3 steg klara" in plan_page
    assert reverse("planning:plan_step", args=[plan.pk, 3]) in plan_page


def test_it_marks_a_step_done_and_goes_on(client, personas):
    client.force_login(personas.editor)
    model = built_in()
    plan = _start(client, personas, model)
    response = client.post(reverse("planning:plan_step_done", args=[plan.pk, 1]), {"done": "1"})
    assert response["Location"] == reverse("planning:plan_step", args=[plan.pk, 2])
    assert PlanFollowsModel.objects.get(plan=plan).steps_done.count() == 1


def test_it_shows_a_drafts_progress_only_to_its_readers(client, personas):
    model = built_in()
    plan = services.plan_create_from_model(
        user=personas.editor,
        model=model,
        organisation=personas.home,
        kind="operational_plan",
        title="Utkast",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    client.force_login(personas.reader)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert model.name in page
    assert reverse("planning:plan_step", args=[plan.pk, 1]) not in page  # readers do not walk
    client.force_login(personas.outsider)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("planning:plan_step", args=[plan.pk, 1])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("editor", True),
        ("reporter", False),
        ("reader", False),
        ("outsider", False),
    ],
)
def test_it_lets_only_its_organisations_editors_change_a_model(client, personas, persona, allowed):
    model = make_model(personas.home, user=personas.editor)
    client.force_login(personas.user(persona))
    response = client.post(
        reverse("planning:model_edit", args=[model.pk]),
        {"name": "Ändrad", "level_names": "Perspektiv\nÅtagande", "version": model.version},
    )
    model.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert model.name == "Ändrad"
    else:
        assert response.status_code == 404
        assert model.name == "Vår modell"


def test_it_lets_no_organisation_change_a_built_in_model(client, personas):
    model = built_in()
    client.force_login(personas.admin)
    assert client.get(reverse("planning:model_edit", args=[model.pk])).status_code == 404
    assert client.get(reverse("planning:step_create", args=[model.pk])).status_code == 404


def test_it_creates_a_model_and_its_steps_through_the_pages(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        reverse("planning:model_create"),
        {
            "organisation": personas.home.pk,
            "name": "Kalmarmodellen",
            "description": "Vår egen.",
            "level_names": "Perspektiv\nÅtagande",
        },
    )
    model = PlanningModel.objects.get(name="Kalmarmodellen")
    assert response["Location"] == model.get_absolute_url()
    response = client.post(
        reverse("planning:step_create", args=[model.pk]),
        {"title": "Omvärld", "question": "", "level": "1", "perspective": "Omvärldsperspektiv"},
    )
    assert response.status_code == 200
    assert "Write the question the step asks." in response.content.decode() or (
        "Skriv frågan" in response.content.decode()
    )
    client.post(
        reverse("planning:step_create", args=[model.pk]),
        {
            "title": "Omvärld",
            "question": "Vad händer omkring oss?",
            "level": "1",
            "perspective": "Omvärldsperspektiv",
        },
    )
    assert model.steps.get().perspective == "Omvärldsperspektiv"


def test_it_hides_an_organisations_model_from_outsiders(client, personas):
    model = make_model(personas.home, user=personas.editor, name="Hemlig modell")
    client.force_login(personas.outsider)
    assert "Hemlig modell" not in client.get(reverse("planning:model_list")).content.decode()
    assert client.get(model.get_absolute_url()).status_code == 404
    assert client.get(reverse("planning:plan_create", args=[model.pk])).status_code == 404


def test_it_detects_a_concurrent_edit_of_a_step(client, personas):
    model = make_model(personas.home, user=personas.editor)
    step = model.steps.order_by("position").first()
    services.planning_step_update(user=personas.admin, step=step, title="Först ändrad")
    client.force_login(personas.editor)
    response = client.post(
        reverse("planning:step_edit", args=[model.pk, step.pk]),
        {"title": "Sen ändrad", "question": "?", "level": "1", "version": 1},
    )
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.title == "Först ändrad"
    assert not ItemStep.objects.exists()


def test_it_shows_the_walk_in_the_plans_history(client, personas):
    client.force_login(personas.editor)
    plan = _start(client, personas, built_in())
    client.post(reverse("planning:plan_step", args=[plan.pk, 1]), {"title": "Framtidens bibliotek"})
    client.post(reverse("planning:plan_step_done", args=[plan.pk, 2]), {"done": "1"})
    response = client.get(reverse("plans:plan_history", args=[plan.pk]))
    assert response.status_code == 200
    assert "Framtidens bibliotek" in response.content.decode()


def test_it_sends_back_a_plan_by_a_model_without_steps(client, personas):
    model = make_model(personas.home, user=personas.editor, steps=0)
    client.force_login(personas.editor)
    response = client.get(reverse("planning:plan_create", args=[model.pk]))
    assert response.status_code == 302 and response["Location"] == model.get_absolute_url()
