"""The shared lessons in the open-data API: the same search and rules as the lessons page.

Only lessons their organisation shared, of approved follow-up, of plans the caller
may read, are found, counted or quoted; scanning notes and evaluations only when
shared, or by the members of their organisation.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, PageQuery, page_schema
from verksam.lessons import selectors
from verksam.lessons.selectors import LessonFilters

router = Router(tags=["lessons"])

#: The most lessons a search ranks; pages are cut from those.
SEARCH_LIMIT = 500


class LessonOut(Schema):
    kind: str = Field(
        description="lesson (a shared follow-up), scanning (an environmental-scanning note) "
        "or evaluation (a short evaluation)."
    )
    id: int = Field(description="The lesson's number, or the note's.")
    title: str = Field(description="The item's title, or the note's.")
    organisation: str
    organisation_id: int
    item_id: int | None = None
    item_title: str | None = None
    plan_id: int | None = None
    plan_title: str | None = None
    round: str | None = None
    done: str = ""
    results: str = Field("", description="Results and analysis.")
    improvements: str = Field("", description="Improvements and next steps.")
    text: str = Field("", description="A note's text.")
    sources: list[str] = Field([], description="A note's sources: web addresses or references.")
    year: int | None = Field(None, description="A note's year.")
    shared: bool = Field(True, description="False for a note only its organisation reads.")
    method: str
    priority_groups: list[str]
    shared_at: str = Field(description="When the lesson was shared, or the note last changed.")
    rank: float | None = Field(None, description="Relevance when searching; higher is better.")


class LessonFiltersIn(Schema):
    q: str = Field("", max_length=200, description="Words to find, in any Swedish form.")
    county: str = Field("", pattern=r"^(|\d{2})$", description="A county's code, e.g. 08.")
    kind: str = Field("", max_length=20, description="A kind of organisation.")
    priority_group: str = Field("", max_length=20)
    method: str = Field("", max_length=12)
    year: int | None = Field(None, ge=1900, le=2200)
    focus_area: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="An item of a regional library plan at the focus-area level: lessons of "
        "items contributing to it, directly or through a chain of links, and notes tagged "
        "with it.",
    )


LessonPage = page_schema("LessonPage", LessonOut)


def _out(found) -> dict:
    if found.note is not None:
        note = found.note
        return {
            "kind": note.kind,
            "id": note.pk,
            "title": note.title,
            "organisation": note.organisation.name,
            "organisation_id": note.organisation_id,
            "text": note.text,
            "sources": note.source_lines,
            "year": note.year,
            "shared": note.is_shared,
            "method": note.method,
            "priority_groups": [tag.priority_group for tag in note.priority_groups.all()],
            "shared_at": note.updated_at.isoformat(),
            "rank": found.rank,
        }
    lesson = found.lesson
    assessment = lesson.assessment
    return {
        "kind": "lesson",
        "id": lesson.pk,
        "title": assessment.item.title,
        "organisation": assessment.round.plan.organisation.name,
        "organisation_id": assessment.round.plan.organisation_id,
        "item_id": assessment.item_id,
        "item_title": assessment.item.title,
        "plan_id": assessment.round.plan_id,
        "plan_title": assessment.round.plan.title,
        "round": assessment.round.name,
        "done": assessment.done,
        "results": assessment.results,
        "improvements": assessment.improvements,
        "method": lesson.method,
        "priority_groups": [tag.priority_group for tag in lesson.priority_groups.all()],
        "shared_at": lesson.shared_at.isoformat(),
        "rank": found.rank,
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
        focus_area=filters.focus_area,
    )
    if filters.q.strip():
        rows = selectors.lesson_search(
            user=request.user, query=filters.q, filters=chosen, limit=SEARCH_LIMIT
        )
    else:
        rows = selectors.lesson_list(user=request.user, filters=chosen, limit=None)
    window = rows[page.offset : page.offset + page.limit]
    return {
        "count": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_out(found) for found in window],
    }
