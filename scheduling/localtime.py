"""Local wall time and UTC instants, correct on the days clocks change.

Europe/Helsinki jumps from 03:00 to 04:00 on the last Sunday of March (the times between
never happen) and from 04:00 back to 03:00 on the last Sunday of October (03:00–03:59 happen
twice). Input that names such a time is refused with a reason; recurring rules resolve it
the lenient way.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduling.errors import LocalTimeAmbiguous, LocalTimeMissing, LocalTimeNonexistent


@lru_cache(maxsize=64)
def zone_info(zone: ZoneInfo | str) -> ZoneInfo:
    """The ZoneInfo for ``zone`` (a name or a ZoneInfo)."""
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def _exists(local: datetime, tz: ZoneInfo) -> bool:
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local


def resolve(local: datetime, zone: ZoneInfo | str, *, field: str) -> datetime:
    """The UTC instant of a naive local wall time; refuse one in a DST gap or overlap."""
    if local.tzinfo is not None:
        raise ValueError("resolve takes a naive local wall time")
    tz = zone_info(zone)
    shown = local.strftime("%Y-%m-%d %H:%M")
    if not _exists(local, tz):
        raise LocalTimeNonexistent(
            f"{shown} does not exist in {tz.key}: the clocks jump forward an hour that night",
            field=field,
        )
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise LocalTimeAmbiguous(
            f"{shown} happens twice in {tz.key} (the clocks go back an hour that night); "
            "give a UTC offset to say which",
            field=field,
        )
    return first.astimezone(UTC)


def lenient(day: date, wall: time, zone: ZoneInfo | str) -> datetime:
    """The UTC instant of a rule's wall time on ``day``: a time in the gap moves forward by
    the gap, a repeated time takes its first occurrence. Never raises."""
    tz = zone_info(zone)
    local = datetime.combine(day, wall)
    # fold=0 takes a repeated time's first occurrence; in the gap it reads the wall time with
    # the offset from before the change, which lands as far past the gap's end (03:30 → 04:30).
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def check_offset(value: datetime, zone: ZoneInfo | str, *, field: str) -> datetime:
    """Accept an instant only with the UTC offset that ``zone`` has at that instant."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise LocalTimeMissing(
            f"{field} needs a UTC offset, for example 2026-03-30T09:00:00+03:00", field=field
        )
    tz = zone_info(zone)
    local = value.astimezone(tz)
    if local.utcoffset() != value.utcoffset():
        raise LocalTimeNonexistent(
            f"{value.isoformat()} is not a local time in {tz.key}: that instant is "
            f"{local.isoformat()} there",
            field=field,
        )
    return value.astimezone(UTC)


def day_bounds(day: date, zone: ZoneInfo | str) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start of ``day`` and of the next day."""
    return lenient(day, time(0), zone), lenient(day + timedelta(days=1), time(0), zone)


def local_dates(start: datetime, end: datetime, zone: ZoneInfo | str) -> list[date]:
    """The local dates that the instants in ``[start, end)`` fall on."""
    tz = zone_info(zone)
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date() if end > start else first
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
