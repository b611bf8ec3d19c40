"""The shared builders keep the invariants the services keep, or other tests prove nothing."""

from collections import defaultdict

import pytest

from verksam.plans.models import Item
from verksam.testing import make_item, make_plan, make_plan_tree


def assert_well_formed(plan) -> None:
    items = {item.pk: item for item in Item.objects.filter(plan=plan)}
    positions = defaultdict(list)
    for item in items.values():
        parent = items.get(item.parent_id)
        assert item.depth == (0 if item.parent_id is None else parent.depth + 1)
        assert item.depth < len(plan.level_names)
        positions[item.parent_id].append(item.position)
    for siblings in positions.values():
        assert sorted(siblings) == list(range(len(siblings)))


def test_it_places_items_one_level_below_their_parent_and_last(personas):
    plan = make_plan(personas.home, title="Byggd för hand")
    top = make_item(plan, "Första")
    make_item(plan, "Andra")
    child = make_item(plan, "Under", parent=top)
    assert (child.depth, child.position) == (1, 0)
    assert make_item(plan, "Tredje").position == 2
    assert_well_formed(plan)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 500])
def test_it_builds_a_plan_tree_of_the_size_asked(personas, count):
    plan = make_plan(personas.home, title="Stor plan")

    items = make_plan_tree(plan, count)

    assert len(items) == count == plan.items.count()
    assert_well_formed(plan)
    if count >= 3:
        assert set(plan.items.values_list("depth", flat=True)) == {0, 1, 2}


def test_it_builds_a_large_plan_tree_in_a_few_queries(personas, django_assert_max_num_queries):
    plan = make_plan(personas.home, title="Stor plan")
    # One bulk insert per level; SQLite splits each into batches of its variable limit.
    with django_assert_max_num_queries(20):
        make_plan_tree(plan, 500)


def test_it_adds_a_plan_tree_after_the_items_a_plan_has(personas):
    plan = personas.draft_plan
    before = set(plan.items.values_list("pk", flat=True))

    items = make_plan_tree(plan, 10)

    assert plan.items.count() == len(before) + 10
    assert not before & {item.pk for item in items}
    assert_well_formed(plan)
