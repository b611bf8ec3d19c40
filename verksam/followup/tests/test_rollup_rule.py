"""The roll-up rule (verksam.followup.rollup, docs/rollup.md): examples and invariants.

The invariants are property-based (hypothesis): they hold for any own status,
any mix of items below and any indicator results, in any order.
"""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from verksam.followup.choices import ActivityStatus, GoalStatus
from verksam.followup.rollup import (
    ATTAINMENT_CAP,
    OWN_STATUS_AS_GOAL,
    ChildStatus,
    Derivation,
    IndicatorResult,
    Method,
    Source,
    attainment,
    attainment_with_method,
    derive,
    status_for_attainment,
)
from verksam.followup.rollup_inputs import Thresholds
from verksam.indicators.choices import Direction

MET, PARTLY, NOT_MET, NOT_ASSESSED = (
    GoalStatus.MET,
    GoalStatus.PARTLY_MET,
    GoalStatus.NOT_MET,
    GoalStatus.NOT_ASSESSED,
)
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER

#: Better is higher; "not assessed" has no place on this order (it is not a level).
RANK = {NOT_MET: 1, PARTLY: 2, MET: 3}


def child(status: str, item_id: int = 1) -> ChildStatus:
    return ChildStatus(item_id=item_id, status=status)


def indicator(status: str, indicator_id: int = 1) -> IndicatorResult:
    return IndicatorResult(
        indicator_id=indicator_id,
        name=f"Indikator {indicator_id}",
        direction=HIGHER,
        value=None,
        target=Decimal(100),
        status=status,
    )


def judged(value, target, baseline=None, direction=HIGHER, **kwargs) -> IndicatorResult:
    return IndicatorResult.judge(
        indicator_id=7,
        name="Fysiska besök",
        direction=direction,
        value=value,
        target=target,
        baseline=baseline,
        **kwargs,
    )


# --- strategies ---

goal_statuses = st.sampled_from(list(GoalStatus.values))
assessed_statuses = st.sampled_from([MET, PARTLY, NOT_MET])
own_statuses = st.sampled_from([*GoalStatus.values, *ActivityStatus.values])
deciding_own_statuses = st.sampled_from(sorted(OWN_STATUS_AS_GOAL))
children_lists = st.lists(goal_statuses.map(child), max_size=8)
indicator_lists = st.lists(goal_statuses.map(indicator), max_size=8)
numbers = st.decimals(
    min_value=-10_000_000, max_value=10_000_000, allow_nan=False, allow_infinity=False, places=3
)
directions = st.sampled_from([HIGHER, LOWER])


@st.composite
def parts(draw, min_size=0):
    """Children and indicator results whose statuses together are at least `min_size`."""
    children = draw(children_lists)
    indicators = draw(indicator_lists)
    assume(len(children) + len(indicators) >= min_size)
    return children, indicators


def status_of(children, indicators, own=None) -> str:
    return derive(own=own, children=children, indicators=indicators).status


# --- examples ---


def test_it_is_not_assessed_for_a_leaf_without_approved_assessment_or_indicators():
    derivation = derive(own=None, children=[], indicators=[])
    assert derivation.status == NOT_ASSESSED
    assert derivation.source == Source.NONE
    with translation.override("en"):
        assert derivation.explanation() == (
            "No approved assessment, nothing below it and no indicators with a target."
        )


def test_it_takes_the_own_approved_assessment():
    derivation = derive(own=PARTLY, children=[child(MET)], indicators=[indicator(MET)])
    assert derivation.status == PARTLY
    assert derivation.source == Source.ASSESSMENT
    with translation.override("en"):
        assert derivation.explanation() == "From its own approved assessment."


@pytest.mark.parametrize(
    ("own", "status"),
    [
        (ActivityStatus.DONE, MET),
        (ActivityStatus.ONGOING, PARTLY),
        (ActivityStatus.NOT_STARTED, NOT_MET),
        (ActivityStatus.STOPPED, NOT_MET),
    ],
)
def test_it_maps_the_activity_scale_onto_the_goal_scale(own, status):
    derivation = derive(own=own, children=[], indicators=[])
    assert derivation.status == status
    assert derivation.own_status == own
    with translation.override("en"):
        assert derivation.explanation().startswith("From its own approved assessment: ")


