"""Adopting a plan: the board's decision, and the frozen snapshot of the whole plan."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from verksam.indicators.tests.builders import make_indicator, make_item_indicator, make_target
from verksam.organisations.choices import OrganisationKind
from verksam.plans.models import Contribution, PlanSnapshot
from verksam.plans.services import plan_adopt
from verksam.plans.tests.builders import make_board
from verksam.testing import error_codes, make_organisation, make_tag

DAY = datetime.date(2026, 2, 12)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def board(personas):
    return make_board(personas.municipality)


def test_it_records_the_board_date_and_case_number(personas, board):
    decision = plan_adopt(
        user=personas.admin,
        plan=personas.draft_plan,
        board=board,
        decided_on=DAY,
        case_number=" KN 2026/0012 ",
    )
    assert decision.board == board
    assert decision.body == "Kulturnämnden"  # the board's name is kept as the shown name
    assert decision.case_number == "KN 2026/0012"
    assert decision.decided_on == DAY
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.status == "adopted"


def test_it_still_takes_a_body_by_name_alone(personas):
    decision = plan_adopt(
        user=personas.admin, plan=personas.draft_plan, body="Kommunfullmäktige", decided_on=DAY
    )
    assert decision.board is None
    assert decision.body == "Kommunfullmäktige"


def test_it_refuses_an_organisation_that_is_not_a_board_of_the_plans_tree(personas):
    elsewhere = make_organisation("Regionala utvecklingsnämnden", OrganisationKind.BOARD)
    for wrong in (personas.work_group, elsewhere):
        with pytest.raises(ValidationError) as caught:
            plan_adopt(user=personas.admin, plan=personas.draft_plan, board=wrong, decided_on=DAY)
        assert error_codes(caught.value) == {"not_a_board"}
    assert not PlanSnapshot.objects.exists()


def test_it_freezes_the_whole_plan_in_a_snapshot(personas, board):
    plan = personas.draft_plan
    plan.sections.create(kind="vision", title="Vision", body="Alla läser.")
    focus_area, goal = plan.items.get(depth=0), plan.items.get(depth=1)
    goal.description = "Läsfrämjande för barn"
    goal.responsible_organisation = personas.work_group
    goal.save()
    goal.tags.add(make_tag("Yttre perspektiv"))
    target_item = personas.published_plan.items.get(depth=0)
    Contribution.objects.create(source=goal, target=target_item)
    use = make_item_indicator(goal, make_indicator("Utlån", key="Utlan01"), baseline=Decimal(10))
    make_target(use, "12.5", year=2026)

    decision = plan_adopt(user=personas.admin, plan=plan, board=board, decided_on=DAY)

    snapshot = PlanSnapshot.objects.get(plan=plan)
    assert snapshot.decision == decision
    data = snapshot.data
    assert data["sections"] == [
        {"kind": "vision", "title": "Vision", "body": "Alla läser.", "position": 0}
    ]
    assert [(i["id"], i["parent"], i["depth"], i["position"]) for i in data["items"]] == [
        (focus_area.pk, None, 0, 0),
        (goal.pk, focus_area.pk, 1, 0),
    ]
    frozen_goal = data["items"][1]
    assert frozen_goal["title"] == "Fler barn läser"
    assert frozen_goal["description"] == "Läsfrämjande för barn"
    assert frozen_goal["responsible"] == {"id": personas.work_group.pk, "name": "Barn och unga"}
    assert frozen_goal["tags"] == ["Yttre perspektiv"]
    assert data["links"][0]["source"] == goal.pk
    assert data["links"][0]["target"] == target_item.pk
    assert data["indicators"] == [
        {
            "item": goal.pk,
            "indicator": use.indicator_id,
            "key": "Utlan01",
            "name": "Utlån",
            "unit": "besök",
            "organisation": "Kalmar stadsbibliotek",
            "baseline": "10",
            "baseline_label": "",
            "targets": [
                {"period_start": "2026-01-01", "period_end": "2026-12-31", "value": "12.5"}
            ],
        }
    ]


def test_it_does_not_adopt_twice(personas, board):
    plan_adopt(user=personas.admin, plan=personas.draft_plan, board=board, decided_on=DAY)
    with pytest.raises(ValidationError):
        plan_adopt(user=personas.admin, plan=personas.draft_plan, board=board, decided_on=DAY)
    assert PlanSnapshot.objects.count() == 1


# The page --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_form_offers_the_boards_of_the_plans_tree(admin_client, personas, board):
    make_organisation("Annan nämnd", OrganisationKind.BOARD, parent=personas.other_region)
    page = admin_client.get(reverse("plans:plan_adopt", args=[personas.draft_plan.pk]))
    html = page.content.decode()
    assert "Kulturnämnden" in html
    assert "Annan nämnd" not in html


def test_adopting_through_the_form_records_the_board(admin_client, personas, board):
    plan = personas.draft_plan
    response = admin_client.post(
        reverse("plans:plan_adopt", args=[plan.pk]),
        {"board": board.pk, "decided_on": "2026-02-12", "case_number": "KN 2026/0012"},
    )
    assert response.status_code == 302
    decision = plan.decisions.get()
    assert (decision.board, decision.case_number) == (board, "KN 2026/0012")
    assert PlanSnapshot.objects.filter(plan=plan, decision=decision).exists()
    page = admin_client.get(plan.get_absolute_url()).content.decode()
    assert "KN 2026/0012" in page
    assert reverse("plans:plan_diff", args=[plan.pk]) in page


def test_the_form_asks_for_a_board_or_a_body(admin_client, personas):
    response = admin_client.post(
        reverse("plans:plan_adopt", args=[personas.draft_plan.pk]), {"decided_on": "2026-02-12"}
    )
    assert response.status_code == 200
    assert "Choose the board that adopted the plan" in response.content.decode()
    personas.draft_plan.refresh_from_db()
    assert personas.draft_plan.status == "draft"
