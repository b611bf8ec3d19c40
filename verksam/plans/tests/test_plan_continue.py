"""Tests of plan_continue: next period's plan as a draft copy, and the titles it gets."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from verksam.organisations.choices import Role
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, PlanSection
from verksam.plans.services import period_title, plan_continue
from verksam.testing import error_codes, make_item, make_member, make_organisation, make_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "old", "new", "expected"),
    [
        ("Verksamhetsplan 2026", (2026, 2026), (2027, 2027), "Verksamhetsplan 2027"),
        (
            "Biblioteksplan 2024–2027 för länet",
            (2024, 2027),
            (2028, 2031),
            "Biblioteksplan 2028–2031 för länet",
        ),
        ("Plan 2025–2026", (2025, 2026), (2026, 2027), "Plan 2026–2027"),
        (
            "Regional biblioteksplan",
            (2022, 2025),
            (2026, 2029),
            "Regional biblioteksplan 2026–2029",
        ),
        ("Uppdrag", (2026, 2026), (2027, 2027), "Uppdrag 2027"),
    ],
)
def test_it_moves_the_years_of_a_title_to_the_new_period(title, old, new, expected):
    assert period_title(title, old=old, new=new) == expected


def test_it_starts_next_years_plan_as_a_draft_copy_derived_from_the_same_plans():
    library = make_organisation()
    editor = make_member(library, Role.EDITOR)
    regional = make_plan(library, title="Biblioteksplan", kind=PlanKind.LIBRARY_PLAN)
    goal = make_item(regional, "Fler läser")
    plan = make_plan(library, status=PlanStatus.ADOPTED)
    plan.derived_from.set([regional])
    PlanSection.objects.create(plan=plan, kind="vision", title="Vision", body="Alla läser.")
    focus = make_item(plan, "Läsfrämjande")
    activity = make_item(plan, "Bokprat", parent=focus)
    Contribution.objects.create(source=activity, target=goal)

    successor = plan_continue(user=editor, plan=plan)

    assert successor.title == "Verksamhetsplan 2027"
    assert successor.status == PlanStatus.DRAFT
    assert (successor.period_start, successor.period_end) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert successor.previous_version is None
    assert list(successor.derived_from.all()) == [regional]
    assert list(successor.sections.values_list("title", "body")) == [("Vision", "Alla läser.")]
    copied = successor.items.get(title="Bokprat")
    assert copied.parent.title == "Läsfrämjande"
    assert list(copied.contributes_to.all()) == [goal]
    assert plan.items.count() == 2


def test_it_refuses_to_continue_an_archived_plan():
    library = make_organisation()
    editor = make_member(library, Role.EDITOR)
    plan = make_plan(library, status=PlanStatus.ARCHIVED)

    with pytest.raises(ValidationError) as raised:
        plan_continue(user=editor, plan=plan)

    assert error_codes(raised.value) == {"archived"}
