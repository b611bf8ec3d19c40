"""Finding shared lessons: only what its organisation shared and what the reader may read."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from verksam.followup.choices import AssessmentState
from verksam.lessons.models import Lesson
from verksam.lessons.search import sqlite_matches, uses_postgres
from verksam.organisations.areas import all_areas
from verksam.organisations.models import Organisation
from verksam.plans.permissions import visible_plans


@dataclass(frozen=True)
class LessonFilters:
    """What a search may be narrowed to; an empty value narrows nothing."""

    county_code: str = ""  # "08": lessons of organisations in Kalmar County
    organisation_kind: str = ""  # an OrganisationKind value
    priority_group: str = ""  # a PriorityGroup value the lesson is tagged with
    method: str = ""  # a LessonMethod value
    year: int | None = None  # the year the follow-up round's period starts


def findable_lessons(user, filters: LessonFilters | None = None) -> QuerySet[Lesson]:
    """The lessons `user` may find: shared, still approved, of a plan the user may read,
    narrowed by `filters`."""
    lessons = Lesson.objects.filter(
        assessment__state=AssessmentState.APPROVED,
        assessment__round__plan__in=visible_plans(user).values("pk"),
    ).select_related(
        "assessment__item", "assessment__round__plan__organisation", "assessment__round"
    )
    filters = filters or LessonFilters()
    if filters.county_code:
        lessons = lessons.filter(_in_county(filters.county_code))
    if filters.organisation_kind:
        lessons = lessons.filter(
            assessment__round__plan__organisation__kind=filters.organisation_kind
        )
    if filters.priority_group:
        lessons = lessons.filter(
            pk__in=Lesson.objects.filter(
                priority_groups__priority_group=filters.priority_group
            ).values("pk")
        )
    if filters.method:
        lessons = lessons.filter(method=filters.method)
    if filters.year:
        lessons = lessons.filter(assessment__round__period_start__year=filters.year)
    return lessons


def _in_county(county_code: str) -> Q:
    """Lessons of the organisations in a county: below a region with the county's code or
    below a municipality of the county (by Statistics Sweden's list of areas)."""
    municipalities = [
        area.code
        for area in all_areas()
        if area.is_municipality and area.county_code == county_code
    ]
    paths = Organisation.objects.filter(
        Q(county_code=county_code) | Q(municipality_code__in=municipalities)
    ).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(assessment__round__plan__organisation__path__startswith=path)
    return condition


@dataclass
class Found:
    """A lesson found by a search, with its rank (higher is better)."""

    lesson: Lesson
    rank: float


def lesson_search(
    *, user, query: str, filters: LessonFilters | None = None, limit: int = 50
) -> list[Found]:
    """The lessons `user` may find whose texts hold every word of `query` in some Swedish
    form ("läsfrämjande" finds "läsfrämjandet"), best match first."""
    lessons = findable_lessons(user, filters)
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
