"""RFC 5545 output, read back by an independent parser (``ical``, not ``icalendar``)."""

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus
from ical.timezone import IcsTimezoneInfo

from notifications import ical

HKI = ZoneInfo("Europe/Helsinki")
STAMP = datetime(2026, 3, 1, 12, tzinfo=UTC)
TRICKY = "Tulkki, ar; huone 2\\B\nاللغة العربية، ثانياً\nትግርኛ፡ ሰላም፣ ዓለም"


def event(start: datetime, **change: object) -> ical.CalendarEvent:
    values: dict[str, object] = {
        "uid": "b1@neuvo",
        "sequence": 0,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=45),
        "zone": "Europe/Helsinki",
        "summary": "Ohjaus ja neuvonta · video · ar",
        "organizer": "neuvonta@oulu.fi",
        "attendees": ("neuvoja@oulu.fi", "tulkki@example.fi"),
        "stamp": STAMP,
        **change,
    }
    return ical.CalendarEvent(**values)  # type: ignore[arg-type]


def helsinki(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HKI).astimezone(UTC)


def parse(body: bytes) -> Calendar:
    return IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))


def by_vtimezone(calendar: Calendar, value: datetime) -> datetime:
    """The instant of a TZID time by the calendar's own VTIMEZONE (``ical`` itself prefers
    the system's zoneinfo for a known TZID, so this is what Outlook-like clients would see)."""
    (timezone,) = [tz for tz in calendar.timezones if tz.tz_id == str(value.tzinfo)]
    return value.replace(tzinfo=IcsTimezoneInfo.from_timezone(timezone)).astimezone(UTC)


def test_invitation_shows_local_time_in_its_zone_and_the_right_instant() -> None:
    start = datetime(2026, 4, 15, 7, tzinfo=UTC)
    calendar = parse(ical.invitation(event(start)))
    (parsed,) = calendar.events
    assert str(parsed.dtstart.tzinfo) == "Europe/Helsinki"
    assert parsed.dtstart.replace(tzinfo=None) == datetime(2026, 4, 15, 10, 0)
    assert parsed.dtstart.astimezone(UTC) == start
    assert parsed.dtend.replace(tzinfo=None) == datetime(2026, 4, 15, 10, 45)
    assert by_vtimezone(calendar, parsed.dtstart) == start
    assert parsed.dtstamp == STAMP and parsed.dtstamp.utcoffset() == timedelta(0)
    assert (calendar.prodid, calendar.version) == ("-//Neuvo//Neuvo 0.1//FI", "2.0")


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2026-03-28T09:00", "2026-03-28T07:00Z"),
        ("2026-03-30T09:00", "2026-03-30T06:00Z"),
        ("2026-10-24T09:00", "2026-10-24T06:00Z"),
        ("2026-10-26T09:00", "2026-10-26T07:00Z"),
    ],
)
def test_nine_o_clock_stays_nine_on_both_sides_of_each_dst_change(local: str, utc: str) -> None:
    instant = datetime.fromisoformat(utc)
    assert helsinki(local) == instant  # the premise: the offset really changed in between
    calendar = parse(ical.invitation(event(instant)))
    (parsed,) = calendar.events
    assert str(parsed.dtstart.tzinfo) == "Europe/Helsinki"
    assert parsed.dtstart.replace(tzinfo=None) == datetime.fromisoformat(local)
    assert parsed.dtstart.astimezone(UTC) == instant
    assert by_vtimezone(calendar, parsed.dtstart) == instant


@pytest.mark.parametrize(
    "instant",
    [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)],
    ids=["first-03:30", "second-03:30"],
)
def test_both_occurrences_of_the_repeated_hour_round_trip(instant: datetime) -> None:
    assert instant.astimezone(HKI).strftime("%H:%M") == "03:30"
    body = ical.invitation(event(instant, ends_at=instant + timedelta(hours=2)))
    assert f"DTSTART:{instant:%Y%m%dT%H%M%SZ}".encode() in body  # either 03:30 only in UTC
    (parsed,) = parse(body).events
    assert parsed.dtstart.astimezone(UTC) == instant
    assert parsed.dtend.astimezone(UTC) == instant + timedelta(hours=2)


