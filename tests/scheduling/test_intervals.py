"""Interval arithmetic against a brute-force model: a set of covered minutes."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import intervals
from scheduling.intervals import Interval

BASE = datetime(2026, 3, 29, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def at(minute: int) -> datetime:
    return BASE + minute * MINUTE


def minutes(items: Iterable[Interval]) -> set[int]:
    """The brute-force model: every whole minute an interval list covers."""
    covered: set[int] = set()
    for start, end in items:
        covered.update(range((start - BASE) // MINUTE, (end - BASE) // MINUTE))
    return covered


def is_normalised(items: list[Interval]) -> bool:
    return all(start < end for start, end in items) and all(
        before[1] < after[0] for before, after in pairwise(items)
    )


# Empty and negative intervals included on purpose: every function must cope with them.
spans = st.lists(
    st.tuples(st.integers(0, 300), st.integers(0, 300)).map(lambda p: (at(p[0]), at(p[1]))),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_normalise_is_sorted_disjoint_not_touching_idempotent_and_covers_the_same_time(
    items: list[Interval],
) -> None:
    result = intervals.normalise(items)
    assert is_normalised(result)
    assert intervals.normalise(result) == result
    assert minutes(result) == minutes(items)


def test_normalise_merges_touching_and_overlapping_and_drops_empty_ones() -> None:
    items = [(at(60), at(90)), (at(0), at(30)), (at(30), at(45)), (at(80), at(70)), (at(5), at(5))]
    assert intervals.normalise(items) == [(at(0), at(45)), (at(60), at(90))]


@settings(max_examples=300, deadline=None)
@given(spans, spans, spans)
def test_union_intersect_and_subtract_agree_with_sets_of_minutes(
    a: list[Interval], b: list[Interval], c: list[Interval]
) -> None:
    results = {
        "union": (intervals.union(a, b, c), minutes(a) | minutes(b) | minutes(c)),
        "intersect": (intervals.intersect(a, b), minutes(a) & minutes(b)),
        "subtract": (intervals.subtract(a, b), minutes(a) - minutes(b)),
    }
    for name, (result, expected) in results.items():
        assert minutes(result) == expected, name
        assert is_normalised(result), name


@settings(max_examples=300, deadline=None)
@given(spans, spans)
def test_subtract_stays_inside_base_and_never_overlaps_the_cut(
    a: list[Interval], b: list[Interval]
) -> None:
    base, removed = intervals.normalise(a), intervals.normalise(b)
    for start, end in intervals.subtract(a, b):
        assert any(low <= start and end <= high for low, high in base)
        assert not intervals.overlaps(removed, start, end)


def test_set_operations_take_any_iterable_and_empty_input() -> None:
    day = [(at(0), at(100))]
    assert intervals.subtract(iter(day), (span for span in [(at(10), at(20))])) == [
        (at(0), at(10)),
        (at(20), at(100)),
    ]
    assert intervals.subtract(day, []) == day
    assert intervals.subtract([], day) == []
    assert intervals.intersect(day, []) == []
    assert intervals.union() == []


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 300), st.integers(-5, 60))
def test_overlaps_agrees_with_sets_of_minutes(
    items: list[Interval], start: int, length: int
) -> None:
    busy = intervals.normalise(items)
    probe = set(range(start, start + length))
    assert intervals.overlaps(busy, at(start), at(start + length)) == bool(probe & minutes(busy))


def test_touching_is_not_overlapping() -> None:
    busy = [(at(60), at(120)), (at(180), at(240))]
    assert not intervals.overlaps(busy, at(0), at(60))
    assert not intervals.overlaps(busy, at(120), at(180))
    assert intervals.overlaps(busy, at(119), at(121))
    assert intervals.overlaps(busy, at(0), at(300))
    assert not intervals.overlaps([], at(0), at(300))


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(1, 90), st.integers(1, 90))
def test_cut_starts_at_each_window_start_and_steps_while_the_slot_fits(
    windows: list[Interval], length: int, step: int
) -> None:
    expected: list[datetime] = []
    for window_start, window_end in windows:
        start = window_start
        while start + length * MINUTE <= window_end:
            expected.append(start)
            start += step * MINUTE
    starts = intervals.cut(windows, length=length * MINUTE, step=step * MINUTE)
    assert starts == expected
    normal = intervals.normalise(windows)
    starts = intervals.cut(normal, length=length * MINUTE, step=step * MINUTE)
    for index, start in enumerate(starts):
        window_start, window_end = next(w for w in normal if w[0] <= start < w[1])
        assert start + length * MINUTE <= window_end
        assert (start - window_start) % (step * MINUTE) == timedelta(0)
        if index + 1 < len(starts) and starts[index + 1] < window_end:
            assert starts[index + 1] - start == step * MINUTE


def test_cut_gives_back_to_back_slots_when_step_equals_length() -> None:
    starts = intervals.cut([(at(0), at(100))], length=30 * MINUTE, step=30 * MINUTE)
    assert starts == [at(0), at(30), at(60)]


@pytest.mark.parametrize(("length", "step"), [(0, 5), (5, 0), (-5, 5), (5, -5)])
def test_cut_refuses_a_length_or_step_that_is_not_positive(length: int, step: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        intervals.cut([(at(0), at(60))], length=length * MINUTE, step=step * MINUTE)


@given(spans, st.integers(0, 300), st.integers(1, 120))
def test_covers_agrees_with_sets_of_minutes(items, start: int, length: int) -> None:
    normalised = intervals.normalise(items)
    wanted = set(range(start, start + length))
    held = any(wanted <= minutes([interval]) for interval in normalised)
    assert intervals.covers(normalised, at(start), at(start + length)) is held


@given(spans, st.lists(st.tuples(st.integers(0, 300), st.integers(1, 120)), max_size=12))
def test_covering_walks_to_what_covers_says(items, probes) -> None:
    normalised = intervals.normalise(items)
    ordered = sorted((at(start), at(start + length)) for start, length in probes)
    assert intervals.covering(normalised, ordered) == [
        intervals.covers(normalised, start, end) for start, end in ordered
    ]
