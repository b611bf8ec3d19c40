"""Reads of planning models and of a plan's progress through its model, in a fixed
number of queries however many steps, items and plans there are."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel, PlanningStep
from verksam.planning.permissions import visible_models
from verksam.plans.models import Item, Plan


@dataclass
class StepProgress:
    """One step of a plan's model and how far the plan has come with it."""

    step: PlanningStep
    number: int
    item_count: int
    marked_done: bool

    @property
    def is_complete(self) -> bool:
        """A step is complete when the plan has an item written in it or it is marked done."""
        return self.item_count > 0 or self.marked_done


@dataclass
class PlanProgress:
    """A plan's model and its steps, each with whether it is complete."""

    plan: Plan
    model: PlanningModel
    steps: list[StepProgress] = field(default_factory=list)

    @property
    def complete_count(self) -> int:
        return sum(1 for step in self.steps if step.is_complete)

    @property
    def next_step(self) -> StepProgress | None:
        """The first step not yet complete, where the editor goes on."""
        return next((step for step in self.steps if not step.is_complete), None)

    @property
    def has_perspectives(self) -> bool:
        return any(step.step.perspective for step in self.steps)

    def step_number(self, number: int) -> StepProgress | None:
        if 1 <= number <= len(self.steps):
            return self.steps[number - 1]
        return None


def model_list(user) -> QuerySet[PlanningModel]:
    """The models the user may read, with their organisation and number of steps."""
    return (
        visible_models(user)
        .select_related("organisation")
        .annotate(step_count=Count("steps"))
        .order_by("organisation__path", "name")
    )


def model_steps(model: PlanningModel) -> list[PlanningStep]:
    steps = list(model.steps.order_by("position", "pk"))
    for step in steps:
        step.model = model
    return steps


def plan_progress(plan: Plan) -> PlanProgress | None:
    """The plan's progress through its model, or None when it follows none (4 queries)."""
    choice = PlanFollowsModel.objects.select_related("model").filter(plan_id=plan.pk).first()
    if choice is None:
        return None
    model = choice.model
    done = set(choice.steps_done.values_list("pk", flat=True))
    counts = dict(
        ItemStep.objects.filter(item__plan_id=plan.pk)
        .values_list("step_id")
        .annotate(count=Count("pk"))
        .values_list("step_id", "count")
    )
    progress = PlanProgress(plan=plan, model=model)
    for number, step in enumerate(model_steps(model), start=1):
        progress.steps.append(
            StepProgress(
                step=step,
                number=number,
                item_count=counts.get(step.pk, 0),
                marked_done=step.pk in done,
            )
        )
    return progress


def step_items(plan: Plan, step: PlanningStep) -> list[Item]:
    """The plan's items written in this step, in the plan's order, with their parents."""
    return list(
        Item.objects.filter(plan=plan, planning_step__step=step)
        .select_related("parent")
        .order_by("parent__position", "position", "pk")
    )


def parent_choices(plan: Plan, step: PlanningStep) -> QuerySet[Item]:
    """The items a step's new item may go under: the plan's items at the level above."""
    if step.level <= 1:
        return Item.objects.none()
    return plan.items.filter(depth=step.level - 2).order_by("parent__position", "position", "pk")
