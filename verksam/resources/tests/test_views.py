"""The resources pages: what they show, who changes what, and that nothing is half-written."""

import pytest
from django.urls import reverse

from verksam.followup.tests.builders import make_round
from verksam.resources.models import BudgetLine, Outcome
from verksam.resources.tests.builders import make_line, make_outcome

pytestmark = pytest.mark.django_db


def test_it_shows_the_plans_budget_rolled_up_with_the_rounds_outcome(client, personas):
    plan = personas.published_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    make_line(top, "other", 5_000, 2025)
    make_line(child, "staff", 120_000, 2025)
    make_line(child, "media", 30_000, 2025)
    followup_round = make_round(plan, closed=True)
    make_outcome(followup_round, child, "staff", 100_000)
    response = client.get(
        reverse("resources:plan_resources", args=[plan.pk]) + f"?omgang={followup_round.pk}"
    )
    text = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "155 000 kr" in text  # the focus area: its own 5 000 and its goal's 150 000
    assert "100 000 kr" in text and "55 000 kr" in text  # outcome and difference


def test_it_hides_an_open_rounds_outcome_from_the_public(client, personas):
    plan = personas.published_plan
    child = plan.items.get(depth=1)
    followup_round = make_round(plan)
    make_outcome(followup_round, child, "staff", 987_654)
    url = reverse("resources:plan_resources", args=[plan.pk]) + f"?omgang={followup_round.pk}"
    assert "987" not in client.get(url).content.decode()
    client.force_login(personas.reader)
    assert "987" in client.get(url).content.decode()


def test_it_lets_an_editor_add_change_and_remove_a_line(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    client.force_login(personas.editor)
    url = reverse("resources:item_budget", args=[plan.pk, item.pk])
    response = client.post(url, {"kind": "media", "year": "2026", "amount": "45000", "note": ""})
    assert response.status_code == 302
    line = BudgetLine.objects.get(item=item)
    assert line.amount == 45000
    response = client.post(
        reverse("resources:budget_line_edit", args=[line.pk]),
        {"kind": "media", "year": "2026", "amount": "50000", "note": "Ny", "version": "1"},
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).amount == 50000
    client.post(reverse("resources:budget_line_remove", args=[line.pk]))
    assert not BudgetLine.objects.exists()


def test_it_names_the_field_of_a_bad_amount(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    client.force_login(personas.editor)
    url = reverse("resources:item_budget", args=[plan.pk, item.pk])
    response = client.post(url, {"kind": "media", "year": "2026", "amount": "-5", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not BudgetLine.objects.exists()


def test_it_offers_no_budget_form_on_an_adopted_plan(client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    client.force_login(personas.editor)
    response = client.get(reverse("resources:item_budget", args=[plan.pk, item.pk]))
    assert response.context["form"] is None
    response = client.post(
        reverse("resources:item_budget", args=[plan.pk, item.pk]),
        {"kind": "media", "year": "2025", "amount": "5"},
    )
    assert response.status_code == 404
    assert not BudgetLine.objects.exists()


def test_it_lets_a_reporter_record_the_outcome_and_shows_the_difference(client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    make_line(item, "staff", 10_000, 2025)
    followup_round = make_round(plan)
    client.force_login(personas.reporter)
    url = reverse("resources:outcome_edit", args=[plan.pk, followup_round.pk, item.pk])
    response = client.post(url, {"amount_staff": "12500", "note": "Extra timmar", "versions": ""})
    assert response.status_code == 302
    assert Outcome.objects.get(item=item).amount == 12_500
    text = client.get(url).content.decode().replace("\u00a0", " ")
    assert "−2 500 kr" in text


def test_it_shows_the_items_budget_and_outcomes_on_the_item_page(client, personas):
    plan = personas.published_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    make_line(child, "staff", 40_000, 2025)
    followup_round = make_round(plan, closed=True)
    make_outcome(followup_round, child, "staff", 30_000)
    text = client.get(top.get_absolute_url()).content.decode().replace("\u00a0", " ")
    assert 'id="resources-heading"' in text
    assert "40 000 kr" in text and "30 000 kr" in text and "10 000 kr" in text


def test_it_links_the_follow_up_page_to_the_items_outcome_for_its_reporters(client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    followup_round = make_round(plan)
    outcome_url = reverse("resources:outcome_edit", args=[plan.pk, followup_round.pk, item.pk])
    page = reverse("followup:assessment_edit", args=[plan.pk, followup_round.pk, item.pk])
    client.force_login(personas.reporter)
    assert outcome_url in client.get(page).content.decode()
    client.logout()
    # The public does not see an open round's outcome, so is not sent to it.
    assert outcome_url not in client.get(page).content.decode()


def test_it_leaves_the_resources_out_of_an_item_page_with_nothing_to_show(client, personas):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    assert 'id="resources-heading"' not in client.get(item.get_absolute_url()).content.decode()
    client.force_login(personas.editor)
    draft_item = personas.draft_plan.items.get(depth=1)
    # An editor of a draft sees the section, to add the first budget line.
    assert 'id="resources-heading"' in client.get(draft_item.get_absolute_url()).content.decode()


def test_it_shows_budget_changes_in_the_plans_history(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    client.force_login(personas.editor)
    client.post(
        reverse("resources:item_budget", args=[plan.pk, item.pk]),
        {"kind": "media", "year": "2026", "amount": "45000", "note": "Nya bilderböcker"},
    )
    response = client.get(reverse("plans:plan_history", args=[plan.pk]))
    assert response.status_code == 200
    assert "45 000 kr" in response.content.decode().replace("\u00a0", " ")
