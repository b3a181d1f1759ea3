"""Half-open time intervals ``[start, end)`` of aware UTC datetimes, and the arithmetic that
slot search needs: normalise, subtract, intersect, union, overlap test and cutting into slots.

Every function returns a normalised list: sorted, with overlapping and touching intervals
merged and empty ones dropped. All of it is pure and linear (or logarithmic) in its input.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

Interval = tuple[datetime, datetime]


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort, merge overlapping and touching intervals, and drop empty ones."""
    merged: list[Interval] = []
    for start, end in sorted(interval for interval in intervals if interval[0] < interval[1]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def union(*lists: Iterable[Interval]) -> list[Interval]:
    """The time covered by any of the lists."""
    return normalise(interval for intervals in lists for interval in intervals)


def subtract(base: Iterable[Interval], cut: Iterable[Interval]) -> list[Interval]:
    """The time in ``base`` that is not in ``cut``."""
    remove = normalise(cut)
    result: list[Interval] = []
    index = 0
    for start, end in normalise(base):
        while index < len(remove) and remove[index][1] <= start:
            index += 1
        probe = index
        while probe < len(remove) and remove[probe][0] < end:
            cut_start, cut_end = remove[probe]
            if cut_start > start:
                result.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
            probe += 1
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
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def overlaps(normalised: Sequence[Interval], start: datetime, end: datetime) -> bool:
    """Tell whether ``[start, end)`` shares time with a normalised list (touching does not)."""
    index = bisect_right(normalised, (start, start))
    # The interval before may run past ``start``; the one at ``index`` may begin before ``end``.
    if index > 0 and normalised[index - 1][1] > start:
        return True
    return index < len(normalised) and normalised[index][0] < end


def cut(windows: Iterable[Interval], *, length: timedelta, step: timedelta) -> list[datetime]:
    """Slot starts: from each window's start, every ``step``, while a ``length`` still fits."""
    if length <= timedelta(0) or step <= timedelta(0):
        raise ValueError("length and step must be positive")
    starts: list[datetime] = []
    for window_start, window_end in windows:
        start, last = window_start, window_end - length
        while start <= last:
            starts.append(start)
            start += step
    return starts
