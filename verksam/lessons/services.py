"""Sharing a follow-up as a lesson, and taking it back."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment
from verksam.followup.permissions import can_review
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


@transaction.atomic
def lesson_share(*, user, assessment: Assessment, method: str = "", priority_groups=()) -> Lesson:
    """Share an approved follow-up as a lesson, or change the tags of one already shared.

    Those who may approve the plan's follow-up (its organisation's editors and
    administrators) may share it; a follow-up not approved cannot be shared.
    """
    plan = assessment.round.plan
    if not can_review(user, plan):
        raise PermissionDenied
    if assessment.state != AssessmentState.APPROVED:
        raise ValidationError(
            _("Only an approved follow-up can be shared as a lesson."), code="not_approved"
        )
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
    if not can_review(user, lesson.assessment.round.plan):
        raise PermissionDenied
    unindex_lesson(lesson.pk)
    lesson.delete()
