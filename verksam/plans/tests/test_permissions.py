import pytest
from django.http import Http404

from verksam.organisations.choices import Role
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan
from verksam.plans.permissions import item_for_user, plan_for_user, visible_plans
from verksam.testing import make_member, make_plan

HOME_PLANS = {"draft_plan", "published_plan", "adopted_unpublished_plan"}


def visible(personas, name: str) -> set[Plan]:
    return set(visible_plans(personas.user(name)))


def plans(personas, *names: str) -> set[Plan]:
    return {getattr(personas, name) for name in names}


def test_it_shows_anonymous_visitors_only_published_adopted_plans(personas):
    assert visible(personas, "anonymous") == plans(personas, "published_plan")


def test_it_never_shows_a_published_draft_to_anonymous_visitors(personas):
    # A draft flagged as published by mistake (the service refuses it) still stays hidden.
    make_plan(personas.home, title="Felmärkt utkast", is_published=True)
    archived = make_plan(
        personas.home, title="Arkiverad", status=PlanStatus.ARCHIVED, is_published=True
    )
    assert visible(personas, "anonymous") == plans(personas, "published_plan") | {archived}


@pytest.mark.parametrize("name", ["admin", "editor", "reporter", "reader"])
def test_it_shows_members_every_plan_of_their_organisation(personas, name):
    assert visible(personas, name) == plans(personas, *HOME_PLANS)


def test_it_shows_members_the_plans_of_the_units_below(personas):
    group_plan = make_plan(personas.work_group, title="Gruppens mål")
    assert group_plan in visible(personas, "reader")
    assert group_plan not in visible(personas, "outsider")
    assert group_plan not in visible(personas, "anonymous")


def test_it_lets_members_of_a_unit_read_the_plans_above_it_but_not_change_them(personas):
    group_member = make_member(personas.work_group, Role.ADMIN)
    above = plans(personas, "draft_plan", "published_plan", "adopted_unpublished_plan")
    assert set(visible_plans(group_member)) == above
    plan_for_user(group_member, personas.draft_plan.pk)
    with pytest.raises(Http404):
        plan_for_user(group_member, personas.draft_plan.pk, write=True)
    with pytest.raises(Http404):
        plan_for_user(group_member, personas.other_draft_plan.pk)


def test_it_shows_outsiders_their_own_plans_and_only_published_ones_of_others(personas):
    assert visible(personas, "outsider") == plans(personas, "published_plan", "other_draft_plan")


def test_it_shows_a_superuser_every_plan(personas):
    assert visible(personas, "superuser") == set(Plan.objects.all())
    assert len(visible(personas, "superuser")) == 4


@pytest.mark.parametrize("name", ["anonymous", "outsider"])
@pytest.mark.parametrize("plan_name", ["draft_plan", "adopted_unpublished_plan"])
def test_it_hides_unpublished_plans_from_outside(personas, name, plan_name):
    with pytest.raises(Http404):
        plan_for_user(personas.user(name), getattr(personas, plan_name).pk)


@pytest.mark.parametrize("name", ["anonymous", "outsider", "reader"])
def test_it_lets_anyone_read_a_published_plan(personas, name):
    plan = personas.published_plan
    assert plan_for_user(personas.user(name), plan.pk) == plan


@pytest.mark.parametrize("name", ["reader", "reporter", "editor", "admin", "superuser"])
def test_it_lets_members_read_drafts(personas, name):
    plan = personas.draft_plan
    assert plan_for_user(personas.user(name), plan.pk) == plan


@pytest.mark.parametrize("name", ["anonymous", "outsider", "reader", "reporter"])
def test_it_refuses_changes_to_those_below_editor(personas, name):
    with pytest.raises(Http404):
        plan_for_user(personas.user(name), personas.draft_plan.pk, write=True)
    with pytest.raises(Http404):
        plan_for_user(personas.user(name), personas.published_plan.pk, write=True)


@pytest.mark.parametrize("name", ["editor", "admin", "superuser"])
def test_it_lets_editors_change_plans(personas, name):
    plan = personas.draft_plan
    assert plan_for_user(personas.user(name), plan.pk, write=True) == plan


@pytest.mark.parametrize("name", ["outsider", "reader", "reporter", "editor"])
def test_it_refuses_administration_to_those_below_admin(personas, name):
    with pytest.raises(Http404):
        plan_for_user(personas.user(name), personas.draft_plan.pk, administer=True)


@pytest.mark.parametrize("name", ["admin", "superuser"])
def test_it_lets_admins_administer_plans(personas, name):
    plan = personas.draft_plan
    assert plan_for_user(personas.user(name), plan.pk, administer=True) == plan


def test_it_answers_404_for_a_plan_that_does_not_exist(personas):
    missing = Plan.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    with pytest.raises(Http404):
        plan_for_user(personas.superuser, missing)


def test_it_gives_an_item_of_the_plan(personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)

    found = item_for_user(personas.reader, plan.pk, item.pk)

    assert found == item
    assert found.plan == plan


def test_it_answers_404_for_an_item_of_another_plan(personas):
    other_item = personas.published_plan.items.get(depth=0)  # readable on its own
    with pytest.raises(Http404):
        item_for_user(personas.superuser, personas.draft_plan.pk, other_item.pk)
    with pytest.raises(Http404):
        item_for_user(personas.reader, personas.draft_plan.pk, other_item.pk)


def test_it_answers_404_for_an_item_of_a_hidden_plan(personas):
    item = personas.draft_plan.items.get(depth=0)
    with pytest.raises(Http404):
        item_for_user(personas.outsider, personas.draft_plan.pk, item.pk)
    with pytest.raises(Http404):
        item_for_user(personas.reader, personas.draft_plan.pk, item.pk, write=True)
    assert item_for_user(personas.editor, personas.draft_plan.pk, item.pk, write=True) == item
