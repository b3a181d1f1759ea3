"""The VTIMEZONE of any IANA zone, written from zoneinfo's own transitions so that every
reader we know of (Thunderbird's ical.js, Outlook-like readers, ``icalendar``, ``ical``) sees
the same offsets as zoneinfo.

Each change of offset is an onset of a STANDARD or DAYLIGHT observance, written as RFC 5545
3.8.2.4 says: the local wall time in the offset *before* the change (TZOFFSETFROM), so
Helsinki's summer time starts at 03:00 and ends at 04:00, as Thunderbird and Outlook write
it. Every onset is on an RDATE line of its own (ical.js reads only the first value of a
comma-separated RDATE), the first one too (``ical`` reads an observance's onsets from its
RDATEs and RRULE only, not from its DTSTART).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
_SECOND = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Observance:
    """What a zone's clocks say from some instant on."""

    offset: timedelta
    daylight: bool
    name: str


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of a zone's observance at ``at`` (aware UTC, the first instant of ``after``)."""

    at: datetime
    before: Observance
    after: Observance


def observance(zone: ZoneInfo, instant: datetime) -> Observance:
    """The observance of ``zone`` at ``instant``."""
    offset, dst, name = _state(zone, instant)
    return Observance(offset, bool(dst), name or _offset(offset))


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta | None, str | None]:
    """What ``observance`` is made of, at half its cost (the scans below ask it most)."""
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    assert offset is not None, "zoneinfo knows every instant's offset"
    return offset, local.dst(), local.tzname()


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[Transition]:
    """Every change of ``zone``'s observance from ``start`` to ``end`` (aware), found by asking
    zoneinfo day by day, then hour by hour and second by second where the day changed it.
    zoneinfo has no public list of transitions. tzdata has some four days apart (Freetown,
    Brazil in 1999: a weekly scan missed them) but none that a day hides: this found every
    change an hourly scan of every zone from 1900 to 2040 found."""
    at, before = start, _state(zone, start)
    while at < end:
        if _state(zone, at + _DAY) == before:
            at += _DAY
            continue
        while _state(zone, at + _HOUR) == before:  # the change lies within this day
            at += _HOUR
        low, high = 0, 3600  # seconds: low is still before, high is not
        while high - low > 1:
            middle = (low + high) // 2
            if _state(zone, at + timedelta(seconds=middle)) == before:
                low = middle
            else:
                high = middle
        at += timedelta(seconds=high)
        after = _state(zone, at)
        yield Transition(at, observance(zone, at - _SECOND), observance(zone, at))
        before = after


@lru_cache(maxsize=64)
def vtimezone(key: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of zone ``key`` from the start of ``first_year`` to that of ``last_year``,
    as CRLF calendar lines."""
    zone = ZoneInfo(key)
    start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year, 1, 1, tzinfo=zone).astimezone(UTC)
    initial = observance(zone, start)
    # One observance component per (kind, offset before, after, name), each with its onsets.
    onsets: dict[tuple[Observance, timedelta], list[datetime]] = {
        (initial, initial.offset): [start + initial.offset]
    }
    for change in transitions(zone, start, end):
        key_of = (change.after, change.before.offset)
        onsets.setdefault(key_of, []).append(change.at + change.before.offset)
    lines = [
        "BEGIN:VTIMEZONE",
        f"TZID:{key}",
        f"COMMENT:This timezone only works from {first_year}-01-01 to {last_year}-01-01.",
    ]
    for (after, offset_from), walls in sorted(onsets.items(), key=lambda item: item[1][0]):
        kind = "DAYLIGHT" if after.daylight else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_wall(walls[0])}",
            *(f"RDATE:{_wall(wall)}" for wall in walls),
            f"TZNAME:{after.name}",
            f"TZOFFSETFROM:{_offset(offset_from)}",
            f"TZOFFSETTO:{_offset(after.offset)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return "".join(line + "\r\n" for line in lines).encode("ascii")


def _wall(value: datetime) -> str:
    """A local wall time (an aware UTC instant plus an offset, read as naive) as calendars
    write it."""
    return f"{value:%Y%m%dT%H%M%S}"


def _offset(value: timedelta) -> str:
    """A UTC offset as RFC 5545 3.3.14 writes it (``+0200``; seconds only when there are)."""
    sign = "-" if value < timedelta(0) else "+"
    minutes, seconds = divmod(abs(int(value.total_seconds())), 60)
    text = f"{sign}{minutes // 60:02d}{minutes % 60:02d}"
    return text + (f"{seconds:02d}" if seconds else "")
