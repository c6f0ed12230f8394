"""The traffic-light arithmetic: hand-computed cases, then properties over random inputs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secretariat.plans.status import (
    DOWN,
    UP,
    Observation,
    Rule,
    Status,
    latest_progress,
    progress,
    roll_up,
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
unit = st.floats(min_value=0, max_value=1, allow_nan=False)
weights = st.floats(min_value=0, max_value=100, allow_nan=False)


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        (10, 20, 15, UP, 0.5),  # half way up
        (10, 20, 25, UP, 1.0),  # beyond the target counts as reached, no more
        (10, 20, 5, UP, 0.0),  # gone backwards
        (30, 10, 20, DOWN, 0.5),  # clearance time from 30 to 10 days, now 20
        (30, 10, 8, DOWN, 1.0),
        (30, 10, 35, DOWN, 0.0),
        (5, 5, 5, UP, 1.0),  # hold the line: met
        (5, 5, 4, UP, 0.0),
        (5, 5, 4, DOWN, 1.0),
        (5, 5, 6, DOWN, 0.0),
    ],
)
def test_progress_by_hand(baseline, target, actual, direction, expected):
    assert progress(
        baseline=baseline, target=target, actual=actual, direction=direction
    ) == pytest.approx(expected)


def test_no_value_no_progress():
    assert progress(baseline=1, target=2, actual=None, direction=UP) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, Status.GREEN),
        (0.85, Status.GREEN),  # within 15% of the target, exactly
        (0.84, Status.AMBER),
        (0.70, Status.AMBER),
        (0.69, Status.RED),
        (0.0, Status.RED),
        (None, Status.NO_DATA),
    ],
)
def test_default_rule(value, expected):
    assert Rule().status(value) == expected


def test_a_stricter_rule():
    rule = Rule(on_track=0.05, at_risk=0.10)
    assert rule.status(0.9) == Status.AMBER
    assert rule.status(0.89) == Status.RED


def test_margins_must_be_ordered():
    with pytest.raises(ValueError, match="margins"):
        Rule(on_track=0.3, at_risk=0.1)


def test_roll_up_by_hand():
    # Weights 3 and 1: (0.2 * 3 + 1.0 * 1) / 4 = 0.4; a child without data is left out.
    assert roll_up([(0.2, 3), (1.0, 1), (None, 5)]) == pytest.approx(0.4)
    assert roll_up([(0.2, 0), (0.6, 0)]) == pytest.approx(0.4)  # all weights zero: plain
    assert roll_up([(None, 1)]) is None
    assert roll_up([]) is None


def test_latest_progress_skips_missing_periods():
    observations = [
        Observation(target=20, actual=12),
        Observation(target=30, actual=None),  # not reported (or not approved) yet
        Observation(target=None, actual=50),  # no target set for this period
    ]
    # The latest period with both: 12 of the way from 10 to 20.
    assert latest_progress(baseline=10, direction=UP, observations=observations) == 0.2


@given(finite, finite, finite, st.sampled_from([UP, DOWN]))
def test_progress_is_bounded(baseline, target, actual, direction):
    value = progress(baseline=baseline, target=target, actual=actual, direction=direction)
    assert 0 <= value <= 1


@given(finite, finite, st.sampled_from([UP, DOWN]))
def test_reaching_the_target_is_full_progress(baseline, target, direction):
    assert progress(baseline=baseline, target=target, actual=target, direction=direction) == 1


@given(
    st.floats(min_value=0, max_value=1000, allow_nan=False),
    st.floats(min_value=1, max_value=1000, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_downward_mirrors_upward(baseline, drop, share):
    """Cutting a value by a share of the planned cut is the same progress as raising it."""
    target_down, target_up = baseline - drop, baseline + drop
    down = progress(
        baseline=baseline, target=target_down, actual=baseline - drop * share, direction=DOWN
    )
    up = progress(baseline=baseline, target=target_up, actual=baseline + drop * share, direction=UP)
    assert down == pytest.approx(up, abs=1e-9)


@given(st.lists(st.tuples(st.one_of(st.none(), unit), weights), max_size=12))
def test_roll_up_stays_between_its_children(children):
    value = roll_up(children)
    known = [p for p, _ in children if p is not None]
    if not known:
        assert value is None
    else:
        assert min(known) - 1e-9 <= value <= max(known) + 1e-9


@given(st.lists(st.tuples(unit, weights), min_size=1, max_size=8), st.floats(0.1, 10))
def test_scaling_every_weight_changes_nothing(children, factor):
    scaled = [(p, w * factor) for p, w in children]
    assert roll_up(scaled) == pytest.approx(roll_up(children), abs=1e-9)


@given(st.lists(st.tuples(unit, weights), min_size=1, max_size=8))
def test_missing_children_do_not_pull_down(children):
    assert roll_up([*children, (None, 50)]) == pytest.approx(roll_up(children), abs=1e-12)


@given(unit, unit, st.floats(0, 0.5), st.floats(0, 0.5))
def test_more_progress_never_worsens_the_light(a, b, m1, m2):
    rule = Rule(on_track=min(m1, m2), at_risk=max(m1, m2))
    order = [Status.RED, Status.AMBER, Status.GREEN]
    low, high = sorted((a, b))
    assert order.index(rule.status(low)) <= order.index(rule.status(high))
