"""A shared lesson and two scanning notes in the demo, to show the lessons' search.

Kalmar's editor shares an approved follow-up of the regional plan as a lesson and writes
an environmental-scanning note tagged with one of its focus areas (shared), and a short
evaluation kept within the organisation. The texts are invented and say so ("Demo:").
Written through the lessons' services; loading the demo again leaves them as they are.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment
from verksam.lessons.choices import LessonMethod, NoteKind
from verksam.lessons.models import Lesson, Note
from verksam.lessons.services import lesson_share, note_create
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import paths_with_role
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup
from verksam.plans.models import Item, Tag

WRITER = "kalmar-editor"


def demo_lessons_load() -> str:
    """Share a lesson and write the notes if they are not there; a line for the summary."""
    editor = get_user_model().objects.filter(username=WRITER).first()
    paths = paths_with_role(editor, Role.EDITOR) if editor is not None else []
    if not paths:
        return _("Lessons: the Kalmar demo account is missing; nothing written.")
    organisation = Organisation.objects.get(path=paths[0])
    if Note.objects.filter(organisation=organisation).exists():
        return _("Lessons: already there.")
    assessment = (
        Assessment.objects.filter(
            state=AssessmentState.APPROVED,
            round__plan__organisation=organisation,
            round__plan__status=PlanStatus.ADOPTED,
        )
        .exclude(results="")
        .order_by("-round__period_end", "pk")
        .first()
    )
    if assessment is not None and not Lesson.objects.filter(assessment=assessment).exists():
        lesson_share(user=editor, assessment=assessment, method=LessonMethod.FOLLOWUP)
    focus_area = (
        Item.objects.filter(
            depth=0,
            plan__organisation_id__in=organisation.ancestor_ids,
            plan__kind=PlanKind.REGIONAL_LIBRARY_PLAN,
            plan__status=PlanStatus.ADOPTED,
        )
        .order_by("-plan__period_start", "position", "pk")
        .first()
    )
    children = Tag.objects.filter(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)
    note_create(
        user=editor,
        organisation=organisation,
        kind=NoteKind.SCANNING,
        title="Demo: Läsfrämjande på fritidsgårdar i grannlänen",
        text=(
            "Demo: Flera kommuner i grannlänen har flyttat läsfrämjandet till fritidsgårdarna "
            "och når unga som sällan besöker biblioteket. Värt att pröva i två av länets "
            "kommuner under nästa år."
        ),
        sources="https://www.kb.se/\nDemo: Regionbibliotekens gemensamma omvärldsrapport",
        year=2025,
        method=LessonMethod.STATISTICS,
        is_shared=True,
        priority_groups=children,
        focus_areas=[focus_area.pk] if focus_area is not None else [],
    )
    note_create(
        user=editor,
        organisation=organisation,
        kind=NoteKind.EVALUATION,
        title="Demo: Utvärdering av länets bokcirkelträffar",
        text="Demo: Deltagarna vill ha fler träffar på kvällstid. Delas när rapporten är klar.",
        year=2025,
        method=LessonMethod.EVALUATION,
        is_shared=False,
    )
    return _("Lessons: a shared lesson and two notes, one of them shared.")
