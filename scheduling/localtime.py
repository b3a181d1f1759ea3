"""Local wall time and UTC instants, correct on the days clocks change.

Europe/Helsinki jumps from 03:00 to 04:00 on the last Sunday of March (the wall times between
never happen) and goes back from 04:00 to 03:00 on the last Sunday of October (03:00–03:59
happen twice). Input that names such a time is refused with a reason and what to do instead
(``resolve``, ``check_offset``); recurring rules resolve it the lenient way (``lenient``): a
time in the gap moves forward by the gap, a repeated time takes its first occurrence, as
Python's ``fold=0`` and RFC 5545 do.

Zones may be given as IANA names or ``ZoneInfo`` objects. ``lenient`` is memoised, because
slot search asks for the same few wall times of the same days for hundreds of people.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduling.errors import (
    InvalidValue,
    LocalTimeAmbiguous,
    LocalTimeMissing,
    LocalTimeNonexistent,
)

_MIDNIGHT = time(0)
_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)  # the last instant of a half-open interval is end - _TICK


def zone_info(zone: ZoneInfo | str) -> ZoneInfo:
    """The ZoneInfo for ``zone``, given as an IANA name or a ZoneInfo."""
    return zone if isinstance(zone, ZoneInfo) else _named_zone(zone)


@lru_cache(maxsize=256)
def _named_zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def resolve(local: datetime, zone: ZoneInfo | str, *, field: str) -> datetime:
    """The UTC instant of a naive local wall time; refuse one in a DST gap or a repeated hour."""
    if local.tzinfo is not None:
        raise ValueError(f"resolve takes a naive local wall time, not {local.isoformat()}")
    tz = zone_info(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    assert before is not None and after is not None  # a ZoneInfo always has an offset
    if before < after:  # the offset grows: clocks jump forward over this wall time
        jump_from, jump_to = _change_walls(tz, second.astimezone(UTC), first.astimezone(UTC))
        raise LocalTimeNonexistent(
            f"{_show(local)} does not exist in {tz.key}: that night the clocks jump from "
            f"{jump_from} to {jump_to}. Choose a time before {jump_from} or from {jump_to} on.",
            field=field,
        )
    if before > after:  # the offset shrinks: clocks go back and this wall time comes twice
        back_from, back_to = _change_walls(tz, first.astimezone(UTC), second.astimezone(UTC))
        raise LocalTimeAmbiguous(
            f"{_show(local)} happens twice in {tz.key}: that night the clocks go back from "
            f"{back_from} to {back_to}. Give it with a UTC offset to say which: "
            f"{_show(first)} is the first; or choose a time before {back_to} or from "
            f"{back_from} on. (The second, {_show(second)}, cannot be kept in opening hours, "
            f"which are wall times.)",
            field=field,
        )
    return first.astimezone(UTC)


def resolve_wall(day: date, wall: time, zone: ZoneInfo | str, *, field: str) -> datetime:
    """The UTC instant of ``wall`` on ``day``; an offset it carries must be the zone's then.

    A wall time is kept without its offset, which a repeated hour therefore cannot keep: with
    the first pass's offset it is accepted (the first is what a stored wall time means), with
    the second's it is refused.
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None))
    offset = wall.utcoffset()
    if offset is None:
        return resolve(naive, zone, field=field)
    tz = zone_info(zone)
    given = naive.replace(tzinfo=timezone(offset))
    there = given.astimezone(tz)
    if there.replace(tzinfo=None, fold=0) != naive:
        raise LocalTimeNonexistent(
            f"{_show(given)} is not a time in {tz.key}: at that instant its clocks read "
            f"{_show(there)}. Give the wall time alone, or with the offset {tz.key} has then.",
            field=field,
        )
    if there.fold:
        first = naive.replace(tzinfo=tz, fold=0)
        raise InvalidValue(
            f"{_show(given)} is the second {_show_wall(naive)} of a night when the clocks go "
            f"back in {tz.key}; opening hours are wall times and keep only the first, "
            f"{_show(first)}. Give that, or a time after the repeated hour.",
            field=field,
        )
    return given.astimezone(UTC)


def lenient(day: date, wall: time, zone: ZoneInfo | str) -> datetime:
    """UTC instant of ``wall`` on ``day``: a gap time moves on by the gap, a repeat is the first."""
    if wall.fold:
        wall = wall.replace(fold=0)
    return _lenient(day, wall, zone)


@lru_cache(maxsize=8192)
def _lenient(day: date, wall: time, zone: ZoneInfo | str) -> datetime:
    # fold=0 reads a gap time with the offset from before the change, which lands as far past
    # the gap's end as it was past its start (03:30 → 04:30), and a repeated time as the first.
    return datetime.combine(day, wall, zone_info(zone)).astimezone(UTC)


def check_offset(value: datetime, zone: ZoneInfo | str, *, field: str) -> datetime:
    """Accept an instant in UTC, or with the UTC offset that ``zone`` has at that instant.

    Any other offset is most likely a local time written with last season's offset.
    """
    offset = value.utcoffset()
    if offset is None:
        raise LocalTimeMissing(
            f"{field} needs a UTC offset, for example 2026-03-30T09:00+03:00", field=field
        )
    if offset == timedelta(0):
        return value.astimezone(UTC)
    tz = zone_info(zone)
    local = value.astimezone(tz)
    if local.utcoffset() != offset:
        raise LocalTimeNonexistent(
            f"{_show(value)} is not a time in {tz.key}, whose offset at that instant is "
            f"{_show_offset(local.utcoffset())}: that instant is {_show(local)} there. "
            f"Give the local time with the offset {tz.key} has at that time, or the time in "
            f"UTC ({_show(value.astimezone(UTC))}).",
            field=field,
        )
    return value.astimezone(UTC)


def day_bounds(day: date, zone: ZoneInfo | str) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start of ``day`` and of the next day."""
    return lenient(day, _MIDNIGHT, zone), lenient(day + _DAY, _MIDNIGHT, zone)


def local_dates(start: datetime, end: datetime, zone: ZoneInfo | str) -> list[date]:
    """The local dates that the instants in the aware ``[start, end)`` fall on (none if empty)."""
    if start.utcoffset() is None or end.utcoffset() is None:
        raise ValueError("local_dates takes aware datetimes")
    if end <= start:
        return []
    tz = zone_info(zone)
    first = start.astimezone(tz).date()
    last = (end - _TICK).astimezone(tz).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _change_walls(tz: ZoneInfo, before: datetime, after: datetime) -> tuple[str, str]:
    """The wall clock just before and just after the offset change between two UTC instants."""
    old = before.astimezone(tz).utcoffset()
    low, high = 0, int((after - before).total_seconds())
    while high - low > 1:  # bisect by the second: only on the error path, a dozen steps
        middle = (low + high) // 2
        if (before + timedelta(seconds=middle)).astimezone(tz).utcoffset() == old:
            low = middle
        else:
            high = middle
    change = before + timedelta(seconds=high)
    new = change.astimezone(tz).utcoffset()
    assert old is not None and new is not None
    naive = change.replace(tzinfo=None)
    return _show_wall(naive + old), _show_wall(naive + new)


def _show(value: datetime) -> str:
    """ISO 8601 to the minute (to the second or finer only when they are not zero)."""
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.isoformat(sep=" " if value.tzinfo is None else "T", timespec=spec)


def _show_wall(value: datetime) -> str:
    return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")


def _show_offset(offset: timedelta | None) -> str:
    assert offset is not None
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{'-' if offset < timedelta(0) else '+'}{minutes // 60:02d}:{minutes % 60:02d}"
