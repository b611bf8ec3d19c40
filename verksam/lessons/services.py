"""Sharing a follow-up as a lesson, and taking it back; writing scanning notes."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, snapshot
from verksam.followup.models import Assessment
from verksam.lessons.models import Lesson, Note
from verksam.lessons.permissions import can_edit_note, can_write_notes, may_share
from verksam.lessons.search import (
    NOTE_INDEX_TABLE,
    index_lesson,
    swedish_stems,
    unindex_lesson,
)
from verksam.organisations.models import Organisation


def lesson_text(assessment: Assessment) -> str:
    """What a lesson shares and is found by: the item, what was done, results, improvements."""
    return "\n".join(
        part
        for part in (
            assessment.item.title,
            assessment.done,
            assessment.results,
            assessment.improvements,
        )
        if part
    )


def lesson_reindex(*, assessment: Assessment) -> None:
    """Stem a shared follow-up's texts again after they changed (a draft being written)."""
    lesson = Lesson.objects.filter(assessment=assessment).first()
    if lesson is None:
        return
    stems = " ".join(swedish_stems(lesson_text(assessment)))
    if stems != lesson.stems:
        Lesson.objects.filter(pk=lesson.pk).update(stems=stems)
        index_lesson(lesson.pk, stems)


@transaction.atomic
def lesson_share(*, user, assessment: Assessment, method: str = "", priority_groups=()) -> Lesson:
    """Mark a follow-up as shared as a lesson, or change the tags of one already shared.

    Those who write the item's follow-up (its reporters) and those who approve the
    plan's follow-up (its editors and administrators) may share it, also while it is a
    draft: a lesson is found only once its follow-up is approved
    (verksam.lessons.selectors.findable_lessons).
    """
    if not may_share(user, assessment):
        raise PermissionDenied
    lesson = Lesson.objects.filter(assessment=assessment).first() or Lesson(
        assessment=assessment, shared_by=user
    )
    lesson.method = method
    lesson.stems = " ".join(swedish_stems(lesson_text(assessment)))
    lesson.full_clean()
    lesson.save()
    lesson.priority_groups.set(priority_groups)
    index_lesson(lesson.pk, lesson.stems)
    return lesson


@transaction.atomic
def lesson_unshare(*, user, lesson: Lesson) -> None:
    """Take a lesson back: it is no longer found by anyone."""
    if not may_share(user, lesson.assessment):
        raise PermissionDenied
    unindex_lesson(lesson.pk)
    lesson.delete()


# --- Scanning notes and evaluations ---


def note_text(note: Note) -> str:
    """What a note is found by: its title, text and sources."""
    return "\n".join(part for part in (note.title, note.text, note.sources) if part)


def _note_fields(note: Note, fields: dict) -> None:
    for name in ("kind", "title", "text", "sources", "year", "method", "is_shared"):
        if name in fields:
            setattr(note, name, fields[name])
    note.stems = " ".join(swedish_stems(note_text(note)))


def _note_data(note: Note) -> dict:
    data = snapshot(note)
    data["priority_groups"] = sorted(tag.pk for tag in note.priority_groups.all())
    data["focus_areas"] = sorted(item.pk for item in note.focus_areas.all())
    return data


@transaction.atomic
def note_create(
    *, user, organisation: Organisation, priority_groups=(), focus_areas=(), **fields
) -> Note:
    """Write a scanning note or an evaluation in the organisation's name.

    `fields` are the note's kind, title, text, sources, year, method and is_shared.
    The organisation's reporters, editors and administrators may; a note is read only
    by the organisation's members until it is shared.
    """
    if not can_write_notes(user, organisation):
        raise PermissionDenied
    note = Note(organisation=organisation, created_by=user)
    _note_fields(note, fields)
    note.full_clean()
    note.save()
    note.priority_groups.set(priority_groups)
    note.focus_areas.set(focus_areas)
    index_lesson(note.pk, note.stems, table=NOTE_INDEX_TABLE)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=note, data=_note_data(note))
    return note


@transaction.atomic
def note_update(
    *,
    user,
    note: Note,
    expected_version: int | None = None,
    priority_groups=None,
    focus_areas=None,
    **fields,
) -> Note:
    """Change a note (also share it or stop sharing it); refused when someone else saved
    it after `expected_version` was read."""
    if not can_edit_note(user, note):
        raise PermissionDenied
    check_version(note, expected_version=expected_version)
    before = _note_data(note)
    _note_fields(note, fields)
    note.full_clean()
    note.version = F("version") + 1
    note.save()
    note.refresh_from_db()
    if priority_groups is not None:
        note.priority_groups.set(priority_groups)
    if focus_areas is not None:
        note.focus_areas.set(focus_areas)
    index_lesson(note.pk, note.stems, table=NOTE_INDEX_TABLE)
    change_record(
        user=user,
        action=ChangeRecord.Action.UPDATE,
        obj=note,
        data=before,
        after=_note_data(note),
    )
    return note


@transaction.atomic
def note_delete(*, user, note: Note) -> None:
    """Delete a note; its last words stay in the change log."""
    if not can_edit_note(user, note):
        raise PermissionDenied
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=note, data=_note_data(note))
    unindex_lesson(note.pk, table=NOTE_INDEX_TABLE)
    note.delete()


def lessons_reindex_all() -> tuple[int, int]:
    """Stem every lesson and note again and rebuild SQLite's full-text indexes from them:
    after a restore from a backup (which holds the rows, not the index) or an upgrade of
    the stemmer. Returns (lessons, notes) indexed. PostgreSQL stems as it searches and
    needs only the stored stems."""
    lessons = Lesson.objects.select_related("assessment__item")
    notes = list(Note.objects.all())
    with transaction.atomic():
        for lesson in lessons:
            stems = " ".join(swedish_stems(lesson_text(lesson.assessment)))
            Lesson.objects.filter(pk=lesson.pk).update(stems=stems)
            index_lesson(lesson.pk, stems)
        for note in notes:
            stems = " ".join(swedish_stems(note_text(note)))
            Note.objects.filter(pk=note.pk).update(stems=stems)
            index_lesson(note.pk, stems, table=NOTE_INDEX_TABLE)
    return len(lessons), len(notes)
