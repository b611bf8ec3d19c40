"""Restoring a deleted item, with its subtree, links, indicators, targets and assessments."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from verksam.core.models import ChangeRecord
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import ItemIndicator, Target
from verksam.indicators.tests.builders import make_indicator, make_item_indicator, make_target
from verksam.plans import services
from verksam.plans.models import Contribution, Item
from verksam.testing import make_item, make_tag


def _rows(model, **filters) -> list[dict]:
    """Every column of the matching rows, timestamps and versions included."""
    fields = [field.attname for field in model._meta.concrete_fields]
    return list(model.objects.filter(**filters).order_by("id").values(*fields))


@pytest.fixture
def subtree(personas):
    """A goal of the draft plan with two activities, tags, people, links both ways,
    an indicator with a target, and an assessment, and a sibling after it."""
    plan = personas.draft_plan
    focus = plan.items.get(depth=0)
    goal = plan.items.get(depth=1)
    goal.description = "Mer läsning"
    goal.responsible_organisation = personas.work_group
    goal.save()
    goal.tags.add(make_tag("Barn"))
    goal.responsible_people.add(personas.editor)
    first = make_item(plan, "Sagostund", parent=goal)
    make_item(plan, "Bokprat", parent=goal)
    sibling = make_item(plan, "Nästa mål", parent=focus)
    Contribution.objects.create(source=goal, target=personas.published_plan.items.get(depth=0))
    Contribution.objects.create(source=personas.other_draft_plan.items.get(depth=1), target=first)
    use = make_item_indicator(goal, make_indicator(organisation=personas.home))
    make_target(use, 120)
    followup_round = make_round(plan, is_year_end=True)
    Assessment.objects.create(round=followup_round, item=first, status="ongoing", done="Pågår")
    return {"plan": plan, "goal": goal, "sibling": sibling}


def _state(ids):
    return {
        "items": _rows(Item, pk__in=ids),
        "tags": list(
            Item.tags.through.objects.filter(item_id__in=ids).values_list("item_id", "tag_id")
        ),
        "people": list(
            Item.responsible_people.through.objects.filter(item_id__in=ids).values_list(
                "item_id", "user_id"
            )
        ),
        "links": _rows(Contribution, source_id__in=ids) + _rows(Contribution, target_id__in=ids),
        "item_indicators": _rows(ItemIndicator, item_id__in=ids),
        "targets": _rows(Target, item_indicator__item_id__in=ids),
        "assessments": _rows(Assessment, item_id__in=ids),
    }


def test_it_restores_a_deleted_subtree_as_identical_rows(personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    ids = [goal.pk, *goal.children.values_list("pk", flat=True)]
    before = _state(ids)
    siblings_before = _rows(Item, plan=plan, parent_id=goal.parent_id)

    services.item_delete(user=personas.editor, item=goal)
    assert not Item.objects.filter(pk__in=ids).exists()
    assert Item.objects.get(pk=subtree["sibling"].pk).position == 0

    restored = services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    assert restored.pk == goal_id
    assert _state(ids) == before
    siblings_after = _rows(Item, plan=plan, parent_id=goal.parent_id)
    assert [(r["id"], r["position"]) for r in siblings_after] == [
        (r["id"], r["position"]) for r in siblings_before
    ]
    record = ChangeRecord.objects.get(action=ChangeRecord.Action.RESTORE)
    assert (record.user, record.plan_id, record.item_id) == (personas.admin, plan.pk, goal_id)


def test_it_restores_only_once(personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    with pytest.raises(ValidationError) as error:
        services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    assert error.value.code == "nothing_to_restore"


def test_it_gives_new_ids_where_the_old_are_taken(personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    child = goal.children.order_by("position").first()
    services.item_delete(user=personas.editor, item=goal)
    Item.objects.create(pk=child.pk, plan=plan, title="Tog idt", depth=0, position=9)

    restored = services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    children = list(restored.children.order_by("position"))
    assert [c.title for c in children] == ["Sagostund", "Bokprat"]
    assert children[0].pk != child.pk
    assert children[0].assessments.get().done == "Pågår"
    assert children[0].incoming_contributions.count() == 1


def test_it_refuses_when_the_parent_is_gone(personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    services.item_delete(user=personas.editor, item=plan.items.get(depth=0))
    with pytest.raises(ValidationError) as error:
        services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    assert error.value.code == "parent_gone"
    assert "Läsfrämjande" in error.value.messages[0]
    assert not Item.objects.filter(pk=goal_id).exists()


def test_it_refuses_on_an_adopted_plan(personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    plan.status = "adopted"
    plan.save()
    with pytest.raises(ValidationError) as error:
        services.item_restore(user=personas.admin, plan=plan, item_id=goal_id)
    assert error.value.code == "locked"
    assert not Item.objects.filter(pk=goal_id).exists()


def test_an_administrator_restores_from_the_history_page(client, personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    client.force_login(personas.admin)
    page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    url = reverse("plans:item_restore", args=[plan.pk, goal_id])
    assert f'action="{url}"' in page

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == Item.objects.get(pk=goal_id).get_absolute_url()
    again = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    assert f'action="{url}"' not in again


@pytest.mark.parametrize("persona", ["editor", "reporter", "reader", "outsider"])
def test_it_refuses_to_restore_for_others_than_administrators(client, personas, subtree, persona):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    client.force_login(personas.user(persona))
    response = client.post(reverse("plans:item_restore", args=[plan.pk, goal_id]))
    assert response.status_code == 404
    assert not Item.objects.filter(pk=goal_id).exists()
    if persona == "editor":
        page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
        assert "aterstall" not in page


def test_the_page_explains_why_an_adopted_plan_takes_no_restore(client, personas, subtree):
    plan, goal = subtree["plan"], subtree["goal"]
    goal_id = goal.pk  # the instance forgets its id when deleted
    services.item_delete(user=personas.editor, item=goal)
    plan.status = "adopted"
    plan.save()
    client.force_login(personas.admin)
    response = client.post(reverse("plans:item_restore", args=[plan.pk, goal_id]))
    assert response["Location"] == reverse("plans:plan_history", args=[plan.pk])
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert "new version" in message.message or "ny version" in message.message
    assert not Item.objects.filter(pk=goal_id).exists()


def test_the_delete_record_keeps_the_item_as_it_was(personas, subtree):
    goal = subtree["goal"]
    goal_id, expected = goal.pk, model_to_dict(goal)
    services.item_delete(user=personas.editor, item=goal)
    record = ChangeRecord.objects.get(
        object_type="plans.item", object_id=goal_id, action=ChangeRecord.Action.DELETE
    )
    assert record.data["title"] == expected["title"]
    assert record.after is None
    assert len(record.data["subtree"]["items"]) == 3
