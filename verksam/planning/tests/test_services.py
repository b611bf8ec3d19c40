"""Writing a plan by a model: items at the step's level with its perspective, steps done."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from verksam.core.models import ChangeRecord
from verksam.planning import services
from verksam.planning.models import ItemStep, PlanFollowsModel
from verksam.planning.selectors import plan_progress
from verksam.planning.tests.builders import FOCUS_AREAS, built_in, make_model
from verksam.plans.services import plan_adopt


def _plan(personas, model):
    return services.plan_create_from_model(
        user=personas.editor,
        model=model,
        organisation=personas.home,
        kind="operational_plan",
        title="Verksamhetsplan 2027",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )


def test_it_creates_a_draft_plan_with_the_models_levels(personas):
    model = built_in()
    plan = _plan(personas, model)
    assert plan.is_draft
    assert plan.level_names == ["Åtagande", "Aktivitet"]
    assert PlanFollowsModel.objects.get(plan=plan).model == model


def test_it_writes_a_steps_item_at_its_level_with_its_perspective(personas):
    model = built_in()
    plan = _plan(personas, model)
    steps = list(model.steps.order_by("position"))
    economic = steps[3]
    commitment = services.step_item_add(
        user=personas.editor, plan=plan, step=economic, title="Nya intäktskällor"
    )
    assert commitment.depth == 0
    assert ItemStep.objects.get(item=commitment).perspective == "Ekonomiska resurser"
    activity = services.step_item_add(
        user=personas.editor,
        plan=plan,
        step=steps[-1],
        title="Samarbete med näringslivet",
        parent=commitment,
    )
    assert activity.depth == 1 and activity.parent == commitment
    records = ChangeRecord.objects.filter(plan_id=plan.pk, object_type="planning.itemstep")
    assert records.count() == 2


def test_it_asks_for_a_parent_below_the_top_level(personas):
    model = built_in(FOCUS_AREAS)
    plan = _plan(personas, model)
    goals = model.steps.get(level=2)
    with pytest.raises(ValidationError) as error:
        services.step_item_add(user=personas.editor, plan=plan, step=goals, title="Ett mål")
    assert "parent" in error.value.message_dict
    assert not plan.items.exists()


def test_it_refuses_a_step_of_another_model(personas):
    plan = _plan(personas, built_in())
    other = built_in(FOCUS_AREAS).steps.first()
    with pytest.raises(ValidationError):
        services.step_item_add(user=personas.editor, plan=plan, step=other, title="Fel")


def test_it_counts_a_step_complete_with_an_item_or_marked_done(personas):
    model = built_in()
    plan = _plan(personas, model)
    steps = list(model.steps.order_by("position"))
    services.step_item_add(user=personas.editor, plan=plan, step=steps[0], title="Framtid")
    services.step_mark_done(user=personas.editor, plan=plan, step=steps[2])
    progress = plan_progress(plan)
    assert [entry.is_complete for entry in progress.steps] == [True, False, True] + [False] * 5
    assert progress.next_step.number == 2
    services.step_mark_done(user=personas.editor, plan=plan, step=steps[2], done=False)
    assert not plan_progress(plan).steps[2].is_complete


def test_it_keeps_an_adopted_plans_steps_as_they_were(personas):
    model = built_in()
    plan = _plan(personas, model)
    step = model.steps.order_by("position").first()
    services.step_item_add(user=personas.editor, plan=plan, step=step, title="Åtagande")
    plan_adopt(
        user=personas.admin, plan=plan, decided_on=datetime.date(2026, 12, 1), body="Nämnden"
    )
    with pytest.raises(ValidationError):
        services.step_mark_done(user=personas.editor, plan=plan, step=step)
    with pytest.raises(ValidationError):
        services.step_item_add(user=personas.editor, plan=plan, step=step, title="Till")
    assert plan.items.count() == 1


def test_it_refuses_to_remove_a_step_with_items(personas):
    model = make_model(personas.home, user=personas.editor)
    plan = _plan(personas, model)
    step = model.steps.order_by("position").first()
    services.step_item_add(user=personas.editor, plan=plan, step=step, title="Något")
    with pytest.raises(ValidationError):
        services.planning_step_delete(user=personas.editor, step=step)
    assert model.steps.count() == 2


def test_it_refuses_fewer_levels_than_the_steps_use(personas):
    model = make_model(personas.home, user=personas.editor)
    with pytest.raises(ValidationError) as error:
        services.planning_model_update(
            user=personas.editor, model=model, level_names=["Perspektiv"]
        )
    assert "level_names" in error.value.message_dict
    model.refresh_from_db()
    assert model.level_names == ["Perspektiv", "Åtagande"]


def test_it_moves_a_step(personas):
    model = make_model(personas.home, user=personas.editor, steps=3)
    last = model.steps.order_by("position").last()
    services.planning_step_move(user=personas.editor, step=last, steps=-2)
    assert list(model.steps.order_by("position").values_list("title", flat=True)) == [
        "Steg 3",
        "Steg 1",
        "Steg 2",
    ]


def test_it_keeps_an_items_step_when_it_is_deleted_and_restored(personas):
    from verksam.plans.services import item_delete, item_restore

    model = built_in()
    plan = _plan(personas, model)
    step = model.steps.order_by("position")[3]
    item = services.step_item_add(user=personas.editor, plan=plan, step=step, title="Intäkter")
    item_id = item.pk
    item_delete(user=personas.editor, item=item)
    assert not ItemStep.objects.exists()
    item_restore(user=personas.editor, plan=plan, item_id=item_id)
    restored = ItemStep.objects.get(item__plan=plan)
    assert (restored.step, restored.perspective) == (step, "Ekonomiska resurser")


def test_it_carries_the_model_and_the_steps_to_a_new_version(personas):
    from verksam.plans.services import plan_revise

    model = built_in()
    plan = _plan(personas, model)
    steps = list(model.steps.order_by("position"))
    services.step_item_add(user=personas.editor, plan=plan, step=steps[0], title="Uppdraget")
    services.step_mark_done(user=personas.editor, plan=plan, step=steps[1])
    plan_adopt(
        user=personas.admin, plan=plan, decided_on=datetime.date(2026, 12, 1), body="Nämnden"
    )
    revision = plan_revise(user=personas.editor, plan=plan)
    progress = plan_progress(revision)
    assert progress.model == model
    assert [entry.is_complete for entry in progress.steps[:3]] == [True, True, False]
    assert plan_progress(plan).complete_count == 2  # the adopted version is unchanged
