"""The planning API: models and steps, and a plan's progress by the plans' read rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.planning.models import PlanFollowsModel
from verksam.planning.services import step_item_add
from verksam.planning.tests.builders import STOCKHOLM, built_in, make_model


def test_it_lists_the_built_in_models_to_anyone(client, db):
    body = client.get("/api/v1/planning-models").json()
    names = [model["name"] for model in body["items"]]
    assert STOCKHOLM in names and body["count"] == 2


def test_it_gives_a_models_steps_in_order(client, db):
    model = built_in()
    body = client.get(f"/api/v1/planning-models/{model.pk}").json()
    assert [step["number"] for step in body["steps"]] == list(range(1, 9))
    assert body["steps"][3]["perspective"] == "Ekonomiska resurser"
    assert body["steps"][0]["question"].startswith("Vilka är framgångsfaktorerna")


def test_it_hides_an_organisations_model_from_outsiders(client, personas):
    model = make_model(personas.home, user=personas.editor, name="Egen modell")
    assert client.get(f"/api/v1/planning-models/{model.pk}").status_code == 404
    client.force_login(personas.outsider)
    assert "Egen modell" not in client.get("/api/v1/planning-models").content.decode()
    client.force_login(personas.reader)
    assert client.get(f"/api/v1/planning-models/{model.pk}").json()["name"] == "Egen modell"


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 404), ("outsider", 404), ("reader", 200)]
)
def test_it_shows_a_drafts_progress_only_to_its_readers(client, personas, persona, status):
    model = built_in()
    PlanFollowsModel.objects.create(plan=personas.draft_plan, model=model)
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    response = client.get(f"/api/v1/plans/{personas.draft_plan.pk}/planning-progress")
    assert response.status_code == status
    if status == 200:
        assert response.json()["model"]["name"] == STOCKHOLM


def test_it_shows_a_published_plans_progress_to_anyone(client, personas):
    model = built_in()
    PlanFollowsModel.objects.create(plan=personas.published_plan, model=model)
    body = client.get(f"/api/v1/plans/{personas.published_plan.pk}/planning-progress").json()
    assert body["complete_count"] == 0 and len(body["steps"]) == 8
    other = client.get(f"/api/v1/plans/{personas.adopted_unpublished_plan.pk}/planning-progress")
    assert other.status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_models_in_as_many_queries_for_many_as_for_few(client, personas):
    client.force_login(personas.reader)
    make_model(personas.home, user=personas.editor, name="En")
    few = _count(client, "/api/v1/planning-models")
    for number in range(20):
        make_model(personas.home, user=personas.editor, name=f"Modell {number}", steps=3)
    assert _count(client, "/api/v1/planning-models") == few


def test_it_reads_progress_in_as_many_queries_for_many_items(client, personas):
    client.force_login(personas.editor)
    model = make_model(personas.home, user=personas.editor, steps=2)
    PlanFollowsModel.objects.create(plan=personas.draft_plan, model=model)
    first = model.steps.order_by("position").first()
    url = f"/api/v1/plans/{personas.draft_plan.pk}/planning-progress"
    step_item_add(user=personas.editor, plan=personas.draft_plan, step=first, title="Ett")
    few = _count(client, url)
    for number in range(30):
        step_item_add(user=personas.editor, plan=personas.draft_plan, step=first, title=f"{number}")
    assert _count(client, url) == few
    assert client.get(url).json()["steps"][0]["item_count"] == 31


def test_it_lists_a_models_steps_by_the_models_rules(client, personas):
    own = make_model(personas.home, user=personas.editor, steps=3)
    assert client.get(f"/api/v1/planning-models/{own.pk}/steps").status_code == 404
    client.force_login(personas.reader)
    body = client.get(f"/api/v1/planning-models/{own.pk}/steps").json()
    assert [(step["number"], step["level"]) for step in body] == [(1, 1), (2, 1), (3, 2)]
    assert body[1]["perspective"] == "Ekonomiskt perspektiv"
