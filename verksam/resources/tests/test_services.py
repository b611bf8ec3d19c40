"""Writing budget lines and outcomes: locks, duplicates, history, concurrent edits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from verksam.core.models import ChangeRecord
from verksam.core.services import ConcurrentEdit
from verksam.followup.tests.builders import make_round
from verksam.resources.models import BudgetLine, Outcome
from verksam.resources.services import (
    budget_line_delete,
    budget_line_save,
    outcome_versions,
    outcomes_record,
)
from verksam.resources.tests.builders import make_line

pytestmark = pytest.mark.django_db


def _item(plan):
    item = plan.items.get(depth=1)
    item.plan = plan
    return item


def test_it_adds_a_line_and_records_it_in_the_items_history(personas):
    item = _item(personas.draft_plan)
    line = budget_line_save(
        user=personas.editor, item=item, kind="media", year=2026, amount=45000, note=" Inköp "
    )
    assert (line.kind, line.amount, line.note) == ("media", 45000, "Inköp")
    record = ChangeRecord.objects.get(object_type__icontains="budget", object_id=line.pk)
    assert (record.plan_id, record.item_id, record.action) == (item.plan_id, item.pk, "create")


def test_it_refuses_a_second_line_of_the_same_kind_and_year_naming_the_field(personas):
    item = _item(personas.draft_plan)
    make_line(item, "staff", 100, 2026)
    with pytest.raises(ValidationError) as error:
        budget_line_save(user=personas.editor, item=item, kind="staff", year=2026, amount=5)
    assert "kind" in error.value.message_dict
    assert BudgetLine.objects.filter(item=item).count() == 1


def test_it_refuses_a_year_outside_the_plans_period(personas):
    item = _item(personas.draft_plan)
    with pytest.raises(ValidationError) as error:
        budget_line_save(user=personas.editor, item=item, kind="staff", year=2031, amount=5)
    assert "year" in error.value.message_dict


def test_it_refuses_changes_to_an_adopted_plans_budget(personas):
    item = _item(personas.published_plan)
    with pytest.raises(PermissionDenied):
        budget_line_save(user=personas.editor, item=item, kind="staff", year=2025, amount=5)
    # Even without the permission check (the demo, a command), the plan's one lock holds.
    with pytest.raises(ValidationError) as error:
        budget_line_save(user=None, item=item, kind="staff", year=2025, amount=5)
    assert error.value.code == "locked"
    assert not BudgetLine.objects.exists()


def test_it_refuses_a_reporter(personas):
    with pytest.raises(PermissionDenied):
        budget_line_save(
            user=personas.reporter,
            item=_item(personas.draft_plan),
            kind="staff",
            year=2026,
            amount=5,
        )


def test_it_refuses_an_edit_of_a_line_someone_else_changed(personas):
    item = _item(personas.draft_plan)
    line = make_line(item, "staff", 100, 2026)
    budget_line_save(
        user=personas.editor,
        item=item,
        kind="staff",
        year=2026,
        amount=200,
        line=line,
        expected_version=1,
    )
    stale = BudgetLine.objects.get(pk=line.pk)
    with pytest.raises(ConcurrentEdit):
        budget_line_save(
            user=personas.editor,
            item=item,
            kind="staff",
            year=2026,
            amount=300,
            line=stale,
            expected_version=1,
        )
    assert BudgetLine.objects.get(pk=line.pk).amount == 200


def test_it_deletes_a_line_and_keeps_it_in_history(personas):
    item = _item(personas.draft_plan)
    line = make_line(item, "other", 77, 2026)
    pk = line.pk
    line.item = item
    budget_line_delete(user=personas.editor, line=line)
    assert not BudgetLine.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(object_id=pk, action="delete")
    assert record.data["amount"] == 77


def test_it_records_the_outcome_per_kind_in_an_open_round(personas):
    plan = personas.published_plan
    item = _item(plan)
    followup_round = make_round(plan)
    outcomes_record(
        user=personas.reporter,
        followup_round=followup_round,
        item=item,
        amounts={"staff": 1200, "media": 300, "premises": None, "other": None},
        note="Sommarlovsläsning",
    )
    saved = {o.kind: o.amount for o in Outcome.objects.filter(round=followup_round, item=item)}
    assert saved == {"staff": 1200, "media": 300}
    # Recorded again: media cleared, staff changed, nothing else written twice.
    versions = outcome_versions({o.kind: o for o in Outcome.objects.filter(item=item)})
    outcomes_record(
        user=personas.reporter,
        followup_round=followup_round,
        item=item,
        amounts={"staff": 1500, "media": None},
        expected_versions=versions,
    )
    saved = {o.kind: o.amount for o in Outcome.objects.filter(round=followup_round, item=item)}
    assert saved == {"staff": 1500}
    assert ChangeRecord.objects.filter(item_id=item.pk, action="delete").count() == 1


def test_it_keeps_each_rounds_outcome_apart(personas):
    plan = personas.published_plan
    item = _item(plan)
    first = make_round(plan, "T1", period_end=datetime.date(2025, 4, 30), rhythm="tertial")
    second = make_round(plan, "T2", period_end=datetime.date(2025, 8, 31), rhythm="tertial")
    outcomes_record(user=personas.editor, followup_round=first, item=item, amounts={"staff": 10})
    outcomes_record(user=personas.editor, followup_round=second, item=item, amounts={"staff": 25})
    assert Outcome.objects.get(round=first).amount == 10
    assert Outcome.objects.get(round=second).amount == 25


def test_it_refuses_outcomes_in_a_closed_round_and_from_readers(personas):
    plan = personas.published_plan
    item = _item(plan)
    followup_round = make_round(plan)
    with pytest.raises(PermissionDenied):
        outcomes_record(
            user=personas.reader, followup_round=followup_round, item=item, amounts={"staff": 1}
        )
    followup_round.is_closed = True
    followup_round.save()
    with pytest.raises(ValidationError):
        outcomes_record(
            user=personas.editor, followup_round=followup_round, item=item, amounts={"staff": 1}
        )
    assert not Outcome.objects.exists()


def test_it_refuses_an_outcome_someone_else_recorded_meanwhile(personas):
    plan = personas.published_plan
    item = _item(plan)
    followup_round = make_round(plan)
    loaded = outcome_versions({})
    outcomes_record(
        user=personas.editor, followup_round=followup_round, item=item, amounts={"staff": 1}
    )
    with pytest.raises(ConcurrentEdit):
        outcomes_record(
            user=personas.reporter,
            followup_round=followup_round,
            item=item,
            amounts={"staff": 2},
            expected_versions=loaded,
        )
    assert Outcome.objects.get().amount == 1