def test_it_explains_an_activity_status():
    with translation.override("en"):
        text = derive(own=ActivityStatus.DONE, children=[], indicators=[]).explanation()
    assert text == "From its own approved assessment: done counts as met."


def test_it_derives_when_the_approved_assessment_says_not_assessed():
    derivation = derive(own=NOT_ASSESSED, children=[child(MET)], indicators=[indicator(MET)])
    assert derivation.status == MET
    assert derivation.source == Source.DERIVED
    assert derivation.own_status == NOT_ASSESSED
    with translation.override("en"):
        assert derivation.explanation().startswith("Its approved assessment gives no status;")


def test_it_explains_a_derivation_with_counts():
    derivation = derive(
        own=None,
        children=[child(MET, 1), child(MET, 2), child(PARTLY, 3)],
        indicators=[indicator(NOT_ASSESSED, 1), indicator(NOT_ASSESSED, 2)],
    )
    assert derivation.status == PARTLY
    with translation.override("en"):
        assert derivation.explanation() == (
            "Derived from 3 items below and 2 indicators: 2 met, 1 partly met, 2 not assessed."
        )
    with translation.override("en"):
        single = derive(own=None, children=[child(NOT_MET)], indicators=[]).explanation()
    assert single == "Derived from 1 item below: 1 not met."


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([MET, MET], MET),
        ([MET, PARTLY], PARTLY),
        ([MET, NOT_MET], PARTLY),
        ([MET, NOT_ASSESSED], PARTLY),
        ([PARTLY, NOT_MET], PARTLY),
        ([NOT_MET, NOT_ASSESSED], NOT_MET),
        ([NOT_MET, NOT_MET], NOT_MET),
        ([NOT_ASSESSED, NOT_ASSESSED], NOT_ASSESSED),
    ],
)
def test_it_combines_parts_by_the_documented_table(statuses, expected):
    assert status_of([child(s) for s in statuses], []) == expected
    assert status_of([], [indicator(s) for s in statuses]) == expected


def test_it_refuses_a_part_on_the_activity_scale():
    with pytest.raises(ValueError, match="goal scale"):
        derive(own=None, children=[child(ActivityStatus.DONE)], indicators=[])


def test_it_computes_the_worked_example_of_the_documentation():
    # Visits: baseline 100 000, target 120 000, measured 116 000 → 80 % → partly met.
    result = judged(116_000, 120_000, baseline=100_000)
    assert result.attainment == Decimal(80)
    assert result.method == Method.PROGRESS
    assert result.status == PARTLY
    assert judged(116_000, 120_000, baseline=100_000, thresholds=Thresholds(90, 85)).status == (
        NOT_MET
    )
    with translation.override("en"):
        assert result.explanation() == (
            "116,000 against the target 120,000 from the baseline 100,000: "
            "80 % of the way, partly met."
        )


def test_it_computes_attainment_when_lower_is_better():
    # Waiting days for an interlibrary loan: from 10 towards 6, now 7 → 75 %.
    assert attainment(value=7, target=6, baseline=10, direction=LOWER) == Decimal(75)
    # Without a baseline: target / value.
    assert attainment(value=8, target=6, direction=LOWER) == Decimal(75)
    assert attainment(value=3, target=6, direction=LOWER) == Decimal(200)


def test_it_handles_zero_safely():
    assert attainment(value=0, target=5, direction=LOWER) == ATTAINMENT_CAP
    assert attainment(value=0, target=0, direction=LOWER) == Decimal(100)
    assert attainment(value=2, target=0, direction=LOWER) == Decimal(0)
    assert attainment(value=0, target=0, direction=HIGHER) == Decimal(100)
    assert attainment(value=3, target=0, direction=HIGHER) == ATTAINMENT_CAP
    assert attainment(value=0, target=10, direction=HIGHER) == Decimal(0)


