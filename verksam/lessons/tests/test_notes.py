"""Scanning notes and evaluations: written by an organisation's staff, found in the
lessons' search when shared, and only by the organisation's members before."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from verksam.core.models import ChangeRecord
from verksam.core.services import ConcurrentEdit
from verksam.lessons.choices import LessonMethod, NoteKind
from verksam.lessons.models import Note
from verksam.lessons.search import uses_postgres
from verksam.lessons.selectors import LessonFilters, lesson_list, lesson_search
from verksam.lessons.services import lesson_share, note_create, note_delete, note_update
from verksam.lessons.tests.builders import make_focus_area, make_note
from verksam.lessons.tests.test_search import _assessment
from verksam.organisations.choices import OrganisationKind, Role
from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Tag
from verksam.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db


def _titles(user, query, **filters):
    found = lesson_search(user=user, query=query, filters=LessonFilters(**filters))
    return [one.note.title if one.note else one.lesson.assessment.results for one in found]


def _write(user, organisation, **fields):
    values = {
        "kind": NoteKind.SCANNING,
        "title": "Läsfrämjandet i grannkommunerna",
        "text": "Grannkommunerna satsar på läsfrämjandet för unga vuxna.",
        "sources": "https://www.kb.se/rapport\nKB:s rapport 2025",
        "year": 2026,
        "is_shared": True,
    }
    values.update(fields)
    return note_create(user=user, organisation=organisation, **values)


def test_it_finds_a_shared_note_by_another_swedish_form_of_a_word(personas):
    _write(personas.reporter, personas.home)

    assert _titles(personas.anonymous, "läsfrämjande") == ["Läsfrämjandet i grannkommunerna"]
    assert _titles(personas.outsider, "Läsfrämjande") == ["Läsfrämjandet i grannkommunerna"]
    assert _titles(personas.outsider, "rapport") == ["Läsfrämjandet i grannkommunerna"]


def test_it_finds_a_notes_läsfrämjande_from_läsfrämjandet(personas):
    _write(personas.reporter, personas.home, title="Bokprat", text="Läsfrämjande för unga.")

    assert _titles(personas.anonymous, "läsfrämjandet") == ["Bokprat"]


def test_it_finds_an_unshared_note_only_for_the_organisations_members(personas):
    _write(personas.editor, personas.home, title="Läsfrämjandet, internt", is_shared=False)
    unit_member = make_member(personas.work_group, Role.EDITOR)

    for user in (personas.reader, personas.editor, personas.admin, personas.superuser):
        assert _titles(user, "läsfrämjande") == ["Läsfrämjandet, internt"], user
        assert len(lesson_list(user=user)) == 1
    for user in (personas.anonymous, personas.outsider, unit_member):
        assert _titles(user, "läsfrämjande") == [], user
        assert lesson_list(user=user) == []


def test_it_lets_only_the_organisations_writing_staff_write_and_change_notes(personas):
    for user in (personas.reader, personas.outsider, personas.anonymous):
        with pytest.raises(PermissionDenied):
            _write(user, personas.home)
    note = _write(personas.reporter, personas.home)
    other_reporter = make_member(personas.home, Role.REPORTER)

    with pytest.raises(PermissionDenied):
        note_update(user=other_reporter, note=note, title="Annat")
    with pytest.raises(PermissionDenied):
        note_delete(user=personas.outsider, note=note)
    assert note_update(user=personas.editor, note=note, title="Bokprat").title == "Bokprat"


def test_it_records_each_change_in_the_history(personas):
    note = _write(personas.reporter, personas.home)
    note_update(user=personas.reporter, note=note, is_shared=False, expected_version=1)
    note_delete(user=personas.editor, note=note)

    records = ChangeRecord.objects.filter(object_type="lessons.note").order_by("pk")
    assert [record.action for record in records] == ["create", "update", "delete"]
    assert records[1].data["is_shared"] is True and records[1].after["is_shared"] is False
    assert records[2].data["title"] == "Läsfrämjandet i grannkommunerna"


def test_it_refuses_a_change_made_from_an_old_version(personas):
    note = _write(personas.reporter, personas.home)
    note_update(user=personas.editor, note=note, title="Först", expected_version=1)

    with pytest.raises(ConcurrentEdit):
        note_update(user=personas.reporter, note=note, title="Sedan", expected_version=1)
    assert Note.objects.get().title == "Först"


def test_it_no_longer_finds_a_note_unshared_or_deleted(personas):
    note = _write(personas.reporter, personas.home)
    note_update(user=personas.reporter, note=note, is_shared=False)
    assert _titles(personas.outsider, "läsfrämjande") == []

    note_update(user=personas.reporter, note=note, is_shared=True, text="Bokcirklarna växte.")
    assert _titles(personas.outsider, "bokcirklar") == ["Läsfrämjandet i grannkommunerna"]
    note_delete(user=personas.reporter, note=note)
    assert _titles(personas.reader, "bokcirklar") == []


def test_it_ranks_notes_and_lessons_in_one_list(personas):
    lesson_share(
        user=personas.editor,
        assessment=_assessment(personas.published_plan, results="Läsfrämjande en gång."),
    )
    make_note(
        personas.other,
        title="Läsfrämjandet, läsfrämjande",
        text="Läsfrämjandet och läsfrämjanden i Uppsala.",
    )

    assert _titles(personas.anonymous, "läsfrämjande") == [
        "Läsfrämjandet, läsfrämjande",
        "Läsfrämjande en gång.",
    ]


def test_it_narrows_notes_by_county_kind_priority_group_method_year_and_focus_area(personas):
    focus_area = make_focus_area()
    children = Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)
    _write(
        personas.reporter,
        personas.home,
        title="Kalmar",
        method=LessonMethod.SURVEY,
        priority_groups=[children],
        focus_areas=[focus_area.pk],
    )
    uppsala = make_organisation("Uppsala kommun", OrganisationKind.MUNICIPALITY, parent=None)
    uppsala.municipality_code = "0380"
    uppsala.save()
    _write(make_member(uppsala, Role.EDITOR), uppsala, title="Uppsala", year=2025)
    reader = personas.anonymous

    assert sorted(_titles(reader, "läsfrämjande")) == ["Kalmar", "Uppsala"]
    assert _titles(reader, "läsfrämjande", county_code="08") == ["Kalmar"]
    assert _titles(reader, "läsfrämjande", county_code="03") == ["Uppsala"]
    assert _titles(reader, "läsfrämjande", organisation_kind=OrganisationKind.MUNICIPALITY) == [
        "Uppsala"
    ]
    assert _titles(
        reader, "läsfrämjande", priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE
    ) == ["Kalmar"]
    assert _titles(reader, "läsfrämjande", method=LessonMethod.SURVEY) == ["Kalmar"]
    assert _titles(reader, "läsfrämjande", year=2025) == ["Uppsala"]
    assert _titles(reader, "läsfrämjande", focus_area=focus_area.pk) == ["Kalmar"]


def test_it_finds_lessons_and_notes_again_after_the_index_is_rebuilt(personas):
    _write(personas.reporter, personas.home)
    lesson_share(
        user=personas.editor,
        assessment=_assessment(personas.published_plan, results="Läsfrämjande i skolan."),
    )
    if not uses_postgres():  # as after a restore: the rows are back, the index is empty
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM lessons_lesson_index")
            cursor.execute("DELETE FROM lessons_note_index")
        assert _titles(personas.outsider, "läsfrämjande") == []
    Note.objects.update(stems="")

    call_command("lessons_reindex", stdout=io.StringIO())

    assert sorted(_titles(personas.outsider, "läsfrämjande")) == [
        "Läsfrämjande i skolan.",
        "Läsfrämjandet i grannkommunerna",
    ]
    assert Note.objects.get().stems.startswith("läsfrämj")
