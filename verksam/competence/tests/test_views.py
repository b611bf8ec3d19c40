"""The register's pages: what they show, and in how many queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.competence.models import Training
from verksam.competence.tests.builders import make_proposal, make_training
from verksam.core.form_tokens import FIELD_NAME

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_lists_the_register_in_the_same_number_of_queries_for_one_or_many(client, personas):
    client.force_login(personas.reader)
    goal = personas.published_plan.items.get(depth=1)
    make_training(personas.home, user=personas.editor, participants=[personas.reader], items=[goal])
    make_proposal(personas.home, user=personas.reader, goal=goal)
    register = reverse("competence:training_list", args=[personas.home.pk]) + "?ar=2026"
    proposals = reverse("competence:proposal_list", args=[personas.home.pk])
    one = _queries(client, register), _queries(client, proposals)
    for number in range(15):
        make_training(
            personas.home,
            user=personas.editor,
            title=f"Kurs {number}",
            participants=[personas.reader, personas.reporter],
            items=[goal, personas.draft_plan.items.get(depth=0)],
        )
        make_proposal(personas.home, user=personas.reporter, title=f"Förslag {number}", goal=goal)
    many = _queries(client, register), _queries(client, proposals)
    assert many == one


def test_it_shows_the_years_totals(client, personas):
    make_training(personas.home, user=personas.editor, participants=[personas.reader], hours=6)
    make_training(personas.home, user=personas.editor, other_participants=3, hours=2)
    make_training(
        personas.home,
        user=personas.editor,
        title="Förra årets kurs",
        start_date=datetime.date(2025, 5, 1),
    )
    client.force_login(personas.reader)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("competence:training_list", args=[personas.home.pk]) + "?ar=2026"
    ).content.decode()
    assert "2 trainings, 4 participants, 12 hours of competence development." in page
    assert "Förra årets kurs" not in page
    assert "Register a training" not in page  # readers read the register only


def test_it_registers_a_training_with_its_participants_and_goals(client, personas):
    goal = personas.published_plan.items.get(depth=1)
    client.force_login(personas.reporter)
    response = client.post(
        reverse("competence:training_create", args=[personas.home.pk]),
        {
            "title": "MIK-lyftet, steg 1",
            "kind": "internal",
            "start_date": "2026-09-02",
            "end_date": "2026-09-03",
            "hours": "12",
            "participants": [personas.reader.pk, personas.editor.pk],
            "other_participants": "2",
            "items": [goal.pk],
            "version": "0",
            FIELD_NAME: "7b1f",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get(title="MIK-lyftet, steg 1")
    assert set(training.participants.all()) == {personas.reader, personas.editor}
    assert list(training.items.all()) == [goal]
    assert training.created_by == personas.reporter


def test_it_names_the_field_of_a_wrong_date(client, personas):
    client.force_login(personas.editor)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("competence:training_create", args=[personas.home.pk]),
        {
            "title": "Konferens",
            "kind": "conference",
            "start_date": "2026-09-02",
            "end_date": "2026-09-01",
            "hours": "5",
            "other_participants": "0",
            "version": "0",
        },
    )
    assert response.status_code == 200
    assert "End date: The training cannot end before it starts." in response.content.decode()
    assert not Training.objects.exists()


def test_it_refuses_a_change_made_on_an_older_version(client, personas):
    training = make_training(personas.home, user=personas.editor)
    client.force_login(personas.editor)
    client.cookies["django_language"] = "en"
    url = reverse("competence:training_edit", args=[training.pk])
    data = {
        "title": "Ny titel",
        "kind": "course",
        "start_date": "2026-03-10",
        "hours": "7.5",
        "other_participants": "0",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "title": "En annan titel"})
    assert stale.status_code == 200
    assert "Both versions" in stale.content.decode()
    assert Training.objects.get(pk=training.pk).title == "Ny titel"


def test_it_shows_the_item_its_trainings_and_proposal(client, personas):
    goal = personas.draft_plan.items.get(depth=0)
    make_training(personas.home, user=personas.editor, title="Språkstöd i praktiken", items=[goal])
    client.force_login(personas.reader)
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Språkstöd i praktiken" in page
    client.force_login(personas.outsider)
    published_goal = personas.published_plan.items.get(depth=0)
    make_training(personas.home, user=personas.editor, title="Intern kurs", items=[published_goal])
    assert "Intern kurs" not in client.get(published_goal.get_absolute_url()).content.decode()


def test_it_offers_the_goals_of_current_plans_and_those_already_chosen(client, personas):
    from verksam.testing import make_item, make_plan

    old_plan = make_plan(personas.home, title="Verksamhetsplan 2019", year=2019, status="adopted")
    old_goal = make_item(old_plan, "Ett gammalt mål")
    make_item(old_plan, "Ett annat gammalt mål")
    training = make_training(personas.home, user=personas.editor, items=[old_goal])
    client.force_login(personas.editor)
    new = client.get(reverse("competence:training_create", args=[personas.home.pk]))
    assert "Ett gammalt mål" not in new.content.decode()
    assert "Fler barn läser" in new.content.decode()
    edit = client.get(reverse("competence:training_edit", args=[training.pk])).content.decode()
    assert "Ett gammalt mål" in edit
    assert "Ett annat gammalt mål" not in edit


def test_it_lists_the_register_indicators_in_the_same_number_of_queries(client, personas):
    from verksam.competence.services import register_indicator_create

    client.force_login(personas.editor)
    url = reverse("competence:register_indicators", args=[personas.home.pk])
    goal = personas.published_plan.items.get(depth=1)
    register_indicator_create(
        user=personas.editor, organisation=personas.home, name="Deltagare", measure="participants"
    )
    one = _queries(client, url)
    for number in range(8):
        register_indicator_create(
            user=personas.editor,
            organisation=personas.home,
            name=f"Timmar {number}",
            measure="hours",
            item=goal,
        )
    assert _queries(client, url) == one
