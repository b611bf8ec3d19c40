"""Backups keep which model a plan follows, its steps done and each item's step."""

import datetime
import io
import json
import zipfile

from django.core.management import call_command

from verksam.backup.tests.test_backup import empty_database, export, table_rows
from verksam.planning import services
from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel
from verksam.planning.tests.builders import built_in, make_model

LABELS = (
    "planning.planningmodel",
    "planning.planningstep",
    "planning.planfollowsmodel",
    "planning.planfollowsmodel_steps_done",
    "planning.itemstep",
)


def _plan_by(personas, model):
    plan = services.plan_create_from_model(
        user=personas.editor,
        model=model,
        organisation=personas.home,
        kind="operational_plan",
        title=f"Plan efter {model.name}",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    steps = list(model.steps.order_by("position"))
    services.step_item_add(user=personas.editor, plan=plan, step=steps[0], title="Åtagande")
    services.step_mark_done(user=personas.editor, plan=plan, step=steps[1])
    return plan


def test_it_restores_the_planning_rows_identically(personas, tmp_path):
    _plan_by(personas, built_in())
    _plan_by(personas, make_model(personas.home, user=personas.editor))
    before = table_rows()
    assert all(before[label] for label in LABELS)
    path = export(tmp_path)
    empty_database()
    call_command("import", path, stdout=io.StringIO())
    after = table_rows()
    assert {label: after[label] for label in LABELS} == {label: before[label] for label in LABELS}


def test_an_organisation_export_keeps_a_plan_on_a_built_in_model(personas, tmp_path):
    plan = _plan_by(personas, built_in())
    own = make_model(personas.other, user=personas.outsider, name="Uppsalas modell")
    path = export(tmp_path, "--organisation", str(personas.home.pk))
    with zipfile.ZipFile(path) as archive:

        def rows(label):
            data = archive.read(f"data/{label}.jsonl").decode()
            return [json.loads(line) for line in data.splitlines()]

        names = {row["fields"]["name"] for row in rows("planning.planningmodel")}
        assert own.name not in names
        assert built_in().name in names
        assert [row["fields"]["plan"] for row in rows("planning.planfollowsmodel")] == [plan.pk]
        # A built-in model's steps come along whole, so the restored model is complete.
        assert len(rows("planning.planningstep")) == 8 + 3
        assert len(rows("planning.itemstep")) == 1
    empty_database()
    call_command("import", path, stdout=io.StringIO())
    assert PlanFollowsModel.objects.get(plan_id=plan.pk).model.name == built_in().name
    assert PlanningModel.objects.built_in().count() == 2
    assert built_in().steps.count() == 8
    assert ItemStep.objects.get(item__plan_id=plan.pk).perspective == "Uppdrag och framtid"
    assert PlanFollowsModel.objects.get(plan_id=plan.pk).steps_done.count() == 1
