"""Writes to planning models and to a plan's walk through its model.

Plans and items are created through the plan services (`plan_create`, `item_create`),
so the plan's lock, validation and history apply as everywhere else; this module adds
only what is kept beside them: which model a plan follows, the step and perspective
of each item written in a step, and the steps an editor marked done.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, full_row, snapshot
from verksam.core.text import in_sentence
from verksam.organisations.models import Organisation
from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel, PlanningStep
from verksam.plans.models import Item, Plan
from verksam.plans.restore import write_rows
from verksam.plans.services import item_create, plan_create, require_editable


@transaction.atomic
def planning_model_create(
    *,
    user,
    organisation: Organisation | None,
    name: str,
    level_names: Sequence[str],
    description: str = "",
) -> PlanningModel:
    """Define a model for an organisation (or, with no organisation, a built-in one)."""
    model = PlanningModel(
        organisation=organisation,
        name=name,
        description=description,
        level_names=[level.strip() for level in level_names],
    )
    model.full_clean()
    model.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=model)
    return model


@transaction.atomic
def planning_model_update(
    *, user, model: PlanningModel, expected_version: int | None = None, **fields
) -> PlanningModel:
    """Change a model's name, description or levels; its steps must still find their level."""
    check_version(model, expected_version=expected_version)
    allowed = {"name", "description", "level_names"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"planning_model_update got unexpected fields: {sorted(unknown)}")
    before = snapshot(model)
    for name, value in fields.items():
        setattr(model, name, value)
    model.full_clean()
    deepest = model.steps.aggregate(deepest=Max("level"))["deepest"]
    if deepest is not None and deepest > len(model.level_names):
        raise ValidationError(
            {
                "level_names": _(
                    "A step writes at level %(level)d; the model needs at least that many levels."
                )
                % {"level": deepest}
            }
        )
    model.version = F("version") + 1
    model.save(update_fields=[*fields, "version", "updated_at"])
    model.refresh_from_db()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=model, data=before)
    return model


@transaction.atomic
def planning_step_create(
    *,
    user,
    model: PlanningModel,
    title: str,
    question: str,
    guidance: str = "",
    level: int = 1,
    perspective: str = "",
) -> PlanningStep:
    """Add a step last in the model."""
    last = model.steps.aggregate(last=Max("position"))["last"]
    step = PlanningStep(
        model=model,
        position=0 if last is None else last + 1,
        title=title,
        question=question.strip(),
        guidance=guidance.strip(),
        level=level,
        perspective=perspective,
    )
    step.full_clean()
    step.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=step)
    return step


@transaction.atomic
def planning_step_update(
    *, user, step: PlanningStep, expected_version: int | None = None, **fields
) -> PlanningStep:
    """Change a step's texts, level or perspective (items already written keep theirs)."""
    check_version(step, expected_version=expected_version)
    allowed = {"title", "question", "guidance", "level", "perspective"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"planning_step_update got unexpected fields: {sorted(unknown)}")
    before = snapshot(step)
    for name, value in fields.items():
        setattr(step, name, value.strip() if isinstance(value, str) else value)
    step.full_clean()
    step.version = F("version") + 1
    step.save(update_fields=[*fields, "version", "updated_at"])
    step.refresh_from_db()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=step, data=before)
    return step


@transaction.atomic
def planning_step_move(*, user, step: PlanningStep, steps: int) -> PlanningStep:
    """Move a step earlier (negative) or later (positive) among the model's steps."""
    ordered = list(step.model.steps.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == step.pk)
    target = max(0, min(len(ordered) - 1, index + steps))
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered):
        if other.position != position:
            PlanningStep.objects.filter(pk=other.pk).update(position=position)
    step.position = target
    change_record(user=user, action=ChangeRecord.Action.MOVE, obj=step)
    return step


