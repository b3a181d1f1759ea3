"""Expanding weekly rules, date overrides and absences into UTC availability."""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import availability, intervals, localtime
from scheduling.availability import DateOverride, WeeklyRule
from scheduling.intervals import Interval

HKI, STO = "Europe/Helsinki", "Europe/Stockholm"
BOTH = frozenset({"video", "phone"})
EVERY_DAY = [WeeklyRule(day, time(9), time(15), HKI, BOTH) for day in range(7)]
WEEKDAYS = [WeeklyRule(day, time(9), time(15), HKI, BOTH) for day in range(5)]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hours(day: date, start: int, end: int, shift: int = 3) -> Interval:
    """The UTC interval of local ``start``–``end`` o'clock on ``day`` at UTC+``shift``."""
    midnight = datetime.combine(day, time(0), UTC) - timedelta(hours=shift)
    return (midnight + timedelta(hours=start), midnight + timedelta(hours=end))


@pytest.mark.parametrize(
    ("first", "utc_starts"),
    [
        (date(2026, 3, 27), [7, 7, 6, 6, 6]),  # EET until Sunday 29 March, then EEST
        (date(2026, 10, 23), [6, 6, 7, 7, 7]),  # EEST until Sunday 25 October, then EET
    ],
)
def test_a_rule_keeps_its_local_wall_time_on_both_sides_of_a_dst_change(
    first: date, utc_starts: list[int]
) -> None:
    last = first + timedelta(days=4)
    windows = availability.expand(EVERY_DAY, [], [], first=first, last=last)
    local = [(s.astimezone(ZoneInfo(HKI)), e.astimezone(ZoneInfo(HKI))) for s, e in windows]
    assert [(s.time(), e.time()) for s, e in local] == [(time(9), time(15))] * 5
    assert [s.date() for s, _ in local] == [first + timedelta(days=n) for n in range(5)]
    assert [s.hour for s, _ in windows] == utc_starts
    assert all(e - s == timedelta(hours=6) for s, e in windows)


def test_rule_hours_in_the_gap_move_forward_and_repeated_hours_count_from_the_first() -> None:
    rules = [WeeklyRule(6, time(3, 30), time(5), HKI, BOTH)]  # Sundays
    spring = availability.expand(rules, [], [], first=date(2026, 3, 29), last=date(2026, 3, 29))
    assert spring == [(utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2))]  # 04:30–05:00 EEST
    autumn = availability.expand(rules, [], [], first=date(2026, 10, 25), last=date(2026, 10, 25))
    assert autumn == [(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3))]  # 2 h 30 min


def test_a_rule_applies_only_from_valid_from_to_valid_to_inclusive() -> None:
    rules = [
        WeeklyRule(day, time(9), time(10), HKI, BOTH, date(2026, 4, 7), date(2026, 4, 9))
        for day in range(7)
    ]
    windows = availability.expand(rules, [], [], first=date(2026, 4, 1), last=date(2026, 4, 30))
    assert windows == [hours(date(2026, 4, day), 9, 10) for day in (7, 8, 9)]


def test_only_rules_offering_the_channel_count_and_none_means_any_channel() -> None:
    rules = [
        WeeklyRule(0, time(9), time(12), HKI, frozenset({"phone"})),
        WeeklyRule(0, time(13), time(15), HKI, frozenset({"video"})),
    ]
    monday = date(2026, 4, 6)

    def for_channel(channel: str | None) -> list[Interval]:
        return availability.expand(rules, [], [], first=monday, last=monday, channel=channel)

    assert for_channel("phone") == [hours(monday, 9, 12)]
    assert for_channel("video") == [hours(monday, 13, 15)]
    assert for_channel("in_person") == []
    assert for_channel(None) == [hours(monday, 9, 12), hours(monday, 13, 15)]


def test_a_whole_day_closure_removes_that_days_rule_windows() -> None:
    closed = [DateOverride(date(2026, 4, 1), HKI, closed=True)]
    windows = availability.expand(
        WEEKDAYS, closed, [], first=date(2026, 3, 31), last=date(2026, 4, 2)
    )
    assert windows == [hours(date(2026, 3, 31), 9, 15), hours(date(2026, 4, 2), 9, 15)]


def test_a_closed_window_is_taken_out_of_that_day() -> None:
    closed = [DateOverride(date(2026, 4, 2), HKI, closed=True, starts=time(10), ends=time(11))]
    windows = availability.expand(
        WEEKDAYS, closed, [], first=date(2026, 4, 2), last=date(2026, 4, 2)
    )
    assert windows == [hours(date(2026, 4, 2), 9, 10), hours(date(2026, 4, 2), 11, 15)]


