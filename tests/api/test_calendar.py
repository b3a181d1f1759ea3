"""Staff calendars, read back by an independent RFC 5545 parser (``ical``)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.api import scheduling_world as sw

HELSINKI = ZoneInfo("Europe/Helsinki")
PHONE = "+358401112223"


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


async def _book_at(client, network, day: str) -> dict:
    params = sw.search_params(network, staff_id=str(network.finnish.id), **{"from": day, "to": day})
    slot = (
        await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    ).json()["slots"][0]
    response = await client.post(
        "/api/v1/bookings",
        json=sw.client_body(slot["slot"], phone=PHONE),
        headers=network.operator.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["booking"]


def _parse(body: bytes):
    return IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))


async def test_invitations_show_nine_local_on_both_sides_of_dst(client, network):
    friday = await _book_at(client, network, "2026-03-27")
    monday = await _book_at(client, network, "2026-03-30")
    starts = []
    for booking in (friday, monday):
        response = await client.get(
            f"/api/v1/bookings/{booking['id']}/calendar.ics", headers=network.finnish.headers
        )
        assert response.headers["content-type"].startswith("text/calendar")
        assert b"METHOD:REQUEST" in response.content and b"BEGIN:VTIMEZONE" in response.content
        assert b"DTSTART;TZID=Europe/Helsinki:" in response.content
        event = _parse(response.content).events[0]
        assert event.uid == booking["calendar_uid"] and event.sequence == 0
        starts.append(event.dtstart)
    assert [s.astimezone(HELSINKI).strftime("%H:%M") for s in starts] == ["09:00", "09:00"]
    assert [s.astimezone(UTC) for s in starts] == [
        datetime(2026, 3, 27, 7, tzinfo=UTC),
        datetime(2026, 3, 30, 6, tzinfo=UTC),
    ]


async def test_cancellation_keeps_the_uid_and_raises_the_sequence(client, network):
    booking = await _book_at(client, network, "2026-03-30")
    await client.post(
        f"/api/v1/bookings/{booking['id']}/cancel", json={}, headers=network.operator.headers
    )
    response = await client.get(
        f"/api/v1/bookings/{booking['id']}/calendar.ics", headers=network.finnish.headers
    )
    assert b"METHOD:CANCEL" in response.content
    event = _parse(response.content).events[0]
    assert event.uid == booking["calendar_uid"] and event.sequence == 1
    assert str(event.status).upper().endswith("CANCELLED")


async def test_feed_lists_sessions_without_client_details(client, network):
    await _book_at(client, network, "2026-03-27")
    await _book_at(client, network, "2026-03-30")
    link = await client.post("/api/v1/auth/me/calendar-feed", headers=network.finnish.headers)
    path = link.json()["url"].removeprefix("http://testserver")
    response = await client.get(path)
    assert response.status_code == 200
    assert PHONE.encode() not in response.content
    calendar = _parse(response.content)
    assert len(calendar.events) == 2
    assert all("video" in event.summary and "ar" in event.summary for event in calendar.events)
    assert {e.dtstart.astimezone(HELSINKI).hour for e in calendar.events} == {9}


async def test_a_new_feed_address_retires_the_old_one(client, network):
    first = await client.post("/api/v1/auth/me/calendar-feed", headers=network.finnish.headers)
    await client.post("/api/v1/auth/me/calendar-feed", headers=network.finnish.headers)
    old = first.json()["url"].removeprefix("http://testserver")
    assert (await client.get(old)).status_code == 404
    assert (await client.get("/calendar/not-a-token.ics")).status_code == 404
