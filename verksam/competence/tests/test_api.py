"""Trainings and proposals in the API: members only, the same rules as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.competence.tests.builders import make_proposal, make_training
from verksam.core.tests import test_api_exposure as exposure

pytestmark = pytest.mark.django_db

#: The world of hidden objects of the API exposure test, its competence rows among them.
world = exposure.world
MARK = exposure.MARK

OURS = ("/api/v1/trainings", "/api/v1/proposals")


def _our_routes(client) -> dict:
    routes = exposure._get_routes(client).items()
    routes = {path: operation for path, operation in routes if path.startswith(OURS)}
    assert len(routes) == 4
    return routes


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_shows_no_training_or_proposal_to_others(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["personas"].user(persona))
    for route, operation in _our_routes(client).items():
        for url, query, hides in exposure._requests(route, operation, world):
            response = client.get(url, query)
            assert response.status_code == (404 if hides else 200), (url, query)
            assert MARK not in response.content.decode(), (persona, url, query)


def test_it_shows_the_members_their_trainings_and_proposals(client, world):
    p = world["personas"]
    client.force_login(p.reader)
    trainings = client.get("/api/v1/trainings", {"organisation": p.home.pk}).json()
    assert [row["title"] for row in trainings["items"]] == [f"{MARK} training"]
    row = trainings["items"][0]
    assert (row["named_participants"], row["participants"], row["participant_hours"]) == (
        1,
        1,
        7.5,
    )
    assert len(row["items"]) == 2  # the reader reads the draft plan too
    proposals = client.get("/api/v1/proposals", {"state": "proposed"}).json()
    assert [row["title"] for row in proposals["items"]] == [f"{MARK} proposal"]


def test_it_lists_trainings_in_the_same_number_of_queries_for_one_or_many(client, personas):
    client.force_login(personas.reader)
    goal = personas.draft_plan.items.get(depth=1)
    make_training(personas.home, user=personas.editor, participants=[personas.reader], items=[goal])
    make_proposal(personas.home, user=personas.reader, goal=goal)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count("/api/v1/trainings"), count("/api/v1/proposals")
    for number in range(12):
        make_training(
            personas.home,
            user=personas.editor,
            title=f"Utbildning {number}",
            participants=[personas.reader, personas.reporter],
            items=[goal],
        )
        make_proposal(personas.home, user=personas.reader, title=f"Förslag {number}", goal=goal)
    many = count("/api/v1/trainings"), count("/api/v1/proposals")
    assert many == one


def _post(client, user, url: str, data: dict):
    from verksam.core.tests.api_support import bearer, make_key

    return client.post(url, data, content_type="application/json", **bearer(make_key(user)))


def test_it_registers_a_training_sent_by_a_reporter_and_counts_it(client, personas):
    from verksam.competence.services import register_indicator_create

    feed = register_indicator_create(
        user=personas.editor,
        organisation=personas.home,
        name="Deltagare i kompetensutveckling",
        measure="participants",
    )
    goal = personas.published_plan.items.get(depth=1)
    data = {
        "organisation": personas.home.pk,
        "title": "  MIK-lyftet  ",
        "kind": "internal",
        "start_date": "2026-02-03",
        "hours": "3.5",
        "participants": [personas.reader.pk],
        "other_participants": 4,
        "items": [goal.pk],
    }
    response = _post(client, personas.reporter, "/api/v1/trainings", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["participants"], body["participant_hours"]) == (
        "MIK-lyftet",
        5,
        17.5,
    )
    assert [row["id"] for row in body["items"]] == [goal.pk]
    assert feed.indicator.measurements.get().value == 5


def test_it_refuses_trainings_from_readers_and_outsiders_and_names_wrong_participants(
    client, personas
):
    data = {"organisation": personas.home.pk, "title": "Kurs", "start_date": "2026-02-03"}
    assert _post(client, personas.reader, "/api/v1/trainings", data).status_code == 404
    assert _post(client, personas.outsider, "/api/v1/trainings", data).status_code == 404
    anonymous = client.post("/api/v1/trainings", data, content_type="application/json")
    assert anonymous.status_code == 401
    outsider = {**data, "participants": [personas.outsider.pk]}
    wrong = _post(client, personas.editor, "/api/v1/trainings", outsider)
    assert wrong.status_code == 422
    assert [error["field"] for error in wrong.json()["errors"]] == ["participants"]


def test_it_takes_a_proposal_from_a_member_only(client, personas):
    goal = personas.draft_plan.items.get(depth=0)
    data = {
        "organisation": personas.home.pk,
        "kind": "project",
        "title": "Läsecirklar på lätt svenska",
        "reason": "Efterfrågat av SFI-lärarna.",
        "goal": goal.pk,
    }
    response = _post(client, personas.reader, "/api/v1/proposals", data)
    assert response.status_code == 201, response.content
    assert (response.json()["state"], response.json()["goal_id"]) == ("proposed", goal.pk)
    assert _post(client, personas.outsider, "/api/v1/proposals", data).status_code == 404
    other_goal = personas.other_draft_plan.items.get(depth=0)
    refused = _post(client, personas.reader, "/api/v1/proposals", {**data, "goal": other_goal.pk})
    assert refused.status_code == 422
