"""Finding shared lessons and notes: only what its organisation shared and what the
reader may read.

One search covers the follow-ups shared as lessons and the scanning notes and
evaluations: the same Swedish stemming, the same filters and one ranking. A note not
shared is found only by the members of its organisation (lessons.permissions
.readable_notes); a lesson only when its plan may be read.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from verksam.followup.choices import AssessmentState
from verksam.lessons.models import Lesson, Note
from verksam.lessons.permissions import readable_notes
from verksam.lessons.search import NOTE_INDEX_TABLE, sqlite_matches, uses_postgres
from verksam.organisations.areas import all_areas
from verksam.organisations.models import Organisation
from verksam.plans.chain import MAX_CHAIN_DEPTH
from verksam.plans.choices import PlanKind
from verksam.plans.models import Contribution, Item
from verksam.plans.permissions import visible_plans


@dataclass(frozen=True)
class LessonFilters:
    """What a search may be narrowed to; an empty value narrows nothing."""

    county_code: str = ""  # "08": lessons of organisations in Kalmar County
    organisation_kind: str = ""  # an OrganisationKind value
    priority_group: str = ""  # a PriorityGroup value the lesson is tagged with
    method: str = ""  # a LessonMethod value
    year: int | None = None  # the year the follow-up round's period starts (a note's year)
    focus_area: int | None = None  # an item of a regional plan at the focus-area level

    @property
    def any(self) -> bool:
        """Whether anything is narrowed."""
        return bool(
            self.county_code
            or self.organisation_kind
            or self.priority_group
            or self.method
            or self.year
            or self.focus_area
        )


def focus_areas_for(user) -> QuerySet[Item]:
    """The focus areas a search may be narrowed to: the top-level items of the regional
    library plans the user may read, with their plans and organisations (one query)."""
    return (
        Item.objects.filter(
            depth=0,
            plan__kind=PlanKind.REGIONAL_LIBRARY_PLAN,
            plan__in=visible_plans(user).values("pk"),
        )
        .select_related("plan__organisation")
        .order_by("plan__organisation__name", "-plan__period_start", "plan_id", "position", "pk")
    )


def serving_items(user, focus_area_id: int) -> set[int]:
    """The items that serve a focus area: itself and every item contributing to it,
    directly or through a chain of contributes-to links (at most ``MAX_CHAIN_DEPTH``),
    following only links from plans the user may read; empty when the user may not
    read the focus area. One query per link of the chain."""
    if not focus_areas_for(user).filter(pk=focus_area_id).exists():
        return set()
    readable = visible_plans(user).values("pk")
    found = {focus_area_id}
    frontier = {focus_area_id}
    for _level in range(MAX_CHAIN_DEPTH):
        sources = set(
            Contribution.objects.filter(target_id__in=frontier, source__plan__in=readable)
            .values_list("source_id", flat=True)
            .distinct()
        )
        frontier = sources - found
        if not frontier:
            break
        found |= frontier
    return found


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
    if filters.focus_area:
        lessons = lessons.filter(assessment__item_id__in=serving_items(user, filters.focus_area))
    return lessons


def findable_notes(user, filters: LessonFilters | None = None) -> QuerySet[Note]:
    """The notes `user` may find: every shared one, and the unshared ones of the user's
    own organisations (lessons.permissions.readable_notes), narrowed by `filters`."""
    notes = readable_notes(user).select_related("organisation")
    filters = filters or LessonFilters()
    if filters.county_code:
        notes = notes.filter(_in_county(filters.county_code, prefix="organisation__"))
    if filters.organisation_kind:
        notes = notes.filter(organisation__kind=filters.organisation_kind)
    if filters.priority_group:
        notes = notes.filter(
            pk__in=Note.objects.filter(
                priority_groups__priority_group=filters.priority_group
            ).values("pk")
        )
    if filters.method:
        notes = notes.filter(method=filters.method)
    if filters.year:
        notes = notes.filter(year=filters.year)
    if filters.focus_area:
        if not focus_areas_for(user).filter(pk=filters.focus_area).exists():
            return notes.none()
        notes = notes.filter(
            pk__in=Note.objects.filter(focus_areas=filters.focus_area).values("pk")
        )
    return notes


def _in_county(county_code: str, prefix: str = "assessment__round__plan__organisation__") -> Q:
    """Lessons (or notes) of the organisations in a county: below a region with the
    county's code or below a municipality of the county (by Statistics Sweden's list of
    areas)."""
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
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


@dataclass
class Found:
    """A lesson or a note found by a search, with its rank (higher is better, None when
    listed without words)."""

    lesson: Lesson | None = None
    note: Note | None = None
    rank: float | None = None

    @property
    def when(self):
        return self.lesson.shared_at if self.lesson is not None else self.note.updated_at


def lesson_search(
    *, user, query: str, filters: LessonFilters | None = None, limit: int = 50
) -> list[Found]:
    """The lessons and notes `user` may find whose texts hold every word of `query` in
    some Swedish form ("läsfrämjande" finds "läsfrämjandet"), best match first."""
    lessons = findable_lessons(user, filters).prefetch_related("priority_groups")
    notes = findable_notes(user, filters).prefetch_related("priority_groups")
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        search = SearchQuery(query, config="swedish", search_type="plain")
        vector = SearchVector(
            "assessment__item__title",
            "assessment__done",
            "assessment__results",
            "assessment__improvements",
            config="swedish",
        )
        found_lessons = (
            lessons.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-pk")[:limit]
        )
        note_vector = SearchVector("title", "text", "sources", config="swedish")
        found_notes = (
            notes.annotate(document=note_vector, rank=SearchRank(note_vector, search))
            .filter(document=search)
            .order_by("-rank", "-pk")[:limit]
        )
        found = [Found(lesson=lesson, rank=float(lesson.rank)) for lesson in found_lessons]
        found += [Found(note=note, rank=float(note.rank)) for note in found_notes]
    else:
        found = []
        matches = sqlite_matches(query)
        if matches:
            by_id = lessons.in_bulk([lesson_id for lesson_id, _rank in matches])
            found += [Found(lesson=by_id[i], rank=rank) for i, rank in matches if i in by_id]
        note_matches = sqlite_matches(query, table=NOTE_INDEX_TABLE)
        if note_matches:
            by_id = notes.in_bulk([note_id for note_id, _rank in note_matches])
            found += [Found(note=by_id[i], rank=rank) for i, rank in note_matches if i in by_id]
    found.sort(key=lambda one: -one.rank)
    return found[:limit]


def lesson_list(
    *, user, filters: LessonFilters | None = None, limit: int | None = 50
) -> list[Found]:
    """The lessons and notes `user` may find, narrowed by `filters`, newest first (a
    search without words). At most `limit` of each kind are read."""
    lessons = findable_lessons(user, filters).prefetch_related("priority_groups")
    lessons = lessons.order_by("-shared_at", "-pk")
    notes = findable_notes(user, filters).prefetch_related("priority_groups")
    if limit is not None:
        lessons, notes = lessons[:limit], notes[:limit]
    found = [Found(lesson=lesson) for lesson in lessons] + [Found(note=note) for note in notes]
    found.sort(key=lambda one: one.when, reverse=True)
    return found[:limit] if limit is not None else found
