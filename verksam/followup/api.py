"""The API of follow-up: rounds, assessments, and a plan's follow-up as a download.

What a caller sees is decided as on the follow-up pages: the rounds of every
plan the caller may read (verksam.plans.permissions); approved assessments for
everyone who reads the plan, and drafts, submitted and returned ones only for
members of the plan's organisation and for those who report on the item
(verksam.followup.permissions.can_see_unapproved and can_report_on).
Assessments are written through the same service as the form,
verksam.followup.services.assessment_save, with its rules: closed rounds take
no reports, submitted and approved assessments are locked, and the status must
be of the item's scale.
"""

import csv
import datetime
import enum
import io
from dataclasses import dataclass, field
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from verksam.core.api import (
    MAX_ID,
    READ_ERRORS,
    WRITE_AUTH,
    WRITE_ERRORS,
    Id,
    PageQuery,
    caller,
    expected_version,
    page_schema,
    paginate,
    text_of,
    version_conflict,
    version_conflict_schema,
)
from verksam.core.downloads import content_disposition, file_name_of
from verksam.core.services import ConcurrentEdit, VersionRequired
from verksam.followup import rollup, services, stored
from verksam.followup.choices import STATUS_CHOICES, AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.permissions import (
    can_report_on,
    can_see_unapproved,
    item_in_round,
    round_for_user,
    visible_assessments,
)
from verksam.plans.api import ItemOut, PlanDetailOut, readable_plans
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import plan_for_user, visible_plans
from verksam.plans.selectors import tree_order

router = Router(tags=["follow-up"])

#: Every status an assessment can hold: the goal scale and the activity scale.
AssessmentStatus = enum.StrEnum(
    "AssessmentStatus", {value.upper(): value for value, _label in STATUS_CHOICES}
)


# Rounds -----------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    plan_id: int
    name: str
    rhythm: Rhythm
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    is_year_end: bool = Field(description="The last round of the year: it takes no forecast.")
    is_closed: bool = Field(description="A closed round takes no more reports.")


RoundPage = page_schema("RoundPage", RoundOut)


class RoundFilters(Schema):
    plan: Id | None = None


@router.get(
    "/rounds",
    response={200: RoundPage, **READ_ERRORS},
    url_name="round_list",
    summary="List follow-up rounds",
)
def round_list(request: HttpRequest, filters: Query[RoundFilters], page: Query[PageQuery]):
    rounds = FollowUpRound.objects.filter(
        plan__in=visible_plans(caller(request)).values("pk")
    ).order_by("plan_id", "period_end", "period_start", "id")
    if filters.plan:
        rounds = rounds.filter(plan_id=filters.plan)
    return paginate(rounds, page)


