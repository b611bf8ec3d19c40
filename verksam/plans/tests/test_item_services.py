import pytest
from django.core.exceptions import ValidationError

from verksam.core.models import ChangeRecord
from verksam.plans.models import Contribution, Item, Plan
from verksam.plans.services import (
    contribution_add,
    contribution_remove,
    item_create,
    item_delete,
    item_move,
    item_shift,
    item_update,
)
from verksam.testing import error_codes, make_item, make_plan, make_tag

PLAN_TITLE = "Verksamhetsplan 2027"


@pytest.fixture
def plan(personas) -> Plan:
    """A draft on three levels (Fokusområde → Mål → Aktivitet)::

    Läsfrämjande             (0)
      Fler barn läser        (0)
        Bokstart             (0)
        Sommarboken          (1)
      Fler unga läser        (1)
      Fler vuxna läser       (2)
    Digital delaktighet      (1)
      Digitala klyftor       (0)
    Mötesplatser             (2)
    """
    plan = make_plan(personas.home, title=PLAN_TITLE, year=2027)
    reading = make_item(plan, "Läsfrämjande")
    children = make_item(plan, "Fler barn läser", parent=reading)
    make_item(plan, "Bokstart", parent=children)
    make_item(plan, "Sommarboken", parent=children)
    make_item(plan, "Fler unga läser", parent=reading)
    make_item(plan, "Fler vuxna läser", parent=reading)
    digital = make_item(plan, "Digital delaktighet")
    make_item(plan, "Digitala klyftor", parent=digital)
    make_item(plan, "Mötesplatser")
    return plan


def get(title: str) -> Item:
    """An item of the `plan` fixture, read afresh."""
    return Item.objects.select_related("plan", "parent").get(plan__title=PLAN_TITLE, title=title)


def titles_under(plan: Plan, parent_title: str | None) -> list[tuple[str, int]]:
    """The children of an item (or the top level) as (title, position), in order."""
    items = (
        plan.items.filter(parent__title=parent_title)
        if parent_title
        else plan.items.filter(parent=None)
    )
    return list(items.order_by("position", "id").values_list("title", "position"))


def tree_state(plan: Plan) -> list[tuple]:
    return list(
        Item.objects.filter(plan=plan)
        .order_by("id")
        .values_list("id", "parent_id", "depth", "position", "title", "version")
    )


def last_record() -> ChangeRecord:
    return ChangeRecord.objects.order_by("-id").first()


# item_create


def test_it_creates_an_item_last_among_its_siblings(personas, plan):
    reading = get("Läsfrämjande")

    item = item_create(user=personas.editor, plan=plan, title=" Fler äldre läser ", parent=reading)

    stored = Item.objects.get(pk=item.pk)
    assert (stored.title, stored.parent, stored.depth, stored.position) == (
        "Fler äldre läser",
        reading,
        1,
        3,
    )
    record = last_record()
    assert (record.action, record.object_type, record.object_id) == (
        ChangeRecord.Action.CREATE,
        "plans.item",
        item.pk,
    )


def test_it_creates_a_top_level_item_last(personas, plan):
    item = item_create(user=personas.editor, plan=plan, title="Hållbarhet")

    assert (item.depth, item.position) == (0, 3)
    assert titles_under(plan, None)[-1] == ("Hållbarhet", 3)


def test_it_creates_the_first_item_of_a_plan_at_position_zero(personas):
    plan = make_plan(personas.home, title="Tom plan")

    item = item_create(user=personas.editor, plan=plan, title="Första")

    assert (item.depth, item.position) == (0, 0)


def test_it_sets_tags_and_responsible_people(personas, plan):
    tag = make_tag("Inre perspektiv")

    item = item_create(
        user=personas.editor,
        plan=plan,
        title="Personalens kompetens",
        tags=[tag],
        responsible_people=[personas.reporter],
        responsible_organisation=personas.work_group,
    )

    stored = Item.objects.get(pk=item.pk)
    assert list(stored.tags.all()) == [tag]
    assert list(stored.responsible_people.all()) == [personas.reporter]
    assert stored.responsible_organisation == personas.work_group


def test_it_refuses_an_item_below_the_last_level(personas, plan):
    activity = get("Bokstart")  # on the plan's last level
    before = (Item.objects.count(), ChangeRecord.objects.count())

    with pytest.raises(ValidationError) as error:
        item_create(user=personas.editor, plan=plan, title="För djupt", parent=activity)

    assert "parent" in error.value.message_dict
    assert (Item.objects.count(), ChangeRecord.objects.count()) == before


def test_it_refuses_a_parent_from_another_plan(personas, plan):
    stranger = personas.draft_plan.items.get(depth=0)
    before = (Item.objects.count(), ChangeRecord.objects.count())

    with pytest.raises(ValidationError) as error:
        item_create(user=personas.editor, plan=plan, title="Vilse", parent=stranger)

    assert "parent" in error.value.message_dict
    assert (Item.objects.count(), ChangeRecord.objects.count()) == before


