"""Rolling a plan into the next period: what the preview offers and what confirming makes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.followup.rollover.selectors import is_unfinished, proposal_title, rollover_preview
from verksam.followup.rollover.services import plan_rollover
from verksam.followup.tests.rollover_builders import make_year_behind
from verksam.indicators.models import ItemIndicator, Target
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution, Plan

pytestmark = pytest.mark.django_db

YEAR = 2026
TODAY = datetime.date(YEAR, 12, 3)


def _confirm(personas, world, *, proposals=()):
    preview = rollover_preview(world.plan, today=TODAY)
    return plan_rollover(
        user=personas.editor,
        plan=world.plan,
        items=preview.initial_items(),
        links=preview.initial_links(),
        proposals=proposals,
        today=TODAY,
    )


def test_it_sorts_the_items_into_structure_carried_and_finished(personas):
    world = make_year_behind(personas.home, YEAR)

    preview = rollover_preview(world.plan, today=TODAY)

    assert [row.item for row in preview.structure] == [world.focus]
    assert [row.item for row in preview.carried] == [world.ongoing, world.silent]
    assert [row.item for row in preview.finished] == [world.done]
    assert preview.followup_round == world.followup_round
    assert (preview.title, preview.period_start) == (
        "Verksamhetsplan 2027",
        datetime.date(2027, 1, 1),
    )


def test_it_lists_links_whose_target_plan_ends_before_the_new_period_and_does_not_keep_them(
    personas,
):
    world = make_year_behind(personas.home, YEAR)

    preview = rollover_preview(world.plan, today=TODAY)
    successor = _confirm(personas, world)

    assert [row.link for row in preview.links_kept] == [world.kept_link]
    assert [row.link for row in preview.links_dropped] == [world.dropped_link]
    links = Contribution.objects.filter(source__plan=successor)
    assert [(link.source.title, link.target) for link in links] == [
        ("Läsfrämjande", world.kept_link.target)
    ]
    carried = successor.items.get(title=world.ongoing.title)
    assert not carried.outgoing_contributions.exists()


def test_it_moves_the_baseline_on_to_the_years_latest_value_and_sets_no_targets(personas):
    world = make_year_behind(personas.home, YEAR)

    successor = _confirm(personas, world)

    use = ItemIndicator.objects.get(item__plan=successor)
    assert use.indicator_id == world.use.indicator_id
    # The year's value, not the last tertial's that ends the same day, nor the old baseline.
    assert (use.baseline, use.baseline_label) == (Decimal(55), str(YEAR))
    assert not Target.objects.filter(item_indicator=use).exists()
    assert Target.objects.filter(item_indicator=world.use).count() == 1


def test_it_keeps_the_old_baseline_when_nothing_was_measured_in_the_year(personas):
    world = make_year_behind(personas.home, YEAR)
    world.use.indicator.measurements.all().delete()

    preview = rollover_preview(world.plan, today=TODAY)

    (move,) = preview.structure[0].indicators
    assert (move.baseline, move.baseline_label, move.measured) == (
        Decimal(40),
        str(YEAR - 1),
        False,
    )


def test_it_carries_unfinished_activities_marked_and_leaves_finished_ones(personas):
    world = make_year_behind(personas.home, YEAR)

    successor = _confirm(personas, world)

    items = {item.title: item for item in successor.items.all()}
    assert set(items) == {world.focus.title, world.ongoing.title, world.silent.title}
    assert items[world.ongoing.title].carried_from_year == YEAR
    with translation.override("sv"):
        assert items[world.silent.title].carried_label == f"Överförd från {YEAR}"
    assert items[world.focus.title].carried_from_year is None
    assert items[world.ongoing.title].parent == items[world.focus.title]
    assert successor.status == PlanStatus.DRAFT
    assert successor.activity_from_level == 2


def test_it_adds_a_ticked_improvement_as_an_item_beside_its_activity(personas):
    world = make_year_behind(personas.home, YEAR)
    preview = rollover_preview(world.plan, today=TODAY)
    (proposal,) = preview.proposals
    assert proposal.title == "Nätverket fortsätter med fokus på minoritetsspråken."
    assert proposal.parent == world.focus

    successor = _confirm(personas, world, proposals=[proposal.pk])

    item = successor.items.get(title=proposal.title)
    assert item.parent == successor.items.get(title=world.focus.title)
    assert "Mer text." in item.description
    assert item.carried_from_year is None


def test_it_leaves_out_what_the_editor_untickes(personas):
    world = make_year_behind(personas.home, YEAR)

    successor = plan_rollover(
        user=personas.editor,
        plan=world.plan,
        items=[world.focus.pk, world.silent.pk],
        links=[],
        today=TODAY,
    )

    assert sorted(successor.items.values_list("title", flat=True)) == sorted(
        [world.focus.title, world.silent.title]
    )
    assert not Contribution.objects.filter(source__plan=successor).exists()


def test_it_records_the_new_plan_in_the_history_and_changes_nothing_of_the_old(personas):
    world = make_year_behind(personas.home, YEAR)
    items_before = world.plan.items.count()

    successor = _confirm(personas, world)

    assert ChangeRecord.objects.filter(
        action=ChangeRecord.Action.CREATE, plan_id=successor.pk, item_id=None
    ).exists()
    assert world.plan.items.count() == items_before
    assert Contribution.objects.filter(pk=world.dropped_link.pk).exists()


def test_it_refuses_to_make_the_same_plan_twice(personas):
    world = make_year_behind(personas.home, YEAR)
    _confirm(personas, world)

    with pytest.raises(ValidationError) as error:
        _confirm(personas, world)

    assert error.value.code == "exists"
    assert Plan.objects.filter(title="Verksamhetsplan 2027").count() == 1


def test_it_counts_an_activity_as_unfinished_unless_done_or_stopped():
    from verksam.followup.stored import StoredStatus

    def status(goal, own=None):
        return StoredStatus(1, goal, "own", own, 0, 0, ())

    assert is_unfinished(None)
    assert is_unfinished(status("partly_met", "ongoing"))
    assert is_unfinished(status("not_assessed"))
    assert not is_unfinished(status("met", "done"))
    assert not is_unfinished(status("not_met", "stopped"))


def test_it_shortens_a_long_improvement_at_a_word_for_the_title():
    title = proposal_title("\n" + "ord " * 100)

    assert len(title) <= 200
    assert title.endswith("ord…")
