"""RFC 5545 calendars for staff: an invitation per booking, its cancellation, and a feed.

Times are written in the organisation's zone (``DTSTART;TZID=Europe/Helsinki``) with a
VTIMEZONE for every zone used, so that calendars show the right local time on DST days.
Pure: plain data in, bytes out (CRLF lines folded at 75 octets by ``icalendar``). An
invitation is kept in the outbox as its event's facts (``to_params``) and written when the
e-mail is sent (``attachment``), like every other message.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from core import clock

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
    return _serialise(_calendar("REQUEST"), [confirmed], rsvp=True)


def cancellation(event: CalendarEvent) -> bytes:
    """METHOD:CANCEL for an event: the same UID, the caller's raised SEQUENCE, STATUS:CANCELLED."""
    cancelled = dataclasses.replace(event, cancelled=True)
    return _serialise(_calendar("CANCEL"), [cancelled])


def feed(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """METHOD:PUBLISH with every event, cancelled ones as STATUS:CANCELLED."""
    calendar = _calendar("PUBLISH")
    calendar.calendar_name = name  # writes NAME (RFC 7986) and X-WR-CALNAME
    return _serialise(calendar, list(events))


def _calendar(method: str) -> Calendar:
    """An empty VCALENDAR with our PRODID and the given METHOD."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _serialise(calendar: Calendar, events: Sequence[CalendarEvent], *, rsvp: bool = False) -> bytes:
    """Add the events and a VTIMEZONE for every TZID they use; return CRLF-folded bytes."""
    for event in events:
        calendar.add_component(_vevent(event, rsvp=rsvp))
    text = calendar.to_ical()
    zones = sorted({event.zone for event in events if _uses_zone(event)})
    if not zones:
        return text
    # icalendar's default VTIMEZONE spans 1970-2038: about 4 kB a zone, and wrong after
    # 2037. The events' years suffice; starting two years early puts an RDATE before
    # every event, for parsers that skip an observance's own DTSTART (ical 14 does).
    first = min(event.starts_at for event in events).year - 2
    last = max(event.ends_at for event in events).year + 2
    # A zone's VTIMEZONE for those years is the same in every calendar: made once, and put
    # where ``Calendar.add_missing_timezones`` puts it, before the first event.
    blocks = b"".join(_vtimezone(zone, first, last) for zone in zones)
    head, found, tail = text.partition(b"BEGIN:VEVENT\r\n")
    return head + blocks + found + tail


def _uses_zone(event: CalendarEvent) -> bool:
    """Whether the event writes a time with its zone's TZID (not only UTC, see ``_shown``)."""
    zone = ZoneInfo(event.zone)
    return not (event.starts_at.astimezone(zone).fold and event.ends_at.astimezone(zone).fold)


@lru_cache(maxsize=64)
def _vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``zone`` from the first to the last year, as calendar lines."""
    component = Timezone.from_tzid(
        zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return component.to_ical()


def _vevent(event: CalendarEvent, *, rsvp: bool) -> Event:
    """The VEVENT of one event, its times shown in its zone."""
    zone = ZoneInfo(event.zone)
    attendees = [
        vCalAddress.new(
            email,
            role="REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            rsvp=True if rsvp else None,
        )
        for email in event.attendees
    ]
    return Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=(event.stamp or clock.now()).astimezone(UTC),
        start=_shown(event.starts_at, zone),
        end=_shown(event.ends_at, zone),
        summary=event.summary,
        description=event.description or None,
        location=event.location,
        url=event.url,
        organizer=vCalAddress.new(event.organizer) if event.organizer else None,
        attendees=attendees,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
        transparency="TRANSPARENT" if event.cancelled else "OPAQUE",
    )


def _shown(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant as local time in ``zone`` (TZID), or as UTC where local time is ambiguous."""
    # RFC 5545 3.3.5 reads a repeated local time (03:30 when clocks go back) as its first
    # occurrence, so only UTC can say the second one.
    local = instant.astimezone(zone)
    return instant.astimezone(UTC) if local.fold else local
