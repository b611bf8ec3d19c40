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