def test_an_extra_opening_adds_hours_for_its_channels_or_all_when_it_names_none() -> None:
    saturday = date(2026, 4, 4)
    phone_only = DateOverride(saturday, HKI, False, time(10), time(12), frozenset({"phone"}))
    any_channel = DateOverride(saturday, HKI, False, time(13), time(14))

    def for_channel(channel: str | None) -> list[Interval]:
        return availability.expand(
            WEEKDAYS, [phone_only, any_channel], [], first=saturday, last=saturday, channel=channel
        )

    assert for_channel(None) == [hours(saturday, 10, 12), hours(saturday, 13, 14)]
    assert for_channel("phone") == [hours(saturday, 10, 12), hours(saturday, 13, 14)]
    assert for_channel("video") == [hours(saturday, 13, 14)]


def test_an_extra_opening_wins_over_a_closure_on_the_same_day() -> None:
    day = date(2026, 4, 1)
    overrides = [
        DateOverride(day, HKI, closed=True),
        DateOverride(day, HKI, closed=False, starts=time(17), ends=time(19)),
    ]
    windows = availability.expand(WEEKDAYS, overrides, [], first=day, last=day)
    assert windows == [hours(day, 17, 19)]


def test_an_extra_opening_outside_the_dates_asked_for_is_ignored() -> None:
    opening = DateOverride(date(2026, 4, 5), HKI, closed=False, starts=time(10), ends=time(12))
    windows = availability.expand([], [opening], [], first=date(2026, 4, 6), last=date(2026, 4, 7))
    assert windows == []


def test_absences_spanning_days_are_taken_out_of_rules_and_extra_openings() -> None:
    away = [(utc(2026, 4, 6, 9), utc(2026, 4, 8, 8))]
    opening = DateOverride(date(2026, 4, 7), HKI, closed=False, starts=time(18), ends=time(20))
    windows = availability.expand(
        EVERY_DAY, [opening], away, first=date(2026, 4, 6), last=date(2026, 4, 8)
    )
    assert windows == [
        (utc(2026, 4, 6, 6), utc(2026, 4, 6, 9)),
        (utc(2026, 4, 8, 8), utc(2026, 4, 8, 12)),
    ]


def test_rules_in_stockholm_beside_helsinki_each_follow_their_own_clock() -> None:
    rules = [
        *(WeeklyRule(day, time(9), time(9, 30), HKI, BOTH) for day in range(7)),
        *(WeeklyRule(day, time(9), time(9, 30), STO, BOTH) for day in range(7)),
    ]
    first = date(2026, 3, 28)
    windows = availability.expand(rules, [], [], first=first, last=date(2026, 3, 30))
    assert all(end - start == timedelta(minutes=30) for start, end in windows)
    starts = [s for s, _ in windows]
    assert starts == [
        utc(2026, 3, 28, 7),  # 09:00 EET
        utc(2026, 3, 28, 8),  # 09:00 CET
        utc(2026, 3, 29, 6),  # 09:00 EEST
        utc(2026, 3, 29, 7),  # 09:00 CEST
        utc(2026, 3, 30, 6),
        utc(2026, 3, 30, 7),
    ]


def test_a_whole_day_closure_closes_the_local_day_of_its_own_zone() -> None:
    # 23:00–23:30 in Stockholm on 1 April is already 2 April in Helsinki.
    rules = [
        WeeklyRule(2, time(9), time(10), STO, BOTH),
        WeeklyRule(2, time(23), time(23, 30), STO, BOTH),
    ]
    closed = [DateOverride(date(2026, 4, 1), HKI, closed=True)]
    windows = availability.expand(rules, closed, [], first=date(2026, 4, 1), last=date(2026, 4, 1))
    assert windows == [(utc(2026, 4, 1, 21), utc(2026, 4, 1, 21, 30))]


def test_an_empty_date_range_or_no_rules_give_no_time() -> None:
    assert (
        availability.expand(EVERY_DAY, [], [], first=date(2026, 4, 2), last=date(2026, 4, 1)) == []
    )
    assert availability.expand([], [], [], first=date(2026, 4, 1), last=date(2026, 4, 30)) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda: WeeklyRule(7, time(9), time(10), HKI, BOTH),
        lambda: WeeklyRule(-1, time(9), time(10), HKI, BOTH),
        lambda: WeeklyRule(0, time(10), time(9), HKI, BOTH),
        lambda: WeeklyRule(0, time(9), time(9), HKI, BOTH),
        lambda: WeeklyRule(0, time(9), time(10), "Europe/Nowhere", BOTH),
        lambda: WeeklyRule(0, time(9, tzinfo=UTC), time(10, tzinfo=UTC), HKI, BOTH),
        lambda: WeeklyRule(0, time(9), time(10), HKI, BOTH, date(2026, 4, 2), date(2026, 4, 1)),
        lambda: DateOverride(date(2026, 4, 1), HKI, closed=False),
        lambda: DateOverride(date(2026, 4, 1), HKI, closed=True, starts=time(9)),
        lambda: DateOverride(date(2026, 4, 1), HKI, closed=True, ends=time(9)),
        lambda: DateOverride(date(2026, 4, 1), HKI, False, time(12), time(11)),
    ],
)
def test_malformed_rules_and_overrides_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        build()


