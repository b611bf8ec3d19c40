"""Planning models and a plan's progress through its model in the open-data API.

The built-in models are open to everyone, an organisation's own to its members, as on
the pages. A plan's progress is shown by the plans' read rules (verksam/plans/
permissions.py): a draft's progress, like the draft, only to the members who read it.
"""

import datetime

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from verksam.core.api import READ_ERRORS, Id, PageQuery, caller, page_schema, paginate
from verksam.planning import selectors
from verksam.planning.models import PlanningModel, PlanningStep
from verksam.planning.permissions import model_for_user, plan_progress_for_user, visible_models

router = Router(tags=["planning"])


class StepOut(Schema):
    id: int
    number: int = Field(description="The step's place in the model, from 1.")
    title: str
    question: str = Field(description="The question the step asks.")
    guidance: str
    level: int = Field(description="The plan level the step writes, 1 for the top.")
    level_name: str
    perspective: str = Field(description="The perspective its items are written from, or empty.")


class PlanningModelOut(Schema):
    id: int
    name: str
    description: str
    built_in: bool = Field(description="Comes with Verksam rather than from an organisation.")
    organisation_id: int | None
    level_names: list[str]
    step_count: int
    updated_at: datetime.datetime


class PlanningModelDetailOut(PlanningModelOut):
    steps: list[StepOut]


class StepProgressOut(Schema):
    step: StepOut
    item_count: int = Field(description="The plan's items written in the step.")
    marked_done: bool = Field(description="Marked done by an editor.")
    complete: bool = Field(description="Has an item, or is marked done.")


class PlanProgressOut(Schema):
    plan_id: int
    model: PlanningModelOut | None = Field(description="Empty when the plan follows no model.")
    complete_count: int
    steps: list[StepProgressOut]


PlanningModelPage = page_schema("PlanningModelPage", PlanningModelOut)


def _step(step: PlanningStep, number: int) -> dict:
    return {
        "id": step.pk,
        "number": number,
        "title": step.title,
        "question": step.question,
        "guidance": step.guidance,
        "level": step.level,
        "level_name": step.level_name(),
        "perspective": step.perspective,
    }


def _model(model: PlanningModel, step_count: int) -> dict:
    return {
        "id": model.pk,
        "name": model.name,
        "description": model.description,
        "built_in": model.is_built_in,
        "organisation_id": model.organisation_id,
        "level_names": model.level_names,
        "step_count": step_count,
        "updated_at": model.updated_at,
    }


@router.get(
    "/planning-models",
    response={200: PlanningModelPage, **READ_ERRORS},
    url_name="planning_model_list",
    summary="List planning models",
)
def planning_model_list(request: HttpRequest, page: Query[PageQuery]):
    models = visible_models(caller(request)).annotate(step_count=Count("steps")).order_by("pk")
    result = paginate(models, page)
    result["items"] = [_model(model, model.step_count) for model in result["items"]]
    return result


@router.get(
    "/planning-models/{model_id}",
    response={200: PlanningModelDetailOut, **READ_ERRORS},
    url_name="planning_model_detail",
    summary="One planning model, with its steps in order",
)
def planning_model_detail(request: HttpRequest, model_id: Id):
    model = model_for_user(caller(request), model_id)
    steps = selectors.model_steps(model)
    return {
        **_model(model, len(steps)),
        "steps": [_step(step, number) for number, step in enumerate(steps, start=1)],
    }


@router.get(
    "/planning-models/{model_id}/steps",
    response={200: list[StepOut], **READ_ERRORS},
    url_name="planning_step_list",
    summary="The steps of a planning model, in order",
)
def planning_step_list(request: HttpRequest, model_id: Id):
    model = model_for_user(caller(request), model_id)
    steps = selectors.model_steps(model)
    return [_step(step, number) for number, step in enumerate(steps, start=1)]


@router.get(
    "/plans/{plan_id}/planning-progress",
    response={200: PlanProgressOut, **READ_ERRORS},
    url_name="plan_planning_progress",
    summary="A plan's progress through its planning model",
)
def plan_planning_progress(request: HttpRequest, plan_id: Id):
    plan = plan_progress_for_user(caller(request), plan_id)  # 404 for a plan not readable
    progress = selectors.plan_progress(plan)
    if progress is None:
        return {"plan_id": plan.pk, "model": None, "complete_count": 0, "steps": []}
    return {
        "plan_id": plan.pk,
        "model": _model(progress.model, len(progress.steps)),
        "complete_count": progress.complete_count,
        "steps": [
            {
                "step": _step(entry.step, entry.number),
                "item_count": entry.item_count,
                "marked_done": entry.marked_done,
                "complete": entry.is_complete,
            }
            for entry in progress.steps
        ],
    }