def test_it_uses_the_ratio_when_the_baseline_is_already_beyond_the_target():
    # Higher is better and the baseline already beats the target: keep above 100.
    value, method = attainment_with_method(value=110, target=100, baseline=120, direction=HIGHER)
    assert (value, method) == (Decimal(110), Method.RATIO)


def test_it_cannot_judge_an_indicator_without_value_or_target():
    assert judged(None, 100).status == NOT_ASSESSED
    assert judged(100, None).status == NOT_ASSESSED
    assert judged(None, 100).attainment is None
    with translation.override("en"):
        assert judged(None, 100).explanation() == "No measured value for the target's period yet."
        assert judged(100, None).explanation() == "No target for this period."


def test_it_refuses_thresholds_where_partly_met_needs_more_than_met():
    with pytest.raises(ValueError):
        Thresholds(met=Decimal(80), partly_met=Decimal(90))


def test_it_judges_by_the_thresholds():
    thresholds = Thresholds(met=Decimal(95), partly_met=Decimal(70))
    assert status_for_attainment(Decimal(95), thresholds) == MET
    assert status_for_attainment(Decimal("94.9"), thresholds) == PARTLY
    assert status_for_attainment(Decimal(70), thresholds) == PARTLY
    assert status_for_attainment(Decimal("69.9"), thresholds) == NOT_MET
    assert status_for_attainment(None, thresholds) == NOT_ASSESSED


# --- invariants of derive ---


@given(own=deciding_own_statuses, parts=parts())
def test_property_an_own_approved_status_always_wins(own, parts):
    children, indicators = parts
    derivation = derive(own=own, children=children, indicators=indicators)
    assert derivation.status == OWN_STATUS_AS_GOAL[own]
    assert derivation.source == Source.ASSESSMENT


@given(parts=parts())
def test_property_an_own_not_assessed_is_as_if_there_were_no_assessment(parts):
    children, indicators = parts
    assert status_of(children, indicators, own=NOT_ASSESSED) == status_of(children, indicators)


@given(
    children=st.lists(st.just(MET).map(child), max_size=6),
    indicators=st.lists(st.just(MET).map(indicator), max_size=6),
)
def test_property_all_parts_met_is_met(children, indicators):
    assume(children or indicators)
    assert status_of(children, indicators) == MET


@given(
    children=st.lists(st.just(MET).map(child), min_size=1, max_size=6),
    values=st.lists(
        st.tuples(numbers, numbers, st.none() | numbers, directions), min_size=1, max_size=6
    ),
)
def test_property_all_children_met_and_all_indicators_at_target_is_met(children, values):
    # "At target" whatever the baseline and direction: the value equals the target.
    indicators = [
        judged(target, target, baseline=baseline, direction=direction)
        for _value, target, baseline, direction in values
    ]
    assert {i.status for i in indicators} == {MET}
    assert status_of(children, indicators) == MET


@given(parts=parts(min_size=1))
def test_property_met_only_when_every_part_is_met(parts):
    children, indicators = parts
    statuses = [c.status for c in children] + [i.status for i in indicators]
    assert (status_of(children, indicators) == MET) == all(s == MET for s in statuses)


@given(parts=parts(), missing=st.integers(min_value=1, max_value=4))
def test_property_a_missing_assessment_never_counts_as_met(parts, missing):
    children, indicators = parts
    children = children + [child(NOT_ASSESSED)] * missing
    assert status_of(children, indicators) != MET


@given(count=st.integers(min_value=0, max_value=10), indicators=st.integers(0, 5))
def test_property_nothing_assessed_below_is_not_assessed(count, indicators):
    status = status_of([child(NOT_ASSESSED)] * count, [indicator(NOT_ASSESSED)] * indicators)
    assert status == NOT_ASSESSED


