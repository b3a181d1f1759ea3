"""A person's availability as UTC intervals, expanded from rules in local wall time.

Weekly rules expand per local date, so a 09:00–15:00 rule gives 09:00 local on both sides of
a DST change. Date overrides close a whole day, close a window, or add extra hours; absences
(UTC intervals) are taken out last. Pure: the caller loads the rows.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from scheduling import intervals, localtime
from scheduling.intervals import Interval


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    weekday: int  # 0 = Monday … 6 = Sunday, in the rule's zone
    starts: time
    ends: time
    zone: str
    channels: frozenset[str]
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        if self.ends <= self.starts:
            raise ValueError("a rule must end after it starts")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")


@dataclass(frozen=True, slots=True)
class DateOverride:
    on: date
    zone: str
    closed: bool  # closed all day (no times) or in a window; else extra opening hours
    starts: time | None = None
    ends: time | None = None
    channels: frozenset[str] = frozenset()  # of an extra opening; empty means every channel

    def __post_init__(self) -> None:
        if (self.starts is None) != (self.ends is None):
            raise ValueError("give both starts and ends, or neither")
        if not self.closed and self.starts is None:
            raise ValueError("extra opening hours need starts and ends")
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValueError("an override must end after it starts")

    def window(self) -> Interval:
        assert self.starts is not None and self.ends is not None
        return (
            localtime.lenient(self.on, self.starts, self.zone),
            localtime.lenient(self.on, self.ends, self.zone),
        )


def _rule_windows(
    rules: Sequence[WeeklyRule], first: date, last: date, channel: str | None
) -> dict[tuple[date, str], list[Interval]]:
    """Each rule's window on each local date it applies to, keyed by (date, zone)."""
    by_weekday: dict[int, list[WeeklyRule]] = defaultdict(list)
    for rule in rules:
        if channel is None or channel in rule.channels:
            by_weekday[rule.weekday].append(rule)
    windows: dict[tuple[date, str], list[Interval]] = defaultdict(list)
    if not by_weekday:
        return windows
    day = first
    while day <= last:
        for rule in by_weekday.get(day.weekday(), ()):
            if (rule.valid_from and day < rule.valid_from) or (
                rule.valid_to and day > rule.valid_to
            ):
                continue
            windows[(day, rule.zone)].append(
                (
                    localtime.lenient(day, rule.starts, rule.zone),
                    localtime.lenient(day, rule.ends, rule.zone),
                )
            )
        day += timedelta(days=1)
    return windows


def expand(
    rules: Sequence[WeeklyRule],
    overrides: Sequence[DateOverride],
    absences: Sequence[Interval],
    *,
    first: date,
    last: date,
    channel: str | None = None,
) -> list[Interval]:
    """The UTC intervals when the person is available for ``channel`` on local dates
    ``first`` to ``last``: rules, less closures, plus extra hours, less absences."""
    windows = _rule_windows(rules, first, last, channel)
    closed: list[Interval] = []
    extra: list[Interval] = []
    for override in overrides:
        if not first <= override.on <= last:
            continue
        if override.closed and override.starts is None:
            windows.pop((override.on, override.zone), None)
        elif override.closed:
            closed.append(override.window())
        elif channel is None or not override.channels or channel in override.channels:
            extra.append(override.window())
    opened = intervals.union(*windows.values(), extra)
    return intervals.subtract(opened, [*closed, *absences])
