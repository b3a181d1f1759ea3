"""Half-open time intervals ``[start, end)`` of aware UTC datetimes, and the arithmetic that
slot search needs: normalise, subtract, intersect, union, overlap test and cutting into slots.

A normalised list is sorted, with overlapping and touching intervals merged and empty or
negative ones dropped; every function here returns one (``cut`` returns slot starts). All of
it is pure: sorting plus one linear pass, or a bisection, never a walk minute by minute.
Unchanged intervals are passed through as the same tuple objects rather than copied.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

Interval = tuple[datetime, datetime]

_ZERO = timedelta(0)


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort, merge overlapping and touching intervals, and drop empty or negative ones."""
    merged: list[Interval] = []
    last_end: datetime | None = None  # merged[-1][1], kept at hand: this loop is hot
    for interval in sorted(intervals):
        start, end = interval
        if start >= end:
            continue
        if last_end is not None and start <= last_end:
            if end > last_end:
                merged[-1] = (merged[-1][0], end)
                last_end = end
        else:
            merged.append(interval)
            last_end = end
    return merged


def union(*lists: Iterable[Interval]) -> list[Interval]:
    """The time covered by any of the lists."""
    return normalise(interval for intervals in lists for interval in intervals)


def subtract(base: Iterable[Interval], cut: Iterable[Interval]) -> list[Interval]:
    """The time in ``base`` that is not in ``cut``."""
    remove = normalise(cut)
    if not remove:
        return normalise(base)
    result: list[Interval] = []
    index, count = 0, len(remove)
    for interval in normalise(base):
        start, end = interval
        # Cuts that end before this interval cannot touch any later one either.
        while index < count and remove[index][1] <= start:
            index += 1
        if index == count or remove[index][0] >= end:
            result.append(interval)
            continue
        while index < count and remove[index][0] < end:
            cut_start, cut_end = remove[index]
            if cut_start > start:
                result.append((start, cut_start))
            start = cut_end  # > start, by the advance above and the gaps between cuts
            if start >= end:
                break  # this cut runs past the interval and may reach into the next one
            index += 1
        if start < end:
            result.append((start, end))
    return result


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """The time covered by both ``a`` and ``b``."""
    left, right = normalise(a), normalise(b)
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        # Drop whichever ends first; the other may still meet the next one.
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def overlaps(normalised: Sequence[Interval], start: datetime, end: datetime) -> bool:
    """Tell whether ``[start, end)`` shares time with a normalised list (touching does not)."""
    if start >= end:
        return False
    index = bisect_right(normalised, (start, start))
    # Every interval before ``index`` starts before ``start``, so only the last of them can
    # reach past it; the one at ``index`` is the first that could begin before ``end``.
    if index > 0 and normalised[index - 1][1] > start:
        return True
    return index < len(normalised) and normalised[index][0] < end


def covers(normalised: Sequence[Interval], start: datetime, end: datetime) -> bool:
    """Tell whether one interval of a normalised list holds all of ``[start, end)``."""
    index = bisect_right(normalised, start, key=_start) - 1
    return index >= 0 and normalised[index][1] >= end


def covering(normalised: Sequence[Interval], spans: Sequence[Interval]) -> list[bool]:
    """``covers`` for many spans at once, in one walk: ``spans`` sorted by start."""
    found: list[bool] = []
    index, count = -1, len(normalised)
    for start, end in spans:
        while index + 1 < count and normalised[index + 1][0] <= start:
            index += 1
        found.append(index >= 0 and normalised[index][1] >= end)
    return found


def _start(interval: Interval) -> datetime:
    return interval[0]


def cut(windows: Iterable[Interval], *, length: timedelta, step: timedelta) -> list[datetime]:
    """Slot starts: from each window's start, every ``step``, while a ``length`` still fits."""
    if length <= _ZERO or step <= _ZERO:
        raise ValueError(f"length and step must be positive, not {length} and {step}")
    starts: list[datetime] = []
    for window_start, window_end in windows:
        # A plain loop beats arithmetic on counts here: windows hold only a few slots each.
        start, last = window_start, window_end - length
        while start <= last:
            starts.append(start)
            start += step
    return starts
