"""A person's availability as UTC intervals, expanded from rules in local wall time.

Weekly rules expand per local date in their own zone, so a 09:00–15:00 rule gives 09:00 local
on both sides of a DST change (``localtime.lenient`` settles wall times that a change skips or
repeats). Then, in this order:

1. closed overrides take time out of the rules' windows: a whole local day (midnight to
   midnight in the override's zone) or one window;
2. open overrides add their window, when their channels allow the channel asked for; an
   explicit opening therefore wins over a closure on the same day;
3. absences (UTC intervals, such as holidays or sick leave) are taken out of everything.

Pure: the caller loads the rows. Expansion visits each date once, and the wall-time-to-UTC
conversions it needs are memoised in ``localtime``, so hundreds of people cost little more
than one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfoNotFoundError

from scheduling import intervals, localtime
from scheduling.intervals import Interval

_WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Open every ``weekday`` from ``starts`` to ``ends`` wall time in ``zone``."""

    weekday: int  # 0 = Monday … 6 = Sunday, in the rule's zone
    starts: time  # local wall time
    ends: time  # local wall time, after starts (no overnight rules)
    zone: str  # IANA zone, such as "Europe/Helsinki"
    channels: frozenset[str]  # of "video", "phone", "in_person"
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")
        _check_window(self.starts, self.ends)
        _check_zone(self.zone)
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to < self.valid_from
        ):
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")


@dataclass(frozen=True, slots=True)
class DateOverride:
    """One local date: closed (all day, or a window), or open for extra hours."""

    on: date
    zone: str
    closed: bool  # closed all day (no times) or in a window; else extra opening hours
    starts: time | None = None
    ends: time | None = None
    channels: frozenset[str] = frozenset()  # of an extra opening; empty means every channel

    def __post_init__(self) -> None:
        if (self.starts is None) != (self.ends is None):
            raise ValueError("give an override both starts and ends, or neither")
        if not self.closed and self.starts is None:
            raise ValueError("extra opening hours need starts and ends")
        if self.starts is not None and self.ends is not None:
            _check_window(self.starts, self.ends)
        _check_zone(self.zone)

    def window(self) -> Interval:
        """The UTC interval of this override: its whole local day, or its hours that day."""
        if self.starts is None or self.ends is None:
            return localtime.day_bounds(self.on, self.zone)
        return (
            localtime.lenient(self.on, self.starts, self.zone),
            localtime.lenient(self.on, self.ends, self.zone),
        )


def expand(
    rules: Sequence[WeeklyRule],
    overrides: Sequence[DateOverride],
    absences: Sequence[Interval],
    *,
    first: date,
    last: date,
    channel: str | None = None,
) -> list[Interval]:
    """Free UTC time for ``channel`` on local first..last: rules - closed + opened - absences."""
    available = _rule_windows(rules, first, last, channel)
    closed: list[Interval] = []
    extra: list[Interval] = []
    for override in overrides:
        if override.closed:
            # Kept whatever its date: a closure can only take time away, and in another zone
            # its day may reach into the range.
            closed.append(override.window())
        elif first <= override.on <= last and (
            channel is None or not override.channels or channel in override.channels
        ):
            extra.append(override.window())
    if closed:
        available = intervals.subtract(available, closed)
    if extra:
        available = intervals.union(available, extra)
    if absences:
        available = intervals.subtract(available, absences)
    return available


def _rule_windows(
    rules: Sequence[WeeklyRule], first: date, last: date, channel: str | None
) -> list[Interval]:
    """Each rule's window on each local date from ``first`` to ``last`` it applies to."""
    windows: list[Interval] = []
    for rule in rules:
        if channel is not None and channel not in rule.channels:
            continue
        since = first if rule.valid_from is None else max(first, rule.valid_from)
        until = last if rule.valid_to is None else min(last, rule.valid_to)
        if since <= until:
            windows += _weekly(rule.weekday, rule.starts, rule.ends, rule.zone, since, until)
    return intervals.normalise(windows)


@lru_cache(maxsize=4096)
def _weekly(
    weekday: int, starts: time, ends: time, zone: str, since: date, until: date
) -> tuple[Interval, ...]:
    """The UTC windows of ``starts``–``ends`` on each ``weekday`` from ``since`` to ``until``.

    Memoised: the hundreds of people in one search share a few opening hours and dates.
    """
    windows: list[Interval] = []
    day = since + timedelta(days=(weekday - since.weekday()) % 7)
    while day <= until:
        windows.append((localtime.lenient(day, starts, zone), localtime.lenient(day, ends, zone)))
        day += _WEEK
    return tuple(windows)


def _check_window(starts: time, ends: time) -> None:
    if starts.tzinfo is not None or ends.tzinfo is not None:
        raise ValueError("starts and ends are local wall times, without a time zone")
    if ends <= starts:
        raise ValueError(f"a window must end after it starts, not {starts} to {ends}")


def _check_zone(zone: str) -> None:
    try:
        localtime.zone_info(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"{zone!r} is not an IANA time zone") from error
