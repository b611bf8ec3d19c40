"""The stored statuses always agree with the roll-up rule, whatever changes and in what order.

A hypothesis state machine applies random sequences of the changes that are inputs
of the rule to a plan tree with rounds, indicators, targets and measured values
(assessments approved, returned and reopened; rounds created, closed and deleted;
items created, moved, deleted and restored; indicators put on items and taken off,
targets set, values measured and imported, thresholds changed). After each step,
with the refresh that follows a commit having run, every stored row equals what the
rule derives now and no plan is left marked.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from verksam.followup import rollup, stored
from verksam.followup.choices import STATUS_CHOICES, AssessmentState, Rhythm
from verksam.followup.models import (
    Assessment,
    FollowUpRound,
    FollowUpSettings,
    ItemStatus,
    StaleRollup,
)
from verksam.followup.tests.builders import make_round
from verksam.indicators.choices import Direction
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.indicators.tests.builders import make_indicator
from verksam.plans.models import Item
from verksam.testing import make_item, make_organisation, make_plan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STATUSES = [value for value, _label in STATUS_CHOICES]
ROUNDS = [
    ("T1", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)),
    ("Halvår", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
    ("Helår", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
]


def _stored_rows(plan) -> dict:
    return {
        (row.round_id, row.item_id): row.status
        for row in ItemStatus.objects.filter(round__plan=plan)
    }


def _live(plan) -> dict:
    rounds = list(plan.rounds.all())
    derived = rollup.plan_rollup_rounds(plan, rounds)
    return {
        (round_id, item_id): derivation.status
        for round_id, by_item in derived.items()
        for item_id, derivation in by_item.items()
    }


class StoredRollup(RuleBasedStateMachine):
    """A plan, changed at random through the writes that are inputs of the rule."""

    def __init__(self) -> None:
        super().__init__()
        self.organisation = make_organisation("Biblioteken i Teststad")
        self.plan = make_plan(self.organisation)
        self.indicator = make_indicator("Fysiska besök", direction=Direction.HIGHER_IS_BETTER)
        self.deleted: list[tuple[dict, list[dict]]] = []
        top = make_item(self.plan, "Fokus")
        make_item(self.plan, "Mål", parent=top)

    # The plan as it is now
    def items(self) -> list[Item]:
        return list(self.plan.items.order_by("pk"))

    def rounds(self) -> list[FollowUpRound]:
        return list(self.plan.rounds.order_by("pk"))

    # Items
    @rule(data=st.data())
    def create_item(self, data):
        items = [item for item in self.items() if item.depth < 2]
        parent = data.draw(st.sampled_from([None, *items]))
        make_item(self.plan, "Ny post", parent=parent)

    @precondition(lambda self: self.plan.items.count() > 1)
    @rule(data=st.data())
    def move_item(self, data):
        item = data.draw(st.sampled_from(self.items()))
        below = {item.pk}
        for other in self.items():  # ids in creation order: a child comes after its parent
            if other.parent_id in below:
                below.add(other.pk)
        parents = [o for o in self.items() if o.pk not in below and o.depth == 0]
        parent = data.draw(st.sampled_from([None, *parents]))
        item.parent = parent
        item.depth = 0 if parent is None else 1
        item.save()
        Item.objects.filter(parent=item).update(depth=item.depth + 1)

    @precondition(lambda self: self.plan.items.exists())
    @rule(data=st.data())
    def delete_item(self, data):
        item = data.draw(st.sampled_from(self.items()))
        if item.children.exists():
            item.delete()
            return
        row = {"title": item.title, "parent_id": item.parent_id, "depth": item.depth}
        assessments = list(Assessment.objects.filter(item=item).values("round_id", "status"))
        item.delete()
        self.deleted.append((row, assessments))

    @precondition(lambda self: bool(self.deleted))
    @rule()
    def restore_item(self):
        row, assessments = self.deleted.pop()
        if row["parent_id"] and not Item.objects.filter(pk=row["parent_id"]).exists():
            row = {**row, "parent_id": None, "depth": 0}
        item = Item.objects.create(plan=self.plan, position=99, **row)
        for assessment in assessments:
            if FollowUpRound.objects.filter(pk=assessment["round_id"]).exists():
                Assessment.objects.create(item=item, state=AssessmentState.APPROVED, **assessment)

    # Rounds
    @rule(which=st.sampled_from(ROUNDS))
    def create_round(self, which):
        name, start, end = which
        FollowUpRound.objects.get_or_create(
            plan=self.plan,
            period_start=start,
            period_end=end,
            defaults={"name": name, "rhythm": "custom", "due_date": end},
        )

    @precondition(lambda self: self.plan.rounds.exists())
    @rule(data=st.data())
    def close_round(self, data):
        followup_round = data.draw(st.sampled_from(self.rounds()))
        followup_round.is_closed = not followup_round.is_closed
        followup_round.save()

    @precondition(lambda self: self.plan.rounds.exists())
    @rule(data=st.data())
    def delete_round(self, data):
        data.draw(st.sampled_from(self.rounds())).delete()

    # Assessments
    @precondition(lambda self: self.plan.rounds.exists() and self.plan.items.exists())
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def approve(self, data, status):
        followup_round = data.draw(st.sampled_from(self.rounds()))
        item = data.draw(st.sampled_from(self.items()))
        assessment, _created = Assessment.objects.get_or_create(round=followup_round, item=item)
        assessment.status = status
        assessment.state = AssessmentState.SUBMITTED
        assessment.save()
        assessment = Assessment.objects.get(pk=assessment.pk)
        assessment.state = AssessmentState.APPROVED
        assessment.save()

    @precondition(lambda self: Assessment.objects.filter(round__plan=self.plan).exists())
    @rule(data=st.data(), back=st.sampled_from([AssessmentState.RETURNED, "delete"]))
    def return_or_reopen(self, data, back):
        assessment = data.draw(
            st.sampled_from(list(Assessment.objects.filter(round__plan=self.plan).order_by("pk")))
        )
        if back == "delete":
            assessment.delete()
        else:
            assessment.state = back
            assessment.save()

    # Indicators, targets, measured values, thresholds
    @precondition(lambda self: self.plan.items.exists())
    @rule(data=st.data(), baseline=st.none() | st.integers(0, 50))
    def put_indicator(self, data, baseline):
        item = data.draw(st.sampled_from(self.items()))
        ItemIndicator.objects.get_or_create(
            item=item,
            indicator=self.indicator,
            organisation=self.organisation,
            defaults={"baseline": baseline},
        )

    @precondition(lambda self: ItemIndicator.objects.filter(item__plan=self.plan).exists())
    @rule(data=st.data())
    def take_indicator_off(self, data):
        uses = list(ItemIndicator.objects.filter(item__plan=self.plan).order_by("pk"))
        data.draw(st.sampled_from(uses)).delete()

    @precondition(lambda self: ItemIndicator.objects.filter(item__plan=self.plan).exists())
    @rule(data=st.data(), which=st.sampled_from(ROUNDS), value=st.integers(1, 200))
    def set_target(self, data, which, value):
        uses = list(ItemIndicator.objects.filter(item__plan=self.plan).order_by("pk"))
        _name, start, end = which
        Target.objects.update_or_create(
            item_indicator=data.draw(st.sampled_from(uses)),
            period_start=start,
            period_end=end,
            defaults={"value": Decimal(value)},
        )

    @rule(which=st.sampled_from(ROUNDS), value=st.integers(0, 200), imported=st.booleans())
    def measure(self, which, value, imported):
        _name, start, end = which
        if imported:  # as an import writes it
            Measurement.objects.update_or_create(
                indicator=self.indicator,
                organisation=self.organisation,
                period_start=start,
                period_end=end,
                defaults={"value": Decimal(value)},
            )
            return
        found = Measurement.objects.filter(
            indicator=self.indicator, organisation=self.organisation, period_start=start
        ).filter(period_end=end)
        if found.exists():
            found.get().delete()
        else:
            Measurement.objects.create(
                indicator=self.indicator,
                organisation=self.organisation,
                period_start=start,
                period_end=end,
                value=Decimal(value),
            )

    @rule(met=st.integers(50, 150), partly=st.integers(0, 50))
    def change_thresholds(self, met, partly):
        FollowUpSettings.objects.update_or_create(
            organisation=self.organisation,
            defaults={"met_threshold": met, "partly_met_threshold": partly},
        )

    @invariant()
    def every_stored_status_is_the_rules(self):
        assert not StaleRollup.objects.filter(plan_id=self.plan.pk).exists()
        assert _stored_rows(self.plan) == _live(self.plan)
        assert stored.write_statuses([self.plan.pk], dry_run=True) == []


def test_it_keeps_every_stored_status_equal_to_the_rule():
    # Each step runs in autocommit (a transactional test), so the refresh that follows a
    # commit runs after every write, as it does for a request.
    StoredRollup.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    StoredRollup.TestCase().runTest()


def test_it_reports_every_row_that_differs_and_rebuilds_it(capsys):
    organisation = make_organisation("Biblioteken i Annanstad")
    plan = make_plan(organisation)
    item = make_item(plan, "Fokus")
    followup_round = make_round(
        plan,
        "Helår",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    Assessment.objects.create(
        round=followup_round, item=item, status="met", state=AssessmentState.APPROVED
    )
    ItemStatus.objects.filter(item=item).update(status="not_met")  # past the rule

    call_command("rollup", "--rebuild", "--verify")

    out = capsys.readouterr().out
    assert f"round {followup_round.pk} item {item.pk}: stored not_met" in out
    assert "after the rebuild: 0 differences" in out
    assert ItemStatus.objects.get(item=item).status == "met"


@pytest.mark.django_db
def test_it_reads_the_same_statuses_by_the_rounds_as_by_the_items():
    from verksam.followup.tests.builders import make_round

    plan = make_plan(make_organisation("Biblioteken i Villastad"))
    focus = make_item(plan, "Fokus")
    goal = make_item(plan, "Mål", parent=focus)
    followup_round = make_round(plan)
    Assessment.objects.create(
        round=followup_round, item=goal, status="not_met", state=AssessmentState.APPROVED
    )
    stored.refresh_stale([plan.pk])  # as after the commit
    assert not StaleRollup.objects.filter(plan_id=plan.pk).exists()

    by_items = stored.statuses({followup_round: [goal.pk]}, only_status=True)
    by_rounds = stored.statuses({followup_round: [goal.pk]}, only_status=True, many=True)

    assert by_rounds == by_items == {followup_round.pk: {goal.pk: "not_met"}}


@pytest.mark.django_db
def test_it_gives_postgresqls_planner_the_stored_rows_statistics_after_a_rebuild():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        stored.rollup_rebuild()

    analyzed = any(q["sql"].startswith("ANALYZE") for q in queries.captured_queries)
    assert analyzed == (connection.vendor == "postgresql")