def test_every_zone_used_has_a_vtimezone_that_gives_the_right_offsets() -> None:
    start = datetime(2026, 7, 1, 7, tzinfo=UTC)
    body = ical.feed(
        [event(start), event(start, uid="b2@neuvo", zone="Europe/Stockholm")], name="Neuvo"
    )
    calendar = parse(body)
    used = {str(e.dtstart.tzinfo) for e in calendar.events}
    assert (
        used == {tz.tz_id for tz in calendar.timezones} == {"Europe/Helsinki", "Europe/Stockholm"}
    )
    hours = sorted(e.dtstart.hour for e in calendar.events)
    assert hours == [9, 10]  # 09:00 in Stockholm, 10:00 in Helsinki
    assert all(by_vtimezone(calendar, e.dtstart) == start for e in calendar.events)


def test_vtimezone_covers_events_after_2037() -> None:
    start = helsinki("2040-07-02T09:00")
    calendar = parse(ical.invitation(event(start)))
    assert by_vtimezone(calendar, calendar.events[0].dtstart) == start


def test_each_kind_of_calendar_carries_its_method() -> None:
    item = event(datetime(2026, 4, 1, 7, tzinfo=UTC))
    assert parse(ical.invitation(item)).method == "REQUEST"
    assert parse(ical.cancellation(item)).method == "CANCEL"
    published = parse(ical.feed([item], name="Neuvo – Aino Virtanen"))
    assert published.method == "PUBLISH"
    assert published.name == ["Neuvo – Aino Virtanen"]
    assert [(x.name, x.value) for x in published.extras] == [
        ("x-wr-calname", "Neuvo – Aino Virtanen")
    ]


def test_cancellation_keeps_uid_and_carries_the_raised_sequence() -> None:
    start = datetime(2026, 4, 1, 7, tzinfo=UTC)
    (sent,) = parse(ical.invitation(event(start, sequence=2))).events
    (cancel,) = parse(ical.cancellation(event(start, sequence=3))).events
    assert sent.status == EventStatus.CONFIRMED
    assert cancel.status == EventStatus.CANCELLED
    assert cancel.uid == sent.uid == "b1@neuvo"
    assert cancel.sequence == 3 > sent.sequence


def test_invitation_asks_every_attendee_to_answer_the_organizer() -> None:
    (parsed,) = parse(ical.invitation(event(datetime(2026, 4, 1, 7, tzinfo=UTC)))).events
    assert parsed.organizer is not None and parsed.organizer.uri == "mailto:neuvonta@oulu.fi"
    assert [a.uri for a in parsed.attendees] == [
        "mailto:neuvoja@oulu.fi",
        "mailto:tulkki@example.fi",
    ]
    for attendee in parsed.attendees:
        assert (attendee.role, attendee.status, attendee.rsvp) == (
            "REQ-PARTICIPANT",
            "NEEDS-ACTION",
            True,
        )


def test_feed_lists_cancelled_events_as_cancelled() -> None:
    start = datetime(2026, 4, 1, 7, tzinfo=UTC)
    body = ical.feed(
        [event(start), event(start + timedelta(days=1), uid="b2@neuvo", cancelled=True)],
        name="Neuvo",
    )
    statuses = {e.uid: e.status for e in parse(body).events}
    assert statuses == {"b1@neuvo": EventStatus.CONFIRMED, "b2@neuvo": EventStatus.CANCELLED}


def test_text_with_separators_and_other_scripts_round_trips() -> None:
    item = event(
        datetime(2026, 4, 1, 7, tzinfo=UTC),
        summary=TRICKY,
        description=TRICKY * 3,
        location="Oulu, Torikatu 10; 2. krs",
        url="https://neuvo.example/console#booking-b1",
    )
    (parsed,) = parse(ical.invitation(item)).events
    assert parsed.summary == TRICKY
    assert parsed.description == TRICKY * 3
    assert parsed.location == "Oulu, Torikatu 10; 2. krs"
    assert parsed.url == "https://neuvo.example/console#booking-b1"


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters() -> None:
    item = event(datetime(2026, 4, 1, 7, tzinfo=UTC), summary=TRICKY * 4, description=TRICKY * 9)
    for body in (ical.invitation(item), ical.cancellation(item), ical.feed([item], name="N")):
        assert body.endswith(b"\r\n")
        lines = body[:-2].split(b"\r\n")
        assert not any(b"\r" in line or b"\n" in line for line in lines)
        assert max(len(line) for line in lines) <= 75
        assert any(len(line) > 70 for line in lines)  # folding was really exercised
        for line in lines:
            line.decode("utf-8")  # no character split across a fold


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": datetime(2026, 4, 1, 10), "ends_at": datetime(2026, 4, 1, 11, tzinfo=UTC)},
        {"ends_at": datetime(2026, 4, 1, 11)},
        {"stamp": datetime(2026, 3, 1, 12)},
        {"ends_at": datetime(2026, 4, 1, 7, tzinfo=UTC)},
        {"ends_at": datetime(2026, 4, 1, 6, tzinfo=UTC)},
    ],
    ids=["naive-start", "naive-end", "naive-stamp", "zero-length", "reversed"],
)
def test_naive_or_reversed_times_are_refused(change: dict[str, datetime]) -> None:
    with pytest.raises(ValueError):
        event(datetime(2026, 4, 1, 7, tzinfo=UTC), **change)


