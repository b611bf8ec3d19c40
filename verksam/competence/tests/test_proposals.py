"""Staff propose; an editor takes the proposal into a plan as an item, or declines it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from verksam.competence.choices import ProposalState
from verksam.competence.models import Proposal
from verksam.competence.services import proposal_accept, proposal_decline
from verksam.competence.tests.builders import make_proposal
from verksam.core.form_tokens import FIELD_NAME
from verksam.plans.models import Item

pytestmark = pytest.mark.django_db


def test_it_takes_an_accepted_proposal_into_the_plan_as_a_linked_item(personas):
    goal = personas.draft_plan.items.get(depth=0)
    proposal = make_proposal(
        personas.home, user=personas.reader, goal=goal, description="Två dagar i Aarhus."
    )

    item = proposal_accept(
        user=personas.editor, proposal=proposal, plan=personas.draft_plan, parent=goal
    )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.item, proposal.decided_by) == (
        ProposalState.ACCEPTED,
        item,
        personas.editor,
    )
    assert item.parent == goal and item.title == "Studiebesök på Dokk1"
    assert "Två dagar i Aarhus." in item.description
    assert "Inspiration till det nya bibliotekets mötesplatser." in item.description
    assert Item.objects.get(pk=item.pk).competence_proposal == proposal


def test_it_decides_a_proposal_only_once(personas):
    proposal = make_proposal(personas.home, user=personas.reader)
    proposal_decline(user=personas.editor, proposal=proposal, comment="Inte i år.")
    with pytest.raises(ValidationError):
        proposal_accept(user=personas.admin, proposal=proposal, plan=personas.draft_plan)
    with pytest.raises(ValidationError):
        proposal_decline(user=personas.admin, proposal=proposal, comment="Nej.")
    assert not personas.draft_plan.items.filter(title=proposal.title).exists()


def test_it_refuses_a_decision_from_a_reporter_and_an_adopted_plan(personas):
    proposal = make_proposal(personas.home, user=personas.reader)
    with pytest.raises(PermissionDenied):
        proposal_decline(user=personas.reporter, proposal=proposal, comment="Nej.")
    with pytest.raises(ValidationError):
        proposal_accept(user=personas.editor, proposal=proposal, plan=personas.published_plan)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_it_shows_the_proposer_the_comment_of_a_declined_proposal(client, personas):
    proposal = make_proposal(personas.home, user=personas.reader)
    client.force_login(personas.editor)
    url = reverse("competence:proposal_detail", args=[proposal.pk])
    response = client.post(
        url,
        {"action": "decline", "comment": "Vi prioriterar MIK-lyftet i år.", FIELD_NAME: "a1"},
    )
    assert response.status_code == 302

    client.force_login(personas.reader)
    page = client.get(url).content.decode()
    assert "Vi prioriterar MIK-lyftet i år." in page
    assert 'name="action"' not in page  # no decision forms for the proposer


def test_it_asks_for_a_comment_when_declining(client, personas):
    proposal = make_proposal(personas.home, user=personas.reader)
    client.force_login(personas.editor)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("competence:proposal_detail", args=[proposal.pk]),
        {"action": "decline", "comment": "  "},
    )
    assert response.status_code == 200
    assert "Say why the proposal is declined" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.PROPOSED


def test_it_accepts_through_the_page_below_the_goal(client, personas):
    goal = personas.draft_plan.items.get(depth=0)
    proposal = make_proposal(personas.home, user=personas.reporter, goal=goal)
    client.force_login(personas.editor)
    url = reverse("competence:proposal_detail", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert f'value="item-{goal.pk}" selected' in page
    response = client.post(url, {"action": "accept", "place": f"item-{goal.pk}", "comment": ""})
    item = Proposal.objects.get(pk=proposal.pk).item
    assert response["Location"] == item.get_absolute_url()
    assert item.parent_id == goal.pk


def test_it_lets_an_outsider_not_see_the_proposal(client, personas):
    proposal = make_proposal(personas.home, user=personas.reader)
    client.force_login(personas.outsider)
    url = reverse("competence:proposal_detail", args=[proposal.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "decline", "comment": "x"}).status_code == 404


def test_it_says_so_when_the_organisation_has_no_draft_plan_to_take_it_into(client, personas):
    from verksam.plans.models import Plan

    Plan.objects.filter(pk=personas.draft_plan.pk).update(awaiting_decision=True)
    proposal = make_proposal(personas.home, user=personas.reader)
    client.force_login(personas.editor)
    client.cookies["django_language"] = "en"
    url = reverse("competence:proposal_detail", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "The organisation has no draft plan that can be changed." in page
    assert 'value="accept"' not in page
    refused = client.post(url, {"action": "accept", "place": f"plan-{personas.draft_plan.pk}"})
    assert refused.status_code == 200
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.PROPOSED
