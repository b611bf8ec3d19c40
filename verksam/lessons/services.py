"""Sharing a follow-up as a lesson, and taking it back."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from verksam.followup.models import Assessment
from verksam.followup.permissions import can_report_on, can_review
from verksam.lessons.models import Lesson
from verksam.lessons.search import index_lesson, swedish_stems, unindex_lesson


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


def may_share(user, assessment: Assessment) -> bool:
    """The item's reporters and the plan's editors and administrators."""
    return can_review(user, assessment.round.plan) or can_report_on(user, assessment.item)


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
