"""An item's budget goes with it: kept when it is deleted, back when it is restored, and
copied onto a revised plan's new draft (through plans.restore's item parts)."""

import pytest

from verksam.followup.tests.builders import make_round
from verksam.plans.services import item_delete, item_restore, plan_revise
from verksam.resources.models import BudgetLine, Outcome
from verksam.resources.tests.builders import make_line, make_outcome

pytestmark = pytest.mark.django_db


def test_it_restores_a_deleted_items_budget_lines_and_outcomes(personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    make_line(item, "media", 45_000, 2026)
    make_outcome(make_round(plan), item, "media", 40_000)
    item_id = item.pk
    item_delete(user=personas.editor, item=item)
    assert not BudgetLine.objects.exists() and not Outcome.objects.exists()
    restored = item_restore(user=personas.admin, plan=plan, item_id=item_id)
    assert BudgetLine.objects.get(item=restored).amount == 45_000
    assert Outcome.objects.get(item=restored).amount == 40_000


def test_it_copies_the_budget_onto_a_revised_plans_draft_but_not_the_outcomes(personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    make_line(item, "staff", 300_000, 2025)
    make_outcome(make_round(plan, closed=True), item, "staff", 310_000)
    draft = plan_revise(user=personas.admin, plan=plan)
    copied = BudgetLine.objects.get(item__plan=draft)
    assert (copied.kind, copied.year, copied.amount) == ("staff", 2025, 300_000)
    assert copied.item.title == item.title
    assert BudgetLine.objects.get(item=item).amount == 300_000  # the adopted one unchanged
    assert not Outcome.objects.filter(item__plan=draft).exists()