@given(parts=parts(), added=st.sampled_from([NOT_MET, NOT_ASSESSED]), as_child=st.booleans())
def test_property_adding_a_part_that_is_not_met_never_improves_the_status(parts, added, as_child):
    children, indicators = parts
    before = status_of(children, indicators)
    if as_child:
        after = status_of([*children, child(added)], indicators)
    else:
        after = status_of(children, [*indicators, indicator(added)])
    if before in RANK:
        assert after in RANK
        assert RANK[after] <= RANK[before]
    else:  # nothing was assessed before: it can only become not met, never better
        assert after in {NOT_ASSESSED, NOT_MET}


@given(parts=parts(min_size=1), data=st.data())
def test_property_a_better_part_never_makes_the_status_worse(parts, data):
    children, indicators = parts
    statuses = [c.status for c in children] + [i.status for i in indicators]
    index = data.draw(st.integers(min_value=0, max_value=len(statuses) - 1))
    old = statuses[index]
    better_than_old = [s for s in RANK if old == NOT_ASSESSED or RANK[s] > RANK[old]]
    assume(better_than_old)
    new = data.draw(st.sampled_from(better_than_old))
    improved = [*statuses[:index], new, *statuses[index + 1 :]]
    before = status_of([child(s) for s in statuses], [])
    after = status_of([child(s) for s in improved], [])
    if before in RANK:
        assert RANK[after] >= RANK[before]


@given(parts=parts(), own=st.none() | own_statuses, data=st.data())
def test_property_the_order_of_the_parts_never_matters(parts, own, data):
    children, indicators = parts
    shuffled_children = data.draw(st.permutations(children))
    shuffled_indicators = data.draw(st.permutations(indicators))
    first = derive(own=own, children=children, indicators=indicators)
    second = derive(own=own, children=shuffled_children, indicators=shuffled_indicators)
    assert first.status == second.status
    assert first.source == second.source
    with translation.override("en"):
        assert first.explanation() == second.explanation()


@given(parts=parts(min_size=1))
def test_property_children_and_indicators_count_alike(parts):
    children, indicators = parts
    statuses = [c.status for c in children] + [i.status for i in indicators]
    assert status_of([child(s) for s in statuses], []) == status_of(children, indicators)
    assert status_of([], [indicator(s) for s in statuses]) == status_of(children, indicators)


@given(own=st.none() | own_statuses, parts=parts())
def test_property_the_status_is_always_on_the_goal_scale_and_explained(own, parts):
    children, indicators = parts
    derivation = derive(own=own, children=children, indicators=indicators)
    assert derivation.status in GoalStatus.values
    assert isinstance(derivation, Derivation)
    for language in ("en", "sv"):
        with translation.override(language):
            assert derivation.explanation()


@st.composite
def trees(draw, depth=3):
    """A random item tree: (own status or None, [subtrees]) with statuses at the leaves."""
    own = draw(st.none() | own_statuses)
    if depth == 0:
        return own, []
    return own, draw(st.lists(trees(depth=depth - 1), max_size=3))


def roll_up(tree) -> Derivation:
    own, subtrees = tree
    return derive(own=own, children=[roll_up(t) for t in subtrees], indicators=[])


def leaves(tree):
    own, subtrees = tree
    if not subtrees:
        yield own
    for subtree in subtrees:
        yield from leaves(subtree)


def without_own_statuses_above_leaves(tree):
    own, subtrees = tree
    if not subtrees:
        return tree
    return None, [without_own_statuses_above_leaves(t) for t in subtrees]


@given(tree=trees())
def test_property_a_tree_is_met_when_every_leaf_is_done_or_met(tree):
    tree = without_own_statuses_above_leaves(tree)
    assume(tree[1])
    statuses = {OWN_STATUS_AS_GOAL.get(own) for own in leaves(tree)}
    if statuses == {MET}:
        assert roll_up(tree).status == MET
    else:  # some leaf lacks an approved status of met (or done)
        assert roll_up(tree).status != MET


# --- invariants of attainment ---


