"""Every kind of calendar Neuvo writes, read by three independent parsers by its own
VTIMEZONE: ical.js 2.2.1 (Thunderbird's), Python ``icalendar`` and ``ical``. Each must see
every session at its exact instant, in winter, in summer years ahead, and on both nights the
clocks change (issue 13: Thunderbird showed summer sessions after the next spring an hour
late)."""

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core import clock
from notifications import dispatch, ical, vtimezone
from notifications.models import Message
from tests.api import scheduling_world as sw
from tests.notifications import readers

HKI = ZoneInfo("Europe/Helsinki")
LENGTH = timedelta(minutes=45)

# (Helsinki wall time, fold, the instant it is)
HELSINKI_CASES = [
    ("2027-01-12T09:00", 0, "2027-01-12T07:00Z"),  # winter
    ("2028-06-13T09:00", 0, "2028-06-13T06:00Z"),  # summer, two years ahead
    ("2027-03-29T09:00", 0, "2027-03-29T06:00Z"),  # the Monday after clocks went forward
    ("2027-03-28T02:59", 0, "2027-03-28T00:59Z"),  # the last minute before the gap
    ("2027-03-28T04:00", 0, "2027-03-28T01:00Z"),  # the first one after it
    ("2027-03-28T04:30", 0, "2027-03-28T01:30Z"),
    ("2027-10-31T02:59", 0, "2027-10-30T23:59Z"),
    ("2027-10-31T03:30", 0, "2027-10-31T00:30Z"),  # the first 03:30 (EEST)
    ("2027-10-31T03:30", 1, "2027-10-31T01:30Z"),  # the second (EET)
    ("2027-10-31T04:00", 0, "2027-10-31T02:00Z"),
]
IDS = [f"{local}{'-fold' if fold else ''}" for local, fold, _ in HELSINKI_CASES]

# Zones unlike Helsinki: the southern hemisphere, DST of 30 minutes, offsets of :30 and :45,
# DST abolished, negative DST, Ramadan breaks, no DST at all.
ZONES = [
    "America/New_York",
    "America/St_Johns",
    "America/Santiago",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Europe/Dublin",
    "Europe/London",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Asia/Tokyo",
    "UTC",
]


def event(start: datetime, index: int = 0, *, zone: str = "Europe/Helsinki") -> ical.CalendarEvent:
    return ical.CalendarEvent(
        uid=f"b{index}@neuvo",
        sequence=0,
        starts_at=start,
        ends_at=start + LENGTH,
        zone=zone,
        summary="Ohjaus ja neuvonta · video · ar",
        stamp=datetime(2026, 12, 1, tzinfo=UTC),
    )


def read_by_all(bodies: list[bytes]) -> dict[str, list[readers.Times]]:
    return {
        "ical.js": readers.icaljs(bodies),
        "icalendar": [readers.icalendar(body) for body in bodies],
        "ical": [readers.ical(body) for body in bodies],
    }


def expected(events: list[ical.CalendarEvent]) -> readers.Times:
    return [(e.uid, e.starts_at, e.ends_at) for e in events]


@pytest.mark.parametrize(("local", "fold", "utc"), HELSINKI_CASES, ids=IDS)
def test_the_helsinki_cases_are_the_instants_they_say(local: str, fold: int, utc: str) -> None:
    wall = datetime.fromisoformat(local).replace(tzinfo=HKI, fold=fold)
    assert wall.astimezone(UTC) == datetime.fromisoformat(utc)  # the premise of the cases


def helsinki_events() -> list[ical.CalendarEvent]:
    return [
        event(datetime.fromisoformat(utc), index)
        for index, (_, _, utc) in enumerate(HELSINKI_CASES)
    ]


def assert_all_read(seen: dict[str, readers.Times], want: readers.Times, ids: list[str]) -> None:
    """Every reader saw every event, each at its instants (the wrong ones are listed)."""
    for reader, got in seen.items():
        assert len(got) == len(want), reader
        wrong = {i: (g[1:], w[1:]) for i, g, w in zip(ids, got, want, strict=True) if g != w}
        assert not wrong, (reader, wrong)


@pytest.mark.parametrize("kind", ["invitation", "cancellation"])
def test_every_reader_sees_each_invitation_at_its_instant(kind: str) -> None:
    events = helsinki_events()
    write = getattr(ical, kind)
    seen = read_by_all([write(item) for item in events])
    flat = {reader: [t for calendar in found for t in calendar] for reader, found in seen.items()}
    assert_all_read(flat, expected(events), IDS)


def test_every_reader_sees_each_event_of_a_feed_at_its_instant() -> None:
    events = helsinki_events()
    seen = read_by_all([ical.feed(events, name="Neuvo")])
    assert_all_read({r: found for r, (found,) in seen.items()}, expected(events), IDS)