@pytest.mark.parametrize("title", ["", "   "])
def test_it_refuses_an_item_without_a_title(personas, plan, title):
    before = (Item.objects.count(), ChangeRecord.objects.count())

    with pytest.raises(ValidationError) as error:
        item_create(user=personas.editor, plan=plan, title=title)

    assert "title" in error.value.message_dict
    assert (Item.objects.count(), ChangeRecord.objects.count()) == before


# item_update


def test_it_updates_an_item_and_counts_up_its_version(personas, plan):
    item = get("Bokstart")

    item_update(
        user=personas.editor, item=item, expected_version=1, title=" Bokstart 2.0 ", tags=[]
    )

    stored = Item.objects.get(pk=item.pk)
    assert (stored.title, stored.version) == ("Bokstart 2.0", 2)
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.UPDATE, item.pk)
    assert record.data["title"] == "Bokstart"


def test_it_refuses_an_item_update_based_on_an_old_version(personas, plan):
    item_update(user=personas.admin, item=get("Bokstart"), description="Först")
    state = tree_state(plan)

    with pytest.raises(ValidationError) as error:
        item_update(user=personas.editor, item=get("Bokstart"), expected_version=1, title="Sist")

    assert error.value.code == "concurrent_edit"
    assert tree_state(plan) == state


def test_it_refuses_to_blank_an_item_title(personas, plan):
    state = tree_state(plan)

    with pytest.raises(ValidationError) as error:
        item_update(user=personas.editor, item=get("Bokstart"), title="  ")

    assert "title" in error.value.message_dict
    assert tree_state(plan) == state


# item_move


def test_it_moves_an_item_with_its_subtree_up_a_level(personas, plan):
    item_move(user=personas.editor, item=get("Fler barn läser"), parent=None, position=1)

    moved = get("Fler barn läser")
    assert (moved.parent, moved.depth, moved.position) == (None, 0, 1)
    assert (get("Bokstart").depth, get("Sommarboken").depth) == (1, 1)
    assert get("Bokstart").parent == moved
    assert titles_under(plan, None) == [
        ("Läsfrämjande", 0),
        ("Fler barn läser", 1),
        ("Digital delaktighet", 2),
        ("Mötesplatser", 3),
    ]


def test_it_moves_an_item_with_its_subtree_down_a_level(personas, plan):
    item_move(user=personas.editor, item=get("Digital delaktighet"), parent=get("Mötesplatser"))

    moved = get("Digital delaktighet")
    assert (moved.parent.title, moved.depth, moved.position) == ("Mötesplatser", 1, 0)
    assert get("Digitala klyftor").depth == 2
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.MOVE, moved.pk)
    assert record.data["parent"] is None  # where it was


def test_it_reorders_siblings_without_gaps(personas, plan):
    item_move(
        user=personas.editor, item=get("Fler barn läser"), parent=get("Läsfrämjande"), position=2
    )

    assert titles_under(plan, "Läsfrämjande") == [
        ("Fler unga läser", 0),
        ("Fler vuxna läser", 1),
        ("Fler barn läser", 2),
    ]


def test_it_makes_room_among_the_new_siblings(personas, plan):
    item_move(
        user=personas.editor, item=get("Digitala klyftor"), parent=get("Läsfrämjande"), position=1
    )

    assert titles_under(plan, "Läsfrämjande") == [
        ("Fler barn läser", 0),
        ("Digitala klyftor", 1),
        ("Fler unga läser", 2),
        ("Fler vuxna läser", 3),
    ]


def test_it_closes_the_gap_among_the_siblings_left_behind(personas, plan):
    item_move(user=personas.editor, item=get("Fler unga läser"), parent=get("Digital delaktighet"))

    assert titles_under(plan, "Digital delaktighet") == [
        ("Digitala klyftor", 0),
        ("Fler unga läser", 1),
    ]
    assert titles_under(plan, "Läsfrämjande") == [
        ("Fler barn läser", 0),
        ("Fler vuxna läser", 1),
    ]


@pytest.mark.parametrize("new_parent", ["Fler barn läser", "Bokstart"])
def test_it_refuses_to_move_an_item_under_itself_or_its_own_items(personas, plan, new_parent):
    state = tree_state(plan)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as error:
        item_move(user=personas.editor, item=get("Fler barn läser"), parent=get(new_parent))

    assert "parent" in error.value.message_dict
    assert tree_state(plan) == state
    assert ChangeRecord.objects.count() == records
    assert "cycle" in error_codes(error.value)


def test_it_refuses_to_move_an_item_into_another_plan(personas, plan):
    stranger = personas.draft_plan.items.get(depth=0)
    state, other_state = tree_state(plan), tree_state(personas.draft_plan)

    with pytest.raises(ValidationError) as error:
        item_move(user=personas.editor, item=get("Digitala klyftor"), parent=stranger)

    assert "parent" in error.value.message_dict
    assert tree_state(plan) == state
    assert tree_state(personas.draft_plan) == other_state
    assert "other_plan" in error_codes(error.value)