def _icalendar_itself(event: ical.CalendarEvent, method: str, *, rsvp: bool) -> bytes:
    """The invitation as icalendar writes it on its own: the oracle for our event lines (not
    for its VTIMEZONE, which ical.js misreads: see ``tests/notifications/test_vtimezone.py``)."""
    from datetime import date

    from icalendar import Calendar as Library
    from icalendar import Event, vCalAddress

    zone = ZoneInfo(event.zone)

    def shown(instant: datetime) -> datetime:  # UTC where the clocks show the time twice
        local = instant.astimezone(zone)
        twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
        return instant.astimezone(UTC) if twice else local

    calendar = Library()
    for name, value in (
        ("prodid", ical.PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", method),
    ):
        calendar.add(name, value)
    calendar.add_component(
        Event.new(
            uid=event.uid,
            sequence=event.sequence,
            stamp=event.stamp,
            start=shown(event.starts_at),
            end=shown(event.ends_at),
            summary=event.summary,
            description=event.description or None,
            location=event.location,
            url=event.url,
            organizer=vCalAddress.new(event.organizer) if event.organizer else None,
            attendees=[
                vCalAddress.new(
                    email,
                    role="REQ-PARTICIPANT",
                    partstat="NEEDS-ACTION",
                    rsvp=True if rsvp else None,
                )
                for email in event.attendees
            ],
            status="CANCELLED" if event.cancelled else "CONFIRMED",
            transparency="TRANSPARENT" if event.cancelled else "OPAQUE",
        )
    )
    calendar.add_missing_timezones(
        first_date=date(event.starts_at.year - 2, 1, 1),
        last_date=date(event.ends_at.year + 2, 1, 1),
    )
    return calendar.to_ical()


# Text with what RFC 5545 escapes or folds specially: commas, semicolons, backslashes,
# newlines of every kind, a literal \N, carets, and wide characters near the fold.
awkward = st.lists(
    st.sampled_from([*'abc ,;\\\n\r^N:"éاሰ😀', "\r\n", "\\N", "\\n", "wxyz" * 5]),
    max_size=60,
).map("".join)
emails = st.lists(st.emails(), max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    summary=awkward,
    description=awkward,
    location=st.none() | awkward,
    organizer=st.none() | st.emails(),
    attendees=emails,
    minutes=st.integers(0, 60 * 24 * 800),
    length=st.integers(15, 600),
    cancelled=st.booleans(),
    sequence=st.integers(0, 99),
    url=st.none() | st.sampled_from(["https://neuvo.example/console#booking-" + "9" * 60]),
    micro=st.integers(0, 999_999),
)
def test_event_lines_are_byte_for_byte_icalendars(
    summary,
    description,
    location,
    organizer,
    attendees,
    minutes,
    length,
    cancelled,
    sequence,
    url,
    micro,
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)  # DST nights too
    item = event(
        start,
        summary=summary or "x",
        description=description,
        location=location,
        organizer=organizer,
        attendees=tuple(attendees),
        ends_at=start + timedelta(minutes=length),
        sequence=sequence,
        url=url,
        stamp=STAMP.replace(microsecond=micro),  # calendars show whole seconds
    )
    if cancelled:
        ours = ical.cancellation(item)
        theirs = _icalendar_itself(dataclasses.replace(item, cancelled=True), "CANCEL", rsvp=False)
    else:
        ours, theirs = ical.invitation(item), _icalendar_itself(item, "REQUEST", rsvp=True)
    # Byte for byte but for the VTIMEZONE, which is ours (icalendar's is misread by ical.js);
    # both calendars carry one where a time is written with its TZID, and only then.
    assert _zones(ours) == _zones(theirs)
    assert _without_zones(ours) == _without_zones(theirs)


VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", re.DOTALL)


def _zones(body: bytes) -> list[bytes]:
    return [re.search(rb"TZID:(.*?)\r\n", found).group(1) for found in VTIMEZONE.findall(body)]


def _without_zones(body: bytes) -> bytes:
    return VTIMEZONE.sub(b"", body)
