"""The shared lessons in the open-data API: the same search and rules as the lessons page.

Only lessons their organisation shared, of approved follow-up, of plans the caller
may read, are found, counted or quoted.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, PageQuery, page_schema
from verksam.lessons.selectors import LessonFilters, findable_lessons, lesson_search

router = Router(tags=["lessons"])

#: The most lessons a search ranks; pages are cut from those.
SEARCH_LIMIT = 500


class LessonOut(Schema):
    id: int
    item_id: int
    item_title: str
    plan_id: int
    plan_title: str
    organisation: str
    round: str
    done: str
    results: str = Field(description="Results and analysis.")
    improvements: str = Field(description="Improvements and next steps.")
    method: str
    priority_groups: list[str]
    shared_at: str
    rank: float | None = Field(None, description="Relevance when searching; higher is better.")


class LessonFiltersIn(Schema):
    q: str = Field("", max_length=200, description="Words to find, in any Swedish form.")
    county: str = Field("", pattern=r"^(|\d{2})$", description="A county's code, e.g. 08.")
    kind: str = Field("", max_length=20, description="A kind of organisation.")
    priority_group: str = Field("", max_length=20)
    method: str = Field("", max_length=12)
    year: int | None = Field(None, ge=1900, le=2200)


LessonPage = page_schema("LessonPage", LessonOut)


def _out(lesson, rank: float | None) -> dict:
    assessment = lesson.assessment
    return {
        "id": lesson.pk,
        "item_id": assessment.item_id,
        "item_title": assessment.item.title,
        "plan_id": assessment.round.plan_id,
        "plan_title": assessment.round.plan.title,
        "organisation": assessment.round.plan.organisation.name,
        "round": assessment.round.name,
        "done": assessment.done,
        "results": assessment.results,
        "improvements": assessment.improvements,
        "method": lesson.method,
        "priority_groups": [tag.priority_group for tag in lesson.priority_groups.all()],
        "shared_at": lesson.shared_at.isoformat(),
        "rank": rank,
    }


@router.get(
    "/lessons",
    response={200: LessonPage, **READ_ERRORS},
    url_name="lesson_list",
    summary="Search the shared lessons",
)
def lesson_list(request: HttpRequest, filters: Query[LessonFiltersIn], page: Query[PageQuery]):
    chosen = LessonFilters(
        county_code=filters.county,
        organisation_kind=filters.kind,
        priority_group=filters.priority_group,
        method=filters.method,
        year=filters.year,
    )
    if filters.q.strip():
        found = lesson_search(
            user=request.user, query=filters.q, filters=chosen, limit=SEARCH_LIMIT
        )
        rows = [(item.lesson, item.rank) for item in found]
    else:
        lessons = findable_lessons(request.user, chosen).prefetch_related("priority_groups")
        rows = [(lesson, None) for lesson in lessons.order_by("-shared_at", "-pk")]
    window = rows[page.offset : page.offset + page.limit]
    return {
        "count": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_out(lesson, rank) for lesson, rank in window],
    }