def test_it_refuses_a_move_that_pushes_items_below_the_last_level(personas, plan):
    state = tree_state(plan)

    # Läsfrämjande has items on all three levels; one level down, Bokstart would be on a fourth.
    with pytest.raises(ValidationError) as error:
        item_move(user=personas.editor, item=get("Läsfrämjande"), parent=get("Mötesplatser"))

    assert "parent" in error.value.message_dict
    assert tree_state(plan) == state


def test_it_refuses_a_move_based_on_an_old_version(personas, plan):
    item_update(user=personas.admin, item=get("Mötesplatser"), description="Först")
    state = tree_state(plan)

    with pytest.raises(ValidationError) as error:
        item_move(
            user=personas.editor,
            item=get("Mötesplatser"),
            parent=None,
            position=0,
            expected_version=1,
        )

    assert error.value.code == "concurrent_edit"
    assert tree_state(plan) == state


# item_shift


def test_it_shifts_an_item_up(personas, plan):
    item_shift(user=personas.editor, item=get("Fler vuxna läser"), steps=-1)

    assert titles_under(plan, "Läsfrämjande") == [
        ("Fler barn läser", 0),
        ("Fler vuxna läser", 1),
        ("Fler unga läser", 2),
    ]


def test_it_shifts_an_item_down(personas, plan):
    item_shift(user=personas.editor, item=get("Fler barn läser"), steps=1)

    assert titles_under(plan, "Läsfrämjande") == [
        ("Fler unga läser", 0),
        ("Fler barn läser", 1),
        ("Fler vuxna läser", 2),
    ]
    assert get("Bokstart").parent.title == "Fler barn läser"


def test_it_keeps_an_item_within_its_siblings_when_shifting_past_the_ends(personas, plan):
    item_shift(user=personas.editor, item=get("Läsfrämjande"), steps=-1)
    item_shift(user=personas.editor, item=get("Mötesplatser"), steps=5)

    assert titles_under(plan, None) == [
        ("Läsfrämjande", 0),
        ("Digital delaktighet", 1),
        ("Mötesplatser", 2),
    ]


# item_delete


def test_it_deletes_an_item_with_everything_below_it(personas, plan):
    item_delete(user=personas.editor, item=get("Läsfrämjande"))

    assert sorted(plan.items.values_list("title", flat=True)) == [
        "Digital delaktighet",
        "Digitala klyftor",
        "Mötesplatser",
    ]
    assert titles_under(plan, None) == [("Digital delaktighet", 0), ("Mötesplatser", 1)]


def test_it_closes_the_gap_a_deleted_item_leaves(personas, plan):
    item_delete(user=personas.editor, item=get("Fler unga läser"))

    assert titles_under(plan, "Läsfrämjande") == [("Fler barn läser", 0), ("Fler vuxna läser", 1)]


def test_it_records_every_deleted_item_in_the_change_log(personas, plan):
    goal = get("Fler barn läser")
    expected = {
        item.pk: (item.title, item.parent_id, item.position)
        for item in plan.items.filter(title__in=["Fler barn läser", "Bokstart", "Sommarboken"])
    }

    item_delete(user=personas.editor, item=goal)

    records = ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETE)
    assert {r.object_id for r in records} == set(expected)
    for record in records:
        assert record.object_type == "plans.item"
        assert record.user == personas.editor
        data = record.data
        assert (data["title"], data["parent"], data["position"]) == expected[record.object_id]
        assert data["plan"] == plan.pk


# contribution_add and contribution_remove


def test_it_links_an_item_to_an_item_of_another_plan(personas, plan):
    source, target = get("Fler barn läser"), personas.published_plan.items.get(depth=0)

    link = contribution_add(user=personas.editor, source=source, target=target)

    assert list(source.contributes_to.all()) == [target]
    assert list(target.contributors.all()) == [source]
    record = last_record()
    assert (record.action, record.object_type, record.object_id) == (
        ChangeRecord.Action.LINK,
        "plans.contribution",
        link.pk,
    )


def test_it_refuses_a_link_within_the_same_plan(personas, plan):
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as error:
        contribution_add(user=personas.editor, source=get("Bokstart"), target=get("Läsfrämjande"))

    assert "target" in error.value.message_dict
    assert Contribution.objects.count() == 0
    assert ChangeRecord.objects.count() == records


def test_it_refuses_the_same_link_twice(personas, plan):
    source, target = get("Fler barn läser"), personas.published_plan.items.get(depth=0)
    contribution_add(user=personas.editor, source=source, target=target)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as error:
        contribution_add(user=personas.editor, source=source, target=target)

    assert "target" in error.value.message_dict
    assert Contribution.objects.filter(source=source, target=target).count() == 1
    assert ChangeRecord.objects.count() == records


def test_it_removes_a_link_and_records_it(personas, plan):
    source, target = get("Fler barn läser"), personas.published_plan.items.get(depth=0)
    kept = Contribution.objects.create(source=get("Bokstart"), target=target)
    link = Contribution.objects.create(source=source, target=target)

    contribution_remove(user=personas.editor, source=source, target=target)

    assert list(Contribution.objects.all()) == [kept]
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.UNLINK, link.pk)
    assert (record.data["source"], record.data["target"]) == (source.pk, target.pk)
