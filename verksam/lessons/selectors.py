"""Finding shared lessons: only what its organisation shared and what the reader may read."""

from dataclasses import dataclass

from django.db.models import QuerySet

from verksam.followup.choices import AssessmentState
from verksam.lessons.models import Lesson
from verksam.lessons.search import sqlite_matches, uses_postgres
from verksam.plans.permissions import visible_plans


def findable_lessons(user) -> QuerySet[Lesson]:
    """The lessons `user` may find: shared, still approved, of a plan the user may read."""
    return Lesson.objects.filter(
        assessment__state=AssessmentState.APPROVED,
        assessment__round__plan__in=visible_plans(user).values("pk"),
    ).select_related(
        "assessment__item", "assessment__round__plan__organisation", "assessment__round"
    )


@dataclass
class Found:
    """A lesson found by a search, with its rank (higher is better)."""

    lesson: Lesson
    rank: float


def lesson_search(*, user, query: str, limit: int = 50) -> list[Found]:
    """The lessons `user` may find whose texts hold every word of `query` in some Swedish
    form ("läsfrämjande" finds "läsfrämjandet"), best match first."""
    lessons = findable_lessons(user)
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(
            "assessment__item__title",
            "assessment__done",
            "assessment__results",
            "assessment__improvements",
            config="swedish",
        )
        search = SearchQuery(query, config="swedish", search_type="plain")
        found = (
            lessons.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-pk")[:limit]
        )
        return [Found(lesson, float(lesson.rank)) for lesson in found]
    matches = sqlite_matches(query)
    if not matches:
        return []
    by_id = lessons.in_bulk([lesson_id for lesson_id, _rank in matches])
    found = [Found(by_id[i], rank) for i, rank in matches if i in by_id]
    return found[:limit]
