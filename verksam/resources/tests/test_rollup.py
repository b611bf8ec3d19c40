"""The money roll-up rule: totals up the tree, on plain values (no database).

The invariants are property-based (hypothesis): they hold for any tree and any
amounts, and a few named cases show the rule as a librarian reads it.
"""

from hypothesis import given
from hypothesis import strategies as st

from verksam.resources.rollup import KINDS, Money, difference, plan_total, roll_up


@st.composite
def trees(draw, max_items: int = 25):
    """A random tree: item i's parent is None or an item before it."""
    count = draw(st.integers(min_value=0, max_value=max_items))
    parents: dict[int, int | None] = {}
    for pk in range(1, count + 1):
        parents[pk] = draw(st.one_of(st.none(), st.integers(1, pk - 1))) if pk > 1 else None
    amounts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(list(parents) or [1]),
                st.sampled_from(KINDS),
                st.integers(min_value=0, max_value=10**9),
            ),
            max_size=60,
        )
    )
    return parents, [row for row in amounts if row[0] in parents]


@given(trees())
def test_it_gives_each_item_its_own_amounts_plus_its_childrens_totals(tree):
    parents, amounts = tree
    totals = roll_up(parents, amounts)
    for pk in parents:
        children = [child for child, parent in parents.items() if parent == pk]
        for kind in KINDS:
            expected = totals[pk].own.of(kind) + sum(totals[c].total.of(kind) for c in children)
            assert totals[pk].total.of(kind) == expected


@given(trees())
def test_it_loses_and_invents_no_money(tree):
    parents, amounts = tree
    totals = roll_up(parents, amounts)
    assert plan_total(parents, totals).total == sum(amount for _i, _k, amount in amounts)
    assert sum(t.own.total for t in totals.values()) == sum(a for _i, _k, a in amounts)


@given(trees())
def test_it_never_makes_a_parent_cost_less_than_a_child(tree):
    parents, amounts = tree
    totals = roll_up(parents, amounts)
    for pk, parent in parents.items():
        if parent is not None:
            assert totals[parent].total.total >= totals[pk].total.total


def test_it_adds_a_goals_activities_by_kind():
    # Fokusområde 1 → Mål 2 → Aktiviteter 3 och 4; Mål 5 utan budget.
    parents = {1: None, 2: 1, 3: 2, 4: 2, 5: 1}
    amounts = [(3, "staff", 120_000), (4, "staff", 30_000), (4, "media", 15_000), (2, "other", 5)]
    totals = roll_up(parents, amounts)
    assert totals[2].total.by_kind == {"staff": 150_000, "media": 15_000, "other": 5}
    assert totals[2].own.by_kind == {"other": 5}
    assert totals[1].total.total == 165_005
    assert totals[5].total == Money() and not totals[5].total


def test_it_adds_several_lines_of_one_kind_and_ignores_items_of_other_plans():
    totals = roll_up({1: None}, [(1, "media", 100), (1, "media", 50), (99, "media", 7)])
    assert totals[1].total.by_kind == {"media": 150}
    assert 99 not in totals


def test_it_treats_an_item_whose_parent_is_missing_as_top_level():
    totals = roll_up({2: 1, 3: 2}, [(3, "premises", 10)])
    assert totals[2].total.total == 10
    assert plan_total({2: 1, 3: 2}, totals).total == 10


def test_it_handles_a_deep_tree_without_recursion():
    depth = 5000
    parents = {pk: (pk - 1 if pk > 1 else None) for pk in range(1, depth + 1)}
    totals = roll_up(parents, [(depth, "staff", 1)])
    assert totals[1].total.total == 1


def test_it_says_what_is_left_of_the_budget():
    assert difference(Money({"staff": 100, "media": 50}), Money({"staff": 120})) == 30
    assert difference(Money({"staff": 100}), Money({"staff": 120, "media": 1})) == -21
