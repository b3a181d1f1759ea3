"""VTIMEZONEs from zoneinfo's transitions: the onsets where RFC 5545 puts them, one a line,
and for every zone zoneinfo knows the offsets zoneinfo gives, as three parsers read them."""

import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar

from notifications import ical, vtimezone
from tests.notifications import readers

ZONES = sorted(zoneinfo.available_timezones())
HELSINKI_2027 = (
    b"BEGIN:DAYLIGHT\r\nDTSTART:20250330T030000\r\nRDATE:20250330T030000\r\n"
    b"RDATE:20260329T030000\r\nRDATE:20270328T030000\r\nRDATE:20280326T030000\r\n"
    b"TZNAME:EEST\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nEND:DAYLIGHT\r\n"
    b"BEGIN:STANDARD\r\nDTSTART:20251026T040000\r\nRDATE:20251026T040000\r\n"
    b"RDATE:20261025T040000\r\nRDATE:20271031T040000\r\nRDATE:20281029T040000\r\n"
    b"TZNAME:EET\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nEND:STANDARD\r\n"
)


def test_helsinki_changes_at_three_and_four_local_one_onset_a_line() -> None:
    body = vtimezone.vtimezone("Europe/Helsinki", 2025, 2029)
    assert body.startswith(b"BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki\r\n")
    assert HELSINKI_2027 in body
    assert body.endswith(b"END:VTIMEZONE\r\n")


def test_no_rdate_has_more_than_one_value_in_any_zone() -> None:
    for zone in ZONES:
        for line in vtimezone.vtimezone(zone, 2024, 2031).split(b"\r\n"):
            assert not (line.startswith(b"RDATE") and b"," in line), zone


def test_a_zone_without_changes_has_one_observance_every_reader_finds() -> None:
    body = vtimezone.vtimezone("Asia/Tokyo", 2024, 2030)
    assert body.count(b"BEGIN:STANDARD") == 1 and b"DAYLIGHT" not in body
    assert b"RDATE:20240101T000000\r\nTZNAME:JST\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900" in body


def test_offsets_with_seconds_are_written_with_seconds() -> None:
    body = vtimezone.vtimezone("Africa/Monrovia", 1960, 1973)  # -0:44:30 until 1972
    assert b"TZOFFSETFROM:-004430\r\nTZOFFSETTO:+0000\r\n" in body


def _hourly(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The hours in which ``zone``'s observance changes, by asking zoneinfo every hour."""
    found, at = [], start
    while at < end:
        step = at + timedelta(hours=1)
        if vtimezone.observance(zone, at) != vtimezone.observance(zone, step):
            found.append((at, step))
        at = step
    return found


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES), year=st.integers(1990, 2035))
def test_transitions_are_every_change_zoneinfo_shows_to_the_second(zone: str, year: int) -> None:
    tz = ZoneInfo(zone)
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    changes = list(vtimezone.transitions(tz, start, end))
    hours = _hourly(tz, start, end)
    assert len(changes) == len(hours)
    for change, (low, high) in zip(changes, hours, strict=True):
        assert low < change.at <= high
        assert vtimezone.observance(tz, change.at - timedelta(seconds=1)) == change.before
        assert vtimezone.observance(tz, change.at) == change.after != change.before


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    instant=st.datetimes(datetime(2026, 1, 1), datetime(2031, 12, 31), timezones=st.just(UTC)),
)
def test_python_readers_get_zoneinfos_offset_at_any_time_in_any_zone(zone, instant) -> None:
    local = instant.astimezone(ZoneInfo(zone))
    assume(local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset())  # see ical
    body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    body += vtimezone.vtimezone(zone, 2024, 2034) + b"END:VCALENDAR\r\n"
    (theirs,) = Calendar.from_ical(body).timezones
    (ours,) = IcsCalendarStream.calendar_from_ics(body.decode()).timezones
    wall = local.replace(tzinfo=None)
    for reader in (theirs.to_tz(lookup_tzid=False), IcsTimezoneInfo.from_timezone(ours)):
        assert wall.replace(tzinfo=reader).utcoffset() == local.utcoffset(), reader


def test_icaljs_reads_every_zone_right_around_its_changes() -> None:
    """Every zone zoneinfo knows, in a feed with events half an hour and an hour and a half
    either side of each change in 2026-2029 and at noon on the 1st of each quarter, read by
    ical.js (the Python readers: the test above)."""
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    feeds, wanted = [], []
    for zone in ZONES:
        instants = [
            datetime(y, m, 1, 12, tzinfo=UTC) for y in range(2026, 2030) for m in (1, 4, 7, 10)
        ]
        for change in vtimezone.transitions(ZoneInfo(zone), start, end):
            instants += [change.at + timedelta(minutes=m) for m in (-90, -30, 0, 30, 90)]
        events = [
            ical.CalendarEvent(
                uid=f"{zone}-{i}",
                sequence=0,
                starts_at=at,
                ends_at=at + timedelta(minutes=45),
                zone=zone,
                summary="x",
                stamp=start,
            )
            for i, at in enumerate(instants)
        ]
        feeds.append(ical.feed(events, name=zone))
        wanted.append([(e.uid, e.starts_at, e.ends_at) for e in events])
    for zone, got, want in zip(ZONES, readers.icaljs(feeds), wanted, strict=True):
        assert got == want, zone


def test_a_vtimezone_is_made_once_per_zone_and_years() -> None:
    vtimezone.vtimezone.cache_clear()
    for day in (12, 19):  # two invitations of one year: one VTIMEZONE made, then reused
        at = datetime(2027, 1, day, 7, tzinfo=UTC)
        item = ical.CalendarEvent(
            uid="b@neuvo",
            sequence=0,
            starts_at=at,
            ends_at=at + timedelta(hours=1),
            zone="Europe/Helsinki",
            summary="x",
            stamp=at,
        )
        assert vtimezone.vtimezone("Europe/Helsinki", 2025, 2029) in ical.invitation(item)
    info = vtimezone.vtimezone.cache_info()
    assert (info.misses, info.hits) == (1, 3)