# Assessments ------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    plan_id: int
    round_id: int
    item_id: int
    status: AssessmentStatus
    forecast: AssessmentStatus | None = Field(description="Expected status at the year's end.")
    progress: int | None = Field(description="How far the work has come, 0 to 100 (%).")
    done: str = Field(description="What was done.")
    results: str = Field(description="Results and analysis.")
    improvements: str = Field(description="Improvements and next steps.")
    state: AssessmentState
    submitted_at: datetime.datetime | None
    is_late: bool = Field(description="Submitted after the round's due date.")
    approved_at: datetime.datetime | None
    version: int = Field(description="Send it back when you change the assessment.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan_id(assessment: Assessment) -> int:
        return assessment.round.plan_id

    @staticmethod
    def resolve_forecast(assessment: Assessment) -> str | None:
        return assessment.forecast or None


AssessmentPage = page_schema("AssessmentPage", AssessmentOut)


class AssessmentFilters(Schema):
    plan: Id | None = None
    round: Id | None = None
    item: Id | None = None
    status: AssessmentStatus | None = None
    state: AssessmentState | None = None


@router.get(
    "/assessments",
    response={200: AssessmentPage, **READ_ERRORS},
    url_name="assessment_list",
    summary="List assessments of items in rounds",
)
def assessment_list(
    request: HttpRequest, filters: Query[AssessmentFilters], page: Query[PageQuery]
):
    assessments = visible_assessments(caller(request)).order_by(
        "round__plan_id", "round__period_end", "round_id", "item_id", "id"
    )
    if filters.plan:
        assessments = assessments.filter(round__plan_id=filters.plan)
    if filters.round:
        assessments = assessments.filter(round_id=filters.round)
    if filters.item:
        assessments = assessments.filter(item_id=filters.item)
    if filters.status:
        assessments = assessments.filter(status=filters.status)
    if filters.state:
        assessments = assessments.filter(state=filters.state)
    return paginate(assessments, page)


Version = Annotated[int, Field(ge=1, le=MAX_ID)]
DoneText = text_of(Assessment, "done")
ResultsText = text_of(Assessment, "results")
ImprovementsText = text_of(Assessment, "improvements")


class AssessmentIn(Schema):
    status: AssessmentStatus = Field(description="A status of the item's scale.")
    forecast: AssessmentStatus | None = Field(
        None, description="Expected status at the year's end; not in a year-end round."
    )
    progress: int | None = Field(None, ge=0, le=100)
    done: DoneText = ""
    results: ResultsText = ""
    improvements: ImprovementsText = ""
    version: Version | None = Field(
        None,
        description=(
            "The version you read (or send If-Match); needed to change an existing "
            "assessment, which is refused if someone saved after it."
        ),
    )
    submit: bool = Field(False, description="true: submit it for approval; false: a draft.")


class AssessmentSubmitIn(Schema):
    version: Version | None = Field(
        None,
        description="The version you read; the submission is refused if someone saved after it.",
    )


AssessmentConflictOut = version_conflict_schema("AssessmentConflictOut", AssessmentOut)
#: A write refused because of its version: stale in the body (409) or If-Match (412), or missing.
VERSION_ERRORS = dict.fromkeys((409, 412, 428), AssessmentConflictOut)


def _save_or_conflict(request: HttpRequest, data, followup_round, item, **values):
    """Save through the service with the version the caller read; a change needs one."""
    version, from_header = expected_version(request, data.version)
    try:
        return services.assessment_save(
            followup_round=followup_round,
            item=item,
            expected_version=version,
            require_version=True,
            **values,
        )
    except (ConcurrentEdit, VersionRequired) as error:
        current = Assessment.objects.select_related("round").get(round=followup_round, item=item)
        return version_conflict(
            error, version=version, from_header=from_header, yours=data, current=current
        )


def _item_to_report_on(user, round_id: int, item_id: int):
    """The round and the item if the user may report on the item, otherwise 404."""
    plan_id = FollowUpRound.objects.filter(pk=round_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    followup_round = round_for_user(user, plan_id, round_id)
    item = item_in_round(followup_round, item_id)
    if not can_report_on(user, item):
        raise Http404
    return followup_round, item


@router.put(
    "/rounds/{round_id}/items/{item_id}/assessment",
    response={200: AssessmentOut, **WRITE_ERRORS, **VERSION_ERRORS},
    auth=WRITE_AUTH,
    url_name="assessment_save",
    summary="Write the assessment of an item in a round",
)
def assessment_save(request: HttpRequest, round_id: Id, item_id: Id, data: AssessmentIn):
    """Create or change the assessment of an item in a round, as a draft or submitted.

    For those who report on the item. A closed round, or an assessment that is
    submitted or approved, refuses the change (422). Changing an existing
    assessment needs the version you read (`version`, or `If-Match: "3"`):
    without it 428, and 409 (412 with If-Match) when someone saved after it,
    with both versions in the answer.
    """
    user = caller(request)
    followup_round, item = _item_to_report_on(user, round_id, item_id)
    return _save_or_conflict(
        request,
        data,
        followup_round,
        item,
        user=user,
        status=data.status,
        forecast=data.forecast or "",
        progress=data.progress,
        done=data.done,
        results=data.results,
        improvements=data.improvements,
        submit=data.submit,
    )


@router.post(
    "/rounds/{round_id}/items/{item_id}/assessment/submit",
    response={200: AssessmentOut, **WRITE_ERRORS, **VERSION_ERRORS},
    auth=WRITE_AUTH,
    url_name="assessment_submit",
    summary="Submit the assessment of an item in a round for approval",
)
def assessment_submit(request: HttpRequest, round_id: Id, item_id: Id, data: AssessmentSubmitIn):
    """Submit the saved draft (or returned assessment) as it is, for the version you read."""
    user = caller(request)
    followup_round, item = _item_to_report_on(user, round_id, item_id)
    assessment = Assessment.objects.filter(round=followup_round, item=item).first()
    if assessment is None:
        raise Http404
    return _save_or_conflict(
        request,
        data,
        followup_round,
        item,
        user=user,
        status=assessment.status,
        forecast=assessment.forecast,
        progress=assessment.progress,
        done=assessment.done,
        results=assessment.results,
        improvements=assessment.improvements,
        submit=True,
    )


# Downloads of a plan and its follow-up ----------------------------------------------------


@dataclass
class FollowUp:
    """An item in one round: its own assessment, when the caller may see it, and its
    rolled-up status (verksam.followup.rollup), which counts approved assessments only."""

    round: FollowUpRound
    assessment: Assessment | None
    derivation: stored.StoredStatus | None


@dataclass
class DownloadRow:
    item: Item
    outline: str
    followups: list[FollowUp] = field(default_factory=list)


@dataclass
class PlanDownload:
    plan: Plan
    rounds: list[FollowUpRound]
    rows: list[DownloadRow]


def _outline_numbers(items: list[Item]) -> dict[int, str]:
    """Each item's place in the plan's tree as "1", "1.2", "1.2.3" …, for readers of a file."""
    numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for item in items:  # in reading order: a parent before its children
        counters[item.parent_id] = counters.get(item.parent_id, 0) + 1
        prefix = numbers.get(item.parent_id, "") if item.parent_id else ""
        number = str(counters[item.parent_id])
        numbers[item.pk] = f"{prefix}.{number}" if prefix else number
    return numbers


def plan_download(user, plan_id: int) -> PlanDownload:
    """A plan, its items in reading order and their follow-up in every round, as the
    user may see them; 404 for a plan the user may not read. Constant queries."""
    plan_for_user(user, plan_id)
    plan = readable_plans(user).prefetch_related("sections", "decisions").get(pk=plan_id)
    items = list(
        plan.items.select_related("responsible_organisation").prefetch_related(
            "tags", "responsible_people"
        )
    )
    for item in items:
        item.plan = plan
    items = tree_order(items)
    rounds = list(plan.rounds.order_by("period_end", "period_start", "id"))
    every_id = [item.pk for item in items]
    derivations = stored.statuses(dict.fromkeys(rounds, every_id))
    show_unapproved = can_see_unapproved(user, plan)
    assessments = {(a.round_id, a.item_id): a for a in Assessment.objects.filter(round__plan=plan)}
    outline = _outline_numbers(items)
    rows = []
    for item in items:
        reporter = user.is_authenticated and can_report_on(user, item)
        row = DownloadRow(item=item, outline=outline[item.pk])
        for followup_round in rounds:
            followup_round.plan = plan
            assessment = assessments.get((followup_round.pk, item.pk))
            if assessment is not None and not (
                show_unapproved or reporter or assessment.state == AssessmentState.APPROVED
            ):
                assessment = None
            row.followups.append(
                FollowUp(
                    round=followup_round,
                    assessment=assessment,
                    derivation=derivations.get(followup_round.pk, {}).get(item.pk),
                )
            )
        rows.append(row)
    return PlanDownload(plan=plan, rounds=rounds, rows=rows)


class FollowUpOut(Schema):
    round_id: int
    status: AssessmentStatus | None = Field(description="The item's own assessment's status.")
    forecast: AssessmentStatus | None
    progress: int | None
    done: str
    results: str
    improvements: str
    state: AssessmentState | None = Field(description="null: no assessment you may see.")
    derived_status: GoalStatus = Field(description="The rolled-up status (docs/rollup.md).")
    derived_from: rollup.Source = Field(
        description="assessment: its own approved assessment; derived: the items below it "
        "and its indicators; none: nothing to go on."
    )

    @staticmethod
    def from_followup(followup: FollowUp) -> dict:
        assessment, derivation = followup.assessment, followup.derivation
        return {
            "round_id": followup.round.pk,
            "status": assessment.status if assessment else None,
            "forecast": (assessment.forecast or None) if assessment else None,
            "progress": assessment.progress if assessment else None,
            "done": assessment.done if assessment else "",
            "results": assessment.results if assessment else "",
            "improvements": assessment.improvements if assessment else "",
            "state": assessment.state if assessment else None,
            "derived_status": derivation.status if derivation else GoalStatus.NOT_ASSESSED,
            "derived_from": derivation.source if derivation else rollup.Source.NONE,
        }


class DownloadItemOut(ItemOut):
    outline: str = Field(description='The item\'s place in the tree: "1", "1.2", "1.2.3" …')
    followup: list[FollowUpOut] = Field(description="One entry per round, in the rounds' order.")

    @staticmethod
    def resolve_outline(item: Item) -> str:
        return item.download_row.outline

    @staticmethod
    def resolve_followup(item: Item) -> list[dict]:
        return [FollowUpOut.from_followup(f) for f in item.download_row.followups]


class PlanDownloadOut(Schema):
    generated_at: datetime.datetime
    plan: PlanDetailOut
    rounds: list[RoundOut]
    items: list[DownloadItemOut] = Field(description="Every item, in reading order.")


def _file_name(plan: Plan, extension: str) -> str:
    """E.g. "Verksamhetsplan-2025-Kalmar-stadsbibliotek.csv", with å, ä and ö kept."""
    return file_name_of(
        plan.title, plan.organisation.name, extension=extension, empty=f"plan-{plan.pk}"
    )


@router.get(
    "/plans/{plan_id}/download.json",
    response={200: PlanDownloadOut, **READ_ERRORS},
    url_name="plan_download_json",
    summary="Download a plan and its follow-up as JSON",
)
def plan_download_json(request: HttpRequest, plan_id: Id, response: HttpResponse):
    download = plan_download(caller(request), plan_id)
    for row in download.rows:
        row.item.download_row = row
    response["Content-Disposition"] = content_disposition(_file_name(download.plan, "json"))
    return {
        "generated_at": timezone.now(),
        "plan": download.plan,
        "rounds": download.rounds,
        "items": [row.item for row in download.rows],
    }


#: The CSV file's separator: Excel set to Swedish reads a semicolon as the column
#: separator, because the comma is the decimal separator there.
CSV_DELIMITER = ";"

PLAN_COLUMNS = [
    ("plan_id", lambda p: p.pk),
    ("plan_title", lambda p: p.title),
    ("plan_kind", lambda p: p.kind),
    ("plan_status", lambda p: p.status),
    ("plan_period_start", lambda p: p.period_start.isoformat()),
    ("plan_period_end", lambda p: p.period_end.isoformat()),
    ("organisation_id", lambda p: p.organisation_id),
    ("organisation_name", lambda p: p.organisation.name),
]

ITEM_COLUMNS = [
    ("item_id", lambda row: row.item.pk),
    ("item_outline", lambda row: row.outline),
    ("item_parent_id", lambda row: row.item.parent_id or ""),
    ("item_depth", lambda row: row.item.depth),
    ("item_level", lambda row: row.item.level_name),
    ("item_title", lambda row: row.item.title),
    ("item_description", lambda row: row.item.description),
    (
        "item_responsible_organisation",
        lambda row: (
            row.item.responsible_organisation.name if row.item.responsible_organisation else ""
        ),
    ),
    ("item_start_date", lambda row: row.item.start_date.isoformat() if row.item.start_date else ""),
    ("item_end_date", lambda row: row.item.end_date.isoformat() if row.item.end_date else ""),
    ("item_tags", lambda row: ", ".join(str(tag) for tag in row.item.tags.all())),
]

ROUND_COLUMNS = [
    "round_id",
    "round_name",
    "round_period_end",
    "status",
    "forecast",
    "progress",
    "done",
    "results",
    "improvements",
    "state",
    "derived_status",
]


def _round_values(followup: FollowUp) -> list:
    data = FollowUpOut.from_followup(followup)
    return [
        followup.round.pk,
        followup.round.name,
        followup.round.period_end.isoformat(),
        data["status"] or "",
        data["forecast"] or "",
        "" if data["progress"] is None else data["progress"],
        data["done"],
        data["results"],
        data["improvements"],
        data["state"] or "",
        data["derived_status"],
    ]


#: Text cells beginning with these could be taken for a formula by a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A value as a cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe, so that opening a downloaded file never runs what somebody wrote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def plan_download_csv_text(download: PlanDownload) -> str:
    """One row per item: the plan's columns, the item's, then per round (1, 2 …) its follow-up."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    header = [name for name, _value in PLAN_COLUMNS] + [name for name, _value in ITEM_COLUMNS]
    for number in range(1, len(download.rounds) + 1):
        header += [f"round{number}_{name.removeprefix('round_')}" for name in ROUND_COLUMNS]
    writer.writerow(header)
    plan_values = [value(download.plan) for _name, value in PLAN_COLUMNS]
    for row in download.rows:
        values = plan_values + [value(row) for _name, value in ITEM_COLUMNS]
        for followup in row.followups:
            values += _round_values(followup)
        writer.writerow([_cell(value) for value in values])
    return buffer.getvalue()


@router.get(
    "/plans/{plan_id}/download.csv",
    # The 200 answer is a file, not JSON: it is described in openapi_extra.
    response=READ_ERRORS,
    url_name="plan_download_csv",
    summary="Download a plan and its follow-up as CSV",
    openapi_extra={
        "responses": {
            "200": {
                "description": "UTF-8 with a byte order mark, separated by semicolons.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def plan_download_csv(request: HttpRequest, plan_id: Id):
    download = plan_download(caller(request), plan_id)
    # The byte order mark makes Excel read the file as UTF-8 (å, ä, ö).
    content = "\ufeff" + plan_download_csv_text(download)
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(_file_name(download.plan, "csv"))
    return response
