"""RFC 5545 calendars for staff: an invitation per booking, its cancellation, and a feed.

Times are written in the organisation's zone (``DTSTART;TZID=Europe/Helsinki``) with a
VTIMEZONE for every zone used (``vtimezone``), so that calendars show the right local time on
DST days; a local time that the clocks show twice is written in UTC instead.
Pure: plain data in, bytes out (CRLF lines folded at 75 octets). An invitation is kept in
the outbox as its event's facts (``to_params``) and written when the e-mail is sent
(``attachment``), like every other message.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar

from core import clock
from notifications import vtimezone

PRODID = "-//Neuvo//Neuvo 0.1//FI"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One booking as calendars see it; naive times and an end not after the start are refused."""

    uid: str  # stable across every change of a booking, e.g. "<booking uuid>@neuvo"
    sequence: int  # raised by the caller on every change
    starts_at: datetime  # aware UTC
    ends_at: datetime  # aware UTC
    zone: str  # IANA zone to show it in, e.g. "Europe/Helsinki"
    summary: str
    description: str = ""
    url: str | None = None
    location: str | None = None
    organizer: str | None = None  # e-mail address
    attendees: tuple[str, ...] = ()  # e-mail addresses
    stamp: datetime | None = None  # DTSTAMP; default: now
    cancelled: bool = False

    def __post_init__(self) -> None:
        for value in (self.starts_at, self.ends_at, self.stamp):
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError("calendar times must be aware")
        if self.ends_at <= self.starts_at:
            raise ValueError("an event must end after it starts")


def to_params(event: CalendarEvent) -> dict[str, object]:
    """The event as JSON-ready values, for a message's ``params``."""
    values = dataclasses.asdict(event)
    for name in ("starts_at", "ends_at", "stamp"):
        if values[name] is not None:
            values[name] = values[name].isoformat()
    values["attendees"] = list(event.attendees)
    return values


def from_params(values: dict[str, object]) -> CalendarEvent:
    """The event ``to_params`` wrote."""
    found = dict(values)
    for name in ("starts_at", "ends_at", "stamp"):
        if found.get(name) is not None:
            found[name] = datetime.fromisoformat(str(found[name]))
    found["attendees"] = tuple(found.get("attendees") or ())  # type: ignore[arg-type]
    return CalendarEvent(**found)  # type: ignore[arg-type]


def attachment(values: dict[str, object]) -> bytes:
    """The invitation (or, for a cancelled event, the cancellation) of ``to_params`` values."""
    event = from_params(values)
    return cancellation(event) if event.cancelled else invitation(event)


def invitation(event: CalendarEvent) -> bytes:
    """METHOD:REQUEST with one confirmed event that asks each attendee to answer."""
    confirmed = dataclasses.replace(event, cancelled=False)
    return _serialise(_head_of("REQUEST"), [confirmed], rsvp=True)


def cancellation(event: CalendarEvent) -> bytes:
    """METHOD:CANCEL for an event: the same UID, the caller's raised SEQUENCE, STATUS:CANCELLED."""
    cancelled = dataclasses.replace(event, cancelled=True)
    return _serialise(_head_of("CANCEL"), [cancelled])


def feed(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """METHOD:PUBLISH with every event, cancelled ones as STATUS:CANCELLED."""
    calendar = _calendar("PUBLISH")
    calendar.calendar_name = name  # writes NAME (RFC 7986) and X-WR-CALNAME
    return _serialise(_head(calendar.to_ical()), list(events))


def _calendar(method: str) -> Calendar:
    """An empty VCALENDAR with our PRODID and the given METHOD."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _serialise(head: bytes, events: Sequence[CalendarEvent], *, rsvp: bool = False) -> bytes:
    """``head`` (a calendar's opening lines), the events, and a VTIMEZONE for every TZID they
    use, as CRLF lines.

    ``icalendar`` writes the calendar's own lines; ``vtimezone`` each zone's VTIMEZONE (made
    once per zone and years, from zoneinfo's transitions: icalendar's own puts every onset
    on one RDATE line, which ical.js reads only the first of, and at the wall time after the
    change). The events' lines are written here (``_vevent``), byte for byte as
    ``icalendar`` would write them (a test holds the two equal), at a tenth of the cost:
    every booking's invitation is written, and ``icalendar`` folds each line char by char."""
    body = b"".join(_vevent(event, rsvp=rsvp) for event in events)
    zones = sorted({event.zone for event in events if _uses_zone(event)})
    if zones:
        # The events' years and two either side suffice (a VTIMEZONE of 1970-2038 would be
        # about 4 kB a zone, and a fixed end goes wrong once it passes).
        first = min(event.starts_at for event in events).year - 2
        last = max(event.ends_at for event in events).year + 2
        head += b"".join(vtimezone.vtimezone(zone, first, last) for zone in zones)
    return head + body + b"END:VCALENDAR\r\n"


@lru_cache(maxsize=8)
def _head_of(method: str) -> bytes:
    """The lines that open a calendar of ``method`` (the same for every invitation)."""
    return _head(_calendar(method).to_ical())


def _head(empty: bytes) -> bytes:
    """An empty calendar's lines without its END line."""
    head, end, _ = empty.rpartition(b"END:VCALENDAR\r\n")
    assert end, "icalendar ends every calendar with END:VCALENDAR"
    return head


def _uses_zone(event: CalendarEvent) -> bool:
    """Whether the event writes a time with its zone's TZID (not only UTC, see ``_shown``)."""
    zone = ZoneInfo(event.zone)
    return any(_shown(at, zone).tzinfo is not UTC for at in (event.starts_at, event.ends_at))


def _vevent(event: CalendarEvent, *, rsvp: bool) -> bytes:
    """The VEVENT of one event, its times shown in its zone, in ``icalendar``'s order: its
    canonical properties first, then the others by name."""
    zone = ZoneInfo(event.zone)
    stamp = (event.stamp or clock.now()).astimezone(UTC)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(event.summary)}",
        _time("DTSTART", event.starts_at, zone),
        _time("DTEND", event.ends_at, zone),
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"UID:{_text(event.uid)}",
        f"SEQUENCE:{event.sequence}",
    ]
    answer = ";RSVP=TRUE" if rsvp else ""
    lines += [
        f"ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT{answer}:mailto:{email}"
        for email in event.attendees
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{_text(event.description)}")
    if event.location is not None:
        lines.append(f"LOCATION:{_text(event.location)}")
    if event.organizer:
        lines.append(f"ORGANIZER:mailto:{event.organizer}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.append(f"TRANSP:{'TRANSPARENT' if event.cancelled else 'OPAQUE'}")
    if event.url is not None:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _time(name: str, instant: datetime, zone: ZoneInfo) -> str:
    shown = _shown(instant, zone)
    if shown.tzinfo is UTC:
        return f"{name}:{shown:%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={zone.key}:{shown:%Y%m%dT%H%M%S}"


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says (and as ``icalendar`` does it)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """The line folded after at most 74 octets (RFC 5545 3.1), never inside a backslash
    escape, as ``icalendar`` folds it."""
    if len(line) < limit and len(line.encode("utf-8")) < limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


def _shown(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant as local time in ``zone`` (TZID), or as UTC where local time is ambiguous."""
    # A local time the clocks show twice (03:30 when they go back) cannot be told apart by
    # readers: RFC 5545 3.3.5 says the first, ical.js reads the second. UTC says either.
    local = instant.astimezone(zone)
    twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    return instant.astimezone(UTC) if twice else local