# A brute-force model of the rules in whole minutes, independent of ``expand``'s own walk.
MINUTE = timedelta(minutes=1)
EPOCH = utc(2026, 1, 1)
CHANNELS = ["video", "phone", "in_person"]


def minutes(items: Iterable[Interval]) -> set[int]:
    covered: set[int] = set()
    for start, end in items:
        covered.update(range((start - EPOCH) // MINUTE, (end - EPOCH) // MINUTE))
    return covered


def walls(day: date, starts: time, ends: time, zone: str) -> set[int]:
    return minutes([(localtime.lenient(day, starts, zone), localtime.lenient(day, ends, zone))])


def model(
    rules: list[WeeklyRule],
    overrides: list[DateOverride],
    absences: list[Interval],
    first: date,
    last: date,
    channel: str | None,
) -> tuple[set[int], set[int]]:
    """The minutes ``expand`` must give, and the minutes any rule or opening could give."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    opened = {
        minute
        for day in days
        for rule in rules
        if rule.weekday == day.weekday()
        and (channel is None or channel in rule.channels)
        and (rule.valid_from is None or rule.valid_from <= day)
        and (rule.valid_to is None or day <= rule.valid_to)
        for minute in walls(day, rule.starts, rule.ends, rule.zone)
    }
    extra: set[int] = set()
    for override in overrides:
        if override.starts is None or override.ends is None:
            opened -= minutes([localtime.day_bounds(override.on, override.zone)])
        elif override.closed:
            opened -= walls(override.on, override.starts, override.ends, override.zone)
        elif first <= override.on <= last and (
            channel is None or not override.channels or channel in override.channels
        ):
            extra |= walls(override.on, override.starts, override.ends, override.zone)
    return (opened | extra) - minutes(absences), opened | extra


@st.composite
def wall_windows(draw: st.DrawFn) -> tuple[time, time]:
    """A window of whole minutes within one day, up to eight hours long."""
    start = draw(st.integers(0, 24 * 60 - 2))
    end = draw(st.integers(start + 1, min(start + 8 * 60, 24 * 60 - 1)))
    return time(start // 60, start % 60), time(end // 60, end % 60)


Case = tuple[list[WeeklyRule], list[DateOverride], list[Interval], date, date, str | None]


@st.composite
def schedules(draw: st.DrawFn) -> Case:
    """Rules, overrides and absences over a few days, often across a clock change."""
    first = draw(st.sampled_from([date(2026, 3, 26), date(2026, 10, 22), date(2026, 6, 1)]))
    first += timedelta(days=draw(st.integers(0, 3)))
    last = first + timedelta(days=draw(st.integers(0, 3)))
    zones = st.sampled_from([HKI, STO])
    channels = st.frozensets(st.sampled_from(CHANNELS))
    days = st.integers(-1, 5).map(lambda n: first + timedelta(days=n))
    rules = []
    for _ in range(draw(st.integers(0, 6))):
        starts, ends = draw(wall_windows())
        earlier, later = sorted(draw(st.lists(days, min_size=2, max_size=2)))
        valid_from = earlier if draw(st.booleans()) else None
        valid_to = later if draw(st.booleans()) else None
        weekday, zone, offered = draw(days).weekday(), draw(zones), draw(channels)
        rules.append(WeeklyRule(weekday, starts, ends, zone, offered, valid_from, valid_to))
    overrides = []
    for _ in range(draw(st.integers(0, 4))):
        closed, whole_day = draw(st.booleans()), draw(st.booleans())
        window: tuple[time | None, time | None] = (None, None)
        if not (closed and whole_day):
            window = draw(wall_windows())
        on, zone, offered = draw(days), draw(zones), draw(channels)
        overrides.append(DateOverride(on, zone, closed, *window, offered))
    near = datetime.combine(first, time(0), UTC)
    absences = [
        (near + start * MINUTE, near + (start + length) * MINUTE)
        for start, length in draw(
            st.lists(
                st.tuples(st.integers(-24 * 60, 5 * 24 * 60), st.integers(1, 2 * 24 * 60)),
                max_size=3,
            )
        )
    ]
    channel = draw(st.none() | st.sampled_from(CHANNELS))
    return rules, overrides, absences, first, last, channel


@settings(max_examples=150, deadline=None)
@given(schedules())
def test_expansion_is_normalised_inside_the_rules_and_openings_and_matches_the_model(
    case: Case,
) -> None:
    rules, overrides, absences, first, last, channel = case
    windows = availability.expand(
        rules, overrides, absences, first=first, last=last, channel=channel
    )
    expected, possible = model(*case)
    assert intervals.normalise(windows) == windows
    assert minutes(windows) <= possible
    assert minutes(windows) == expected
    busy = intervals.normalise(absences)
    assert not any(intervals.overlaps(busy, start, end) for start, end in windows)
