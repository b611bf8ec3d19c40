"""Searching shared lessons: Swedish word forms, and nothing unshared or unreadable found."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.lessons.choices import LessonMethod
from verksam.lessons.selectors import LessonFilters, lesson_search
from verksam.lessons.services import lesson_share, lesson_unshare
from verksam.organisations.choices import OrganisationKind, Role
from verksam.plans.choices import PlanStatus, PriorityGroup
from verksam.plans.models import Tag
from verksam.testing import make_item, make_member, make_organisation, make_plan

pytestmark = pytest.mark.django_db


def _assessment(plan, *, results: str, state=AssessmentState.APPROVED) -> Assessment:
    followup_round, _created = FollowUpRound.objects.get_or_create(
        plan=plan,
        period_start=plan.period_start,
        period_end=plan.period_end,
        defaults={
            "name": f"Helår {plan.period_start.year}",
            "rhythm": Rhythm.ANNUAL,
            "due_date": plan.period_end + datetime.timedelta(days=31),
            "is_year_end": True,
        },
    )
    return Assessment.objects.create(
        round=followup_round,
        item=make_item(plan, "Bokprat i skolan"),
        status=GoalStatus.MET,
        results=results,
        state=state,
        approved_at=timezone.now() if state == AssessmentState.APPROVED else None,
    )


def _found(user, query, **filters):
    return [
        found.lesson.assessment.results
        for found in lesson_search(user=user, query=query, filters=LessonFilters(**filters))
    ]


def test_it_finds_a_lesson_by_another_swedish_form_of_a_word(personas):
    text = "Läsfrämjandet nådde fler barn än vi räknat med."
    lesson_share(
        user=personas.editor, assessment=_assessment(personas.published_plan, results=text)
    )

    assert _found(personas.outsider, "läsfrämjande") == [text]
    assert _found(personas.anonymous, "Läsfrämjande!") == [text]


def test_it_never_finds_a_follow_up_that_was_not_shared(personas):
    _assessment(personas.published_plan, results="Läsfrämjandet fungerade.")

    assert _found(personas.outsider, "läsfrämjande") == []
    assert _found(personas.superuser, "läsfrämjande") == []


def test_it_never_finds_a_lesson_of_a_plan_the_reader_may_not_read(personas):
    text = "Läsfrämjandet i den interna planen."
    lesson_share(
        user=personas.editor,
        assessment=_assessment(personas.adopted_unpublished_plan, results=text),
    )

    assert _found(personas.outsider, "läsfrämjande") == []
    assert _found(personas.anonymous, "läsfrämjande") == []
    assert _found(personas.reader, "läsfrämjande") == [text]


def test_it_no_longer_finds_a_lesson_taken_back(personas):
    lesson = lesson_share(
        user=personas.editor,
        assessment=_assessment(personas.published_plan, results="Läsfrämjandet växte."),
    )
    lesson_unshare(user=personas.editor, lesson=lesson)

    assert _found(personas.outsider, "läsfrämjande") == []


def test_it_no_longer_finds_a_lesson_whose_follow_up_was_reopened(personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet växte.")
    lesson_share(user=personas.editor, assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(state=AssessmentState.RETURNED)

    assert _found(personas.outsider, "läsfrämjande") == []


def test_it_finds_a_draft_shared_by_its_reporter_once_approved_with_its_last_words(personas):
    assessment = _assessment(
        personas.published_plan, results="Utlåningssiffror.", state=AssessmentState.DRAFT
    )
    lesson_share(user=personas.reporter, assessment=assessment)
    assert _found(personas.outsider, "läsfrämjande") == []

    assessment.results = "Läsfrämjandet nådde fler."
    assessment.state = AssessmentState.APPROVED
    assessment.save()

    assert _found(personas.outsider, "läsfrämjande") == ["Läsfrämjandet nådde fler."]
    assert _found(personas.outsider, "utlåningssiffror") == []


def test_it_lets_only_the_items_reporters_and_the_plans_editors_share_it(personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet växte.")

    for user in (personas.reader, personas.outsider):
        with pytest.raises(PermissionDenied):
            lesson_share(user=user, assessment=assessment)
    assert lesson_share(user=personas.reporter, assessment=assessment).pk


def test_it_ranks_the_lesson_that_says_more_about_the_word_first(personas):
    lesson_share(
        user=personas.editor,
        assessment=_assessment(
            personas.published_plan, results="Läsfrämjande och mycket annat om bemanning."
        ),
    )
    lesson_share(
        user=personas.editor,
        assessment=_assessment(
            personas.published_plan, results="Läsfrämjande, läsfrämjandet och läsfrämjanden."
        ),
    )

    assert _found(personas.outsider, "läsfrämjande") == [
        "Läsfrämjande, läsfrämjandet och läsfrämjanden.",
        "Läsfrämjande och mycket annat om bemanning.",
    ]


def test_it_narrows_the_search_by_county_kind_priority_group_method_and_year(personas):
    kalmar = "Läsfrämjandet i Kalmar kommun."  # the personas' library is in Kalmar kommun
    lesson_share(
        user=personas.editor,
        assessment=_assessment(personas.published_plan, results=kalmar),
        method=LessonMethod.EVALUATION,
        priority_groups=[Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)],
    )
    uppsala_library = make_organisation("Uppsala stadsbibliotek", parent=personas.other_region)
    uppsala_plan = make_plan(
        uppsala_library, year=2024, status=PlanStatus.ADOPTED, is_published=True
    )
    uppsala = "Läsfrämjandet i Uppsala län."
    lesson_share(
        user=make_member(uppsala_library, Role.EDITOR),
        assessment=_assessment(uppsala_plan, results=uppsala),
    )
    reader = personas.anonymous

    assert sorted(_found(reader, "läsfrämjande")) == sorted([kalmar, uppsala])
    assert _found(reader, "läsfrämjande", county_code="08") == [kalmar]
    assert _found(reader, "läsfrämjande", county_code="03") == [uppsala]
    assert _found(reader, "läsfrämjande", organisation_kind=OrganisationKind.REGION) == []
    assert _found(
        reader, "läsfrämjande", priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE
    ) == [kalmar]
    assert _found(reader, "läsfrämjande", method=LessonMethod.EVALUATION) == [kalmar]
    assert _found(reader, "läsfrämjande", year=2024) == [uppsala]