@transaction.atomic
def planning_step_delete(*, user, step: PlanningStep) -> None:
    """Remove a step in which no plan has written anything yet."""
    if ItemStep.objects.filter(step=step).exists():
        raise ValidationError(
            _("Plans have items written in the step “%(title)s”, so it cannot be removed.")
            % {"title": step.title}
        )
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=step)
    model = step.model
    step.delete()
    for position, pk in enumerate(
        model.steps.order_by("position", "pk").values_list("pk", flat=True)
    ):
        PlanningStep.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def plan_create_from_model(
    *,
    user,
    model: PlanningModel,
    organisation: Organisation,
    kind: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    summary: str = "",
) -> Plan:
    """Create a draft plan with the model's levels that follows the model step by step."""
    plan = plan_create(
        user=user,
        organisation=organisation,
        kind=kind,
        title=title,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        level_names=model.level_names,
    )
    choice = PlanFollowsModel.objects.create(plan=plan, model=model)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=choice)
    return plan


def _choice(plan: Plan) -> PlanFollowsModel:
    try:
        return PlanFollowsModel.objects.select_related("model").get(plan=plan)
    except PlanFollowsModel.DoesNotExist:
        raise ValidationError(_("The plan does not follow a planning model.")) from None


def _check_step(choice: PlanFollowsModel, step: PlanningStep) -> None:
    if step.model_id != choice.model_id:
        raise ValidationError(_("The step is not one of the plan's planning model."))


@transaction.atomic
def step_item_add(
    *,
    user,
    plan: Plan,
    step: PlanningStep,
    title: str,
    description: str = "",
    parent: Item | None = None,
) -> Item:
    """Write an item in a step: at the step's level, tagged with the step's perspective.

    An item below the top level needs a parent at the level above (the plan's lock and
    levels are checked by `item_create`).
    """
    choice = _choice(plan)
    _check_step(choice, step)
    depth = step.level - 1
    if depth > 0 and (parent is None or parent.depth != depth - 1):
        raise ValidationError(
            {
                "parent": _("Choose the %(level)s the new item belongs under.")
                % {"level": in_sentence(plan.level_name(depth - 1))}
            }
        )
    if depth == 0:
        parent = None
    item = item_create(user=user, plan=plan, title=title, description=description, parent=parent)
    written = ItemStep.objects.create(item=item, step=step, perspective=step.perspective)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=written)
    return item


@transaction.atomic
def step_mark_done(*, user, plan: Plan, step: PlanningStep, done: bool = True) -> None:
    """Mark a step of a draft plan's model done (or not), e.g. one answered in the text."""
    require_editable(plan)
    choice = _choice(plan)
    _check_step(choice, step)
    before = {"steps_done": sorted(choice.steps_done.values_list("pk", flat=True))}
    if done:
        choice.steps_done.add(step)
    else:
        choice.steps_done.remove(step)
    after = {"steps_done": sorted(choice.steps_done.values_list("pk", flat=True))}
    change_record(
        user=user, action=ChangeRecord.Action.UPDATE, obj=choice, data=before, after=after
    )


# Kept with items: deleted and restored with them, copied to a revised plan ------------------


def item_steps_kept(ids: list[int]) -> dict[str, list[dict]]:
    """The steps the items `ids` were written in, as a deletion keeps them."""
    rows = ItemStep.objects.filter(item_id__in=ids).order_by("id")
    return {"planning_item_steps": [full_row(row) for row in rows]}


def item_steps_write_back(plan: Plan, content: dict, item_ids: dict[int, int]) -> None:
    """Write the kept steps of restored items back, where the step still exists."""
    rows = content.get("planning_item_steps", [])
    present = set(
        PlanningStep.objects.filter(pk__in=[row["step_id"] for row in rows]).values_list(
            "pk", flat=True
        )
    )
    write_rows(ItemStep, [row for row in rows if row["step_id"] in present], {"item_id": item_ids})


def item_steps_copy(plan: Plan, copies: dict[int, Item]) -> None:
    """A copy of the plan (a new version) follows the same model, its items the same steps."""
    choice = PlanFollowsModel.objects.filter(plan=plan).first()
    if choice is None or not copies:
        return
    new_plan_id = next(iter(copies.values())).plan_id
    new_choice, _created = PlanFollowsModel.objects.get_or_create(
        plan_id=new_plan_id, defaults={"model_id": choice.model_id}
    )
    new_choice.steps_done.set(choice.steps_done.all())
    ItemStep.objects.bulk_create(
        ItemStep(item=copies[row.item_id], step_id=row.step_id, perspective=row.perspective)
        for row in ItemStep.objects.filter(item__plan=plan, item_id__in=list(copies))
    )
