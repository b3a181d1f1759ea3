"""RFC 5545 calendars for staff: an invitation per booking, its cancellation, and a feed.

Times are written in the organisation's zone (``DTSTART;TZID=Europe/Helsinki``) with a
VTIMEZONE for every zone used, so that calendars show the right local time on DST days.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from core import clock

PRODID = "-//Neuvo//Neuvo 0.1//FI"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str  # stable across every change of a booking
    sequence: int  # raised by the caller on every change
    starts_at: datetime  # aware UTC
    ends_at: datetime
    zone: str  # shown in this zone
    summary: str
    description: str = ""
    url: str | None = None
    location: str | None = None
    organizer: str | None = None  # e-mail address
    attendees: tuple[str, ...] = ()
    stamp: datetime | None = None
    cancelled: bool = False

    def __post_init__(self) -> None:
        for value in (self.starts_at, self.ends_at, self.stamp):
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError("calendar times must be aware")
        if self.ends_at <= self.starts_at:
            raise ValueError("an event must end after it starts")


def _calendar(method: str, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _event(item: CalendarEvent, *, rsvp: bool) -> Event:
    zone = ZoneInfo(item.zone)
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", (item.stamp or clock.now()).astimezone(UTC))
    event.add("dtstart", item.starts_at.astimezone(zone))
    event.add("dtend", item.ends_at.astimezone(zone))
    event.add("summary", item.summary)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    if item.location:
        event.add("location", item.location)
    if item.organizer:
        event.add("organizer", vCalAddress(f"mailto:{item.organizer}"))
    for email in item.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        if rsvp:
            attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    return event


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation(item: CalendarEvent) -> bytes:
    """METHOD:REQUEST with one confirmed event."""
    calendar = _calendar("REQUEST")
    calendar.add_component(_event(item, rsvp=True))
    return _finish(calendar)


def cancellation(item: CalendarEvent) -> bytes:
    """METHOD:CANCEL for an event: the same UID, the raised SEQUENCE, STATUS:CANCELLED."""
    calendar = _calendar("CANCEL")
    cancelled = CalendarEvent(**{**_fields(item), "cancelled": True})
    calendar.add_component(_event(cancelled, rsvp=False))
    return _finish(calendar)


def feed(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """METHOD:PUBLISH with every event (cancelled ones marked so)."""
    calendar = _calendar("PUBLISH", name)
    for item in events:
        calendar.add_component(_event(item, rsvp=False))
    return _finish(calendar)


def _fields(item: CalendarEvent) -> dict[str, object]:
    return {name: getattr(item, name) for name in CalendarEvent.__slots__}