def around_changes(zone: str, first: datetime, last: datetime) -> list[datetime]:
    """Instants every quarter hour for two hours either side of each change of ``zone``'s
    offset between ``first`` and ``last``, found by asking zoneinfo hour by hour, plus one
    ordinary instant in each half year."""
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    at = first
    while at < last:
        if at.day == 1 and at.hour == 12 and at.month in (1, 7):
            found.append(at)
        step = at + timedelta(hours=1)
        if at.astimezone(tz).utcoffset() != step.astimezone(tz).utcoffset():
            found += [at + timedelta(minutes=15 * k) for k in range(-8, 13)]
        at = step
    return found


@pytest.mark.parametrize("zone", ZONES)
def test_every_reader_sees_events_around_every_change_of_any_zone(zone: str) -> None:
    instants = around_changes(
        zone, datetime(2026, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    )
    events = [event(at, index, zone=zone) for index, at in enumerate(instants)]
    seen = read_by_all([ical.feed(events, name="Neuvo")])
    ids = [f"{at:%Y-%m-%dT%H:%MZ}" for at in instants]
    assert_all_read({r: found for r, (found,) in seen.items()}, expected(events), ids)


@pytest.fixture
def frozen():
    # A week before clocks go forward in 2027, so that the summer session is a year ahead of
    # the window a VTIMEZONE written in 2026 would have started from.
    with clock.frozen(datetime(2027, 3, 22, 8, tzinfo=UTC)) as handle:
        yield handle


async def _book(client, network, day: str) -> dict:
    params = sw.search_params(network, staff_id=str(network.finnish.id), **{"from": day, "to": day})
    slots = (
        await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    ).json()["slots"]
    slot = next(s for s in slots if s["starts_at"][11:16] == "09:00")
    response = await client.post(
        "/api/v1/bookings",
        json=sw.client_body(slot["slot"]),
        headers=network.operator.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["booking"]


async def _staff_mail(session, booking_id: str) -> list[bytes]:
    session.expire_all()
    rows = await session.scalars(
        select(Message)
        .where(Message.booking_id == UUID(booking_id), Message.channel == "email")
        .order_by(Message.created_at)
    )
    return [found for m in rows if (found := dispatch.attachment_of(m)) is not None]


async def test_the_api_the_feed_and_the_e_mails_all_read_right(client, network, session) -> None:
    """The booking's .ics, the staff feed, the e-mail invitation and its cancellation: each
    kind read by every parser, and each carrying the one VTIMEZONE the shared writer makes."""
    winter = await _book(client, network, "2027-03-26")  # Friday, 09:00 EET
    summer = await _book(client, network, "2027-03-29")  # Monday, 09:00 EEST
    assert [_utc(winter["starts_at"]), _utc(summer["starts_at"])] == [
        datetime(2027, 3, 26, 7, tzinfo=UTC),
        datetime(2027, 3, 29, 6, tzinfo=UTC),
    ]
    times = {
        b["calendar_uid"]: (_utc(b["starts_at"]), _utc(b["ends_at"])) for b in (winter, summer)
    }
    headers = network.finnish.headers
    bodies = {}
    for booking in (winter, summer):
        route = f"/api/v1/bookings/{booking['id']}/calendar.ics"
        bodies[f"ics {booking['id']}"] = (await client.get(route, headers=headers)).content
        (bodies[f"mail {booking['id']}"],) = await _staff_mail(session, booking["id"])
    link = await client.post("/api/v1/auth/me/calendar-feed", headers=headers)
    feed_path = link.json()["url"].removeprefix("http://testserver")
    bodies["feed"] = (await client.get(feed_path)).content
    cancel = f"/api/v1/bookings/{summer['id']}/cancel"
    assert (await client.post(cancel, json={}, headers=network.operator.headers)).is_success
    route = f"/api/v1/bookings/{summer['id']}/calendar.ics"
    bodies["ics cancelled"] = (await client.get(route, headers=headers)).content
    bodies["mail cancelled"] = (await _staff_mail(session, summer["id"]))[-1]

    assert [b"METHOD:CANCEL" in bodies[k] for k in ("ics cancelled", "mail cancelled")] == [
        True,
        True,
    ]
    shared = vtimezone.vtimezone("Europe/Helsinki", 2025, 2029)
    for name, body in bodies.items():
        assert shared in body, name  # one writer for all of them
    seen = read_by_all(list(bodies.values()))
    for reader, calendars in seen.items():
        for name, calendar in zip(bodies, calendars, strict=True):
            assert calendar, (reader, name)
            assert all(times[uid] == (start, end) for uid, start, end in calendar), (reader, name)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
