"""Local wall times and UTC on the days Helsinki's clocks change (2026-03-29, 2026-10-25)."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import localtime
from scheduling.errors import (
    InvalidValue,
    LocalTimeAmbiguous,
    LocalTimeMissing,
    LocalTimeNonexistent,
)

HKI = "Europe/Helsinki"
TZ = ZoneInfo(HKI)
SPRING, AUTUMN, PLAIN = date(2026, 3, 29), date(2026, 10, 25), date(2026, 6, 1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 3, 28, 9, 0), utc(2026, 3, 28, 7)),
        (datetime(2026, 3, 29, 0, 0), utc(2026, 3, 28, 22)),
        (datetime(2026, 3, 29, 2, 59), utc(2026, 3, 29, 0, 59)),
        (datetime(2026, 3, 29, 4, 0), utc(2026, 3, 29, 1)),
        (datetime(2026, 3, 30, 9, 0), utc(2026, 3, 30, 6)),
        (datetime(2026, 10, 25, 2, 59), utc(2026, 10, 24, 23, 59)),
        (datetime(2026, 10, 25, 4, 0), utc(2026, 10, 25, 2)),
        (datetime(2026, 10, 26, 9, 0), utc(2026, 10, 26, 7)),
        (datetime(2027, 3, 28, 3, 0) - timedelta(minutes=1), utc(2027, 3, 28, 0, 59)),
    ],
)
def test_resolve_gives_the_instant_of_a_local_time_that_happens_once(
    local: datetime, expected: datetime
) -> None:
    assert localtime.resolve(local, HKI, field="t") == expected
    assert localtime.resolve(local, TZ, field="t") == expected


@pytest.mark.parametrize("wall", [time(3, 0), time(3, 30), time(3, 59)])
def test_resolve_refuses_a_time_in_the_spring_gap_and_says_what_to_do(wall: time) -> None:
    local = datetime.combine(SPRING, wall)
    with pytest.raises(LocalTimeNonexistent) as refused:
        localtime.resolve(local, HKI, field="starts")
    message = refused.value.message
    assert refused.value.field == "starts"
    assert f"2026-03-29 {wall:%H:%M}" in message and HKI in message
    assert "from 03:00 to 04:00" in message


@pytest.mark.parametrize("wall", [time(3, 0), time(3, 30), time(3, 59)])
def test_resolve_refuses_a_time_that_happens_twice_in_autumn_and_asks_for_an_offset(
    wall: time,
) -> None:
    local = datetime.combine(AUTUMN, wall)
    with pytest.raises(LocalTimeAmbiguous) as refused:
        localtime.resolve(local, HKI, field="starts")
    message = refused.value.message
    assert refused.value.field == "starts"
    assert f"2026-10-25 {wall:%H:%M}" in message and HKI in message
    assert "from 04:00 to 03:00" in message and "offset" in message
    assert f"2026-10-25T{wall:%H:%M}+03:00 is the first" in message
    assert f"The second, 2026-10-25T{wall:%H:%M}+02:00, cannot be kept" in message
    # What it asks for is taken: the first, with its offset.
    first = localtime.resolve_wall(AUTUMN, wall.replace(tzinfo=offset(3)), HKI, field="starts")
    assert first == datetime.combine(AUTUMN, wall, offset(3))


@pytest.mark.parametrize(
    ("day", "wall", "expected"),
    [
        (PLAIN, time(9, 0), utc(2026, 6, 1, 6, 0)),
        (PLAIN, time(9, 0, tzinfo=offset(3)), utc(2026, 6, 1, 6, 0)),
        (date(2026, 1, 5), time(9, 0, tzinfo=offset(2)), utc(2026, 1, 5, 7, 0)),
        (SPRING, time(4, 0, tzinfo=offset(3)), utc(2026, 3, 29, 1, 0)),
        (AUTUMN, time(3, 30, tzinfo=offset(3)), utc(2026, 10, 25, 0, 30)),
    ],
)
def test_resolve_wall_takes_a_wall_time_alone_or_with_the_zones_offset_then(
    day: date, wall: time, expected: datetime
) -> None:
    assert localtime.resolve_wall(day, wall, HKI, field="starts") == expected


@pytest.mark.parametrize(
    ("day", "wall", "error"),
    [
        (PLAIN, time(9, 0, tzinfo=offset(2)), LocalTimeNonexistent),
        (PLAIN, time(9, 0, tzinfo=UTC), LocalTimeNonexistent),
        (SPRING, time(3, 30, tzinfo=offset(2)), LocalTimeNonexistent),  # in the gap
        (SPRING, time(3, 30), LocalTimeNonexistent),
        (AUTUMN, time(3, 30), LocalTimeAmbiguous),
        (AUTUMN, time(3, 30, tzinfo=offset(2)), InvalidValue),  # the second pass
    ],
)
def test_resolve_wall_refuses_what_a_stored_wall_time_cannot_mean(
    day: date, wall: time, error: type[Exception]
) -> None:
    with pytest.raises(error) as refused:
        localtime.resolve_wall(day, wall, HKI, field="ends")
    assert refused.value.field == "ends"  # type: ignore[attr-defined]


def test_resolve_refuses_an_aware_datetime_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="naive"):
        localtime.resolve(datetime(2026, 6, 1, 9, tzinfo=UTC), HKI, field="t")


@pytest.mark.parametrize(
    ("day", "wall", "expected"),
    [
        (SPRING, time(2, 59), utc(2026, 3, 29, 0, 59)),
        (SPRING, time(3, 0), utc(2026, 3, 29, 1, 0)),  # 04:00 EEST
        (SPRING, time(3, 30), utc(2026, 3, 29, 1, 30)),  # 04:30 EEST
        (SPRING, time(4, 0), utc(2026, 3, 29, 1, 0)),
        (AUTUMN, time(3, 30), utc(2026, 10, 25, 0, 30)),  # the first 03:30, EEST
        (AUTUMN, time(3, 30, fold=1), utc(2026, 10, 25, 0, 30)),  # still the first
        (AUTUMN, time(4, 0), utc(2026, 10, 25, 2, 0)),
        (PLAIN, time(9, 0), utc(2026, 6, 1, 6, 0)),
        (date(2026, 1, 5), time(9, 0), utc(2026, 1, 5, 7, 0)),
    ],
)
def test_lenient_moves_a_gap_time_forward_and_takes_a_repeated_time_first(
    day: date, wall: time, expected: datetime
) -> None:
    assert localtime.lenient(day, wall, HKI) == expected
    assert localtime.lenient(day, wall, TZ) == expected


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 10, 25, 3, 30, tzinfo=offset(3)),  # the first 03:30
        datetime(2026, 10, 25, 3, 30, tzinfo=offset(2)),  # the second 03:30
        datetime(2026, 3, 29, 2, 59, tzinfo=offset(2)),
        datetime(2026, 3, 29, 4, 0, tzinfo=offset(3)),
        datetime(2026, 3, 30, 9, 0, tzinfo=offset(3)),
        datetime(2026, 1, 5, 9, 0, tzinfo=offset(2)),
        datetime(2026, 1, 5, 9, 0, tzinfo=TZ),
        datetime(2026, 6, 1, 9, 0, tzinfo=UTC),  # UTC is an instant in any zone
        datetime(2026, 10, 25, 1, 30, tzinfo=offset(0)),  # the second 03:30, in UTC
    ],
)
def test_check_offset_accepts_utc_or_the_zones_own_offset_and_returns_utc(value: datetime) -> None:
    result = localtime.check_offset(value, HKI, field="t")
    assert result == value and result.tzinfo is UTC


def test_check_offset_refuses_a_naive_time_and_shows_an_example() -> None:
    with pytest.raises(LocalTimeMissing) as refused:
        localtime.check_offset(datetime(2026, 4, 1, 9), HKI, field="starts_at")
    assert refused.value.field == "starts_at"
    assert "starts_at needs a UTC offset, for example 2026-03-30T09:00+03:00" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "there"),
    [
        (datetime(2026, 3, 29, 3, 30, tzinfo=offset(2)), "2026-03-29T04:30+03:00"),
        (datetime(2026, 3, 29, 3, 30, tzinfo=offset(3)), "2026-03-29T02:30+02:00"),
        (datetime(2026, 6, 1, 9, 0, tzinfo=offset(5)), "2026-06-01T07:00+03:00"),
        (datetime(2026, 1, 5, 9, 0, tzinfo=offset(5)), "2026-01-05T06:00+02:00"),
        (datetime(2026, 10, 25, 4, 30, tzinfo=offset(3)), "2026-10-25T03:30+02:00"),
    ],
)
def test_check_offset_refuses_an_offset_the_zone_does_not_have_then_and_says_its_time(
    value: datetime, there: str
) -> None:
    with pytest.raises(LocalTimeNonexistent) as refused:
        localtime.check_offset(value, HKI, field="ends_at")
    assert refused.value.field == "ends_at"
    assert there in refused.value.message and HKI in refused.value.message


@pytest.mark.parametrize(
    ("day", "start", "hours"),
    [
        (SPRING, utc(2026, 3, 28, 22), 23),
        (AUTUMN, utc(2026, 10, 24, 21), 25),
        (PLAIN, utc(2026, 5, 31, 21), 24),
        (date(2026, 1, 5), utc(2026, 1, 4, 22), 24),
    ],
)
def test_day_bounds_run_from_local_midnight_to_the_next_local_midnight(
    day: date, start: datetime, hours: int
) -> None:
    assert localtime.day_bounds(day, HKI) == (start, start + timedelta(hours=hours))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            utc(2026, 3, 28, 21),
            utc(2026, 3, 29, 22),
            [date(2026, 3, 28), SPRING, date(2026, 3, 30)],
        ),
        (utc(2026, 3, 28, 22), utc(2026, 3, 29, 21), [SPRING]),  # exactly the 23-hour day
        (utc(2026, 10, 24, 21), utc(2026, 10, 25, 22), [AUTUMN]),  # exactly the 25-hour day
        (utc(2026, 6, 1, 6), utc(2026, 6, 1, 7), [PLAIN]),
        (utc(2026, 6, 1, 6), utc(2026, 6, 1, 6), []),
        (utc(2026, 6, 1, 7), utc(2026, 6, 1, 6), []),
    ],
)
def test_local_dates_lists_the_local_days_a_half_open_interval_touches(
    start: datetime, end: datetime, expected: list[date]
) -> None:
    assert localtime.local_dates(start, end, HKI) == expected


def test_local_dates_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        localtime.local_dates(datetime(2026, 6, 1), datetime(2026, 6, 2), HKI)


@pytest.mark.parametrize("day", [SPRING, AUTUMN, PLAIN, date(2026, 1, 5)])
def test_all_functions_agree_at_every_quarter_hour_of_a_day(day: date) -> None:
    start, end = localtime.day_bounds(day, HKI)
    for quarter in range(24 * 4):
        wall = time(quarter // 4, quarter % 4 * 15)
        instant = localtime.lenient(day, wall, HKI)
        assert start <= instant < end
        assert localtime.local_dates(instant, instant + timedelta(minutes=1), HKI) == [day]
        assert localtime.check_offset(instant.astimezone(TZ), HKI, field="t") == instant
        try:
            assert localtime.resolve(datetime.combine(day, wall), HKI, field="t") == instant
        except LocalTimeNonexistent:
            assert day == SPRING and time(3) <= wall < time(4)
            assert instant.astimezone(TZ).time() == wall.replace(hour=wall.hour + 1)
        except LocalTimeAmbiguous:
            assert day == AUTUMN and time(3) <= wall < time(4)
            assert instant.astimezone(TZ).fold == 0


# Clock changes (UTC) of the zones below, so that the instants near them get tried often.
CHANGES = [utc(2026, 3, 29, 1), utc(2026, 10, 25, 1), utc(2026, 3, 8, 7), utc(2026, 11, 1, 6)]
instants = st.one_of(
    st.integers(0, 365 * 24 * 60).map(lambda minute: utc(2026, 1, 1) + timedelta(minutes=minute)),
    st.builds(
        lambda change, minute: change + timedelta(minutes=minute),
        st.sampled_from(CHANGES),
        st.integers(-150, 150),
    ),
)


@settings(max_examples=500, deadline=None)
@given(instants, st.sampled_from(["Europe/Helsinki", "Europe/Stockholm", "America/New_York"]))
def test_every_instant_round_trips_through_its_local_time(instant: datetime, zone: str) -> None:
    local = instant.astimezone(ZoneInfo(zone))
    naive, day = local.replace(tzinfo=None), local.date()
    assert localtime.check_offset(local, zone, field="t") == instant
    assert localtime.local_dates(instant, instant + timedelta(seconds=1), zone) == [day]
    start, end = localtime.day_bounds(day, zone)
    assert start <= instant < end
    first = localtime.lenient(day, local.time(), zone)
    try:
        assert localtime.resolve(naive, zone, field="t") == instant == first
    except LocalTimeAmbiguous:
        # Both readings of a repeated wall time are real; lenient takes the earlier one.
        assert instant - first in (timedelta(0), timedelta(hours=1))
