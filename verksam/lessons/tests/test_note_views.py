"""The notes' pages and the lessons' page and API with notes: what each reader sees,
concurrent edits, and queries that do not grow with the data."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.core.services import snapshot
from verksam.lessons.models import Note
from verksam.lessons.services import lesson_share
from verksam.lessons.tests.builders import make_note
from verksam.lessons.tests.test_search import _assessment
from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Tag

pytestmark = pytest.mark.django_db


def test_it_writes_a_note_from_its_page_and_finds_it_by_another_word_form(client, personas):
    client.force_login(personas.reporter)
    response = client.post(
        reverse("lessons:note_create"),
        {
            "organisation": personas.home.pk,
            "kind": "evaluation",
            "title": "Utvärdering av läsfrämjandet",
            "text": "Läsfrämjandet på fritidsgårdarna nådde nya läsare.",
            "sources": "https://example.org/rapport\n\n  Bibliotekens årsrapport 2025  ",
            "year": "2026",
            "is_shared": "on",
            "version": "0",
        },
    )
    note = Note.objects.get()
    assert response.status_code == 302 and response["Location"] == note.get_absolute_url()
    assert note.sources == "https://example.org/rapport\nBibliotekens årsrapport 2025"
    assert note.created_by == personas.reporter

    client.logout()
    found = client.get(reverse("lessons:lesson_search"), {"q": "läsfrämjande"})
    assert "Utvärdering av läsfrämjandet" in found.text
    assert note.get_absolute_url() in found.text
    page = client.get(note.get_absolute_url())
    assert 'href="https://example.org/rapport"' in page.text


def test_it_names_the_missing_field_of_a_refused_note(client, personas):
    client.force_login(personas.reporter)
    response = client.post(
        reverse("lessons:note_create"),
        {"organisation": personas.home.pk, "kind": "scanning", "title": " ", "text": "Text"},
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "year" in response.context["form"].errors
    assert Note.objects.count() == 0


def test_it_shows_an_unshared_note_only_to_the_organisations_members(client, personas):
    note = make_note(personas.home, title="Internt om läsfrämjandet", shared=False)

    assert client.get(note.get_absolute_url()).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(note.get_absolute_url()).status_code == 404
    for query in ({"q": "läsfrämjande"}, {"year": "2026"}):
        found = client.get(reverse("lessons:lesson_search"), query)
        assert "Internt om läsfrämjandet" not in found.text
        assert found.context["results"] == []  # not counted either
    client.force_login(personas.reader)
    assert "Internt om läsfrämjandet" in client.get(note.get_absolute_url()).text
    assert "Internt om läsfrämjandet" in client.get(reverse("lessons:note_list")).text


def test_it_tells_of_a_change_made_by_someone_else_meanwhile(client, personas):
    note = make_note(personas.home, title="Bokprat", text="Bokprat i skolan.", shared=False)
    Note.objects.filter(pk=note.pk).update(version=2, title="Bokprat, ändrat")
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        reverse("lessons:note_edit", args=[note.pk]),
        {"kind": "scanning", "title": "Mitt bokprat", "text": "X", "year": "2026", "version": "1"},
    )

    assert response.status_code == 200
    assert "Someone else changed this" in response.text
    assert Note.objects.get().title == "Bokprat, ändrat"
    assert response.context["form"]["version"].value() == "2"


def test_it_keeps_the_note_with_its_organisation_when_changed(client, personas):
    note = make_note(personas.home, title="Bokprat", text="Bokprat.", created_by=personas.reporter)
    before = snapshot(note)
    client.force_login(personas.reporter)
    client.post(
        reverse("lessons:note_edit", args=[note.pk]),
        {
            "organisation": personas.other.pk,
            "kind": "scanning",
            "title": "Bokprat i skolan",
            "text": "Bokprat.",
            "year": "2026",
            "version": "1",
        },
    )
    note.refresh_from_db()
    assert note.title == "Bokprat i skolan"
    assert note.organisation_id == before["organisation"] == personas.home.pk


def test_it_finds_notes_in_the_api_and_never_an_unshared_one_for_others(client, personas):
    make_note(personas.home, title="Delad", text="Läsfrämjandet i Kalmar.", sources="KB 2025")
    make_note(personas.home, title="Intern", text="Läsfrämjandet internt.", shared=False)

    for query in ({"q": "läsfrämjande"}, {}):
        page = client.get("/api/v1/lessons", query).json()
        assert page["count"] == 1
        assert page["items"][0]["title"] == "Delad"
        assert page["items"][0]["kind"] == "scanning"
        assert page["items"][0]["sources"] == ["KB 2025"]
        assert page["items"][0]["organisation_id"] == personas.home.pk
    client.force_login(personas.reader)
    assert client.get("/api/v1/lessons", {"q": "läsfrämjande"}).json()["count"] == 2


def _world(personas, count: int) -> None:
    children = Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)
    for index in range(count):
        note = make_note(
            personas.home,
            title=f"Läsfrämjandet {index}",
            text="Läsfrämjandet växer.",
            shared=index % 2 == 0,
        )
        note.priority_groups.add(children)
        lesson = lesson_share(
            user=personas.editor,
            assessment=_assessment(personas.published_plan, results="Läsfrämjandet nådde fler."),
        )
        lesson.priority_groups.add(children)


def _queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/lardomar/", {"q": "läsfrämjande"}),
        ("/lardomar/", {"year": "2026"}),
        ("/lardomar/omvarld/", None),
        ("/api/v1/lessons", {"q": "läsfrämjande"}),
        ("/api/v1/lessons", None),
    ],
)
def test_it_reads_many_lessons_and_notes_in_as_many_queries_as_one(client, personas, url, query):
    client.force_login(personas.reader)
    _world(personas, 1)
    one = _queries(client, url, query)
    _world(personas, 12)
    many = _queries(client, url, query)
    assert one == many