@given(value=numbers, target=numbers, baseline=st.none() | numbers, direction=directions)
def test_property_at_or_beyond_the_target_is_exactly_100_percent_or_more(
    value, target, baseline, direction
):
    percent = attainment(value=value, target=target, baseline=baseline, direction=direction)
    reached = value >= target if direction == HIGHER else value <= target
    assert (percent >= 100) == reached
    assert -ATTAINMENT_CAP <= percent <= ATTAINMENT_CAP


@given(target=numbers, baseline=st.none() | numbers, direction=directions)
def test_property_exactly_at_the_target_is_100_percent(target, baseline, direction):
    percent = attainment(value=target, target=target, baseline=baseline, direction=direction)
    assert percent == 100


@given(
    value=numbers,
    better=numbers,
    target=numbers,
    baseline=st.none() | numbers,
    direction=directions,
)
def test_property_a_better_value_never_lowers_attainment(
    value, better, target, baseline, direction
):
    if direction == HIGHER:
        value, better = min(value, better), max(value, better)
    else:
        value, better = max(value, better), min(value, better)

    def percent(v):
        return attainment(value=v, target=target, baseline=baseline, direction=direction)

    assert percent(better) >= percent(value)


@given(value=numbers, baseline=numbers, gap=numbers.filter(lambda gap: gap > 0))
def test_property_lower_is_better_mirrors_higher_is_better_from_a_baseline(value, baseline, gap):
    target = baseline + gap
    higher = attainment(value=value, target=target, baseline=baseline, direction=HIGHER)
    lower = attainment(value=-value, target=-target, baseline=-baseline, direction=LOWER)
    assert higher == lower


@given(
    value=numbers,
    target=numbers,
    baseline=st.none() | numbers,
    direction=directions,
    met=st.integers(min_value=0, max_value=1000),
    gap=st.integers(min_value=0, max_value=1000),
)
def test_property_indicator_status_follows_the_thresholds(
    value, target, baseline, direction, met, gap
):
    thresholds = Thresholds(met=Decimal(met), partly_met=Decimal(max(0, met - gap)))
    result = judged(value, target, baseline=baseline, direction=direction, thresholds=thresholds)
    assert result.attainment is not None
    if result.attainment >= thresholds.met:
        assert result.status == MET
    elif result.attainment >= thresholds.partly_met:
        assert result.status == PARTLY
    else:
        assert result.status == NOT_MET


@pytest.mark.parametrize(
    ("own", "children", "indicators", "status", "text"),
    [
        (MET, [NOT_MET], [], MET, "From its own approved assessment."),
        (
            ActivityStatus.STOPPED,
            [],
            [MET],
            NOT_MET,
            "From its own approved assessment: stopped counts as not met.",
        ),
        (
            NOT_ASSESSED,
            [MET, MET],
            [],
            MET,
            "Its approved assessment gives no status; derived from 2 items below: 2 met.",
        ),
        (None, [MET, MET], [MET], MET, "Derived from 2 items below and 1 indicator: 3 met."),
        (
            None,
            [MET, MET],
            [PARTLY],
            PARTLY,
            "Derived from 2 items below and 1 indicator: 2 met, 1 partly met.",
        ),
        (
            None,
            [MET, NOT_ASSESSED],
            [],
            PARTLY,
            "Derived from 2 items below: 1 met, 1 not assessed.",
        ),
        (
            None,
            [NOT_MET, NOT_ASSESSED],
            [],
            NOT_MET,
            "Derived from 2 items below: 1 not met, 1 not assessed.",
        ),
        (None, [], [NOT_ASSESSED], NOT_ASSESSED, "Derived from 1 indicator: 1 not assessed."),
    ],
)
def test_it_gives_the_examples_of_the_documentation(own, children, indicators, status, text):
    derivation = derive(
        own=own,
        children=[child(s, n) for n, s in enumerate(children)],
        indicators=[indicator(s, n) for n, s in enumerate(indicators)],
    )
    assert derivation.status == status
    with translation.override("en"):
        assert derivation.explanation() == text
