"""The client link /b/{token}: GET shows and changes nothing, POST cancels or moves."""

from datetime import datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from access.models import AuditEvent
from scheduling.models import Booking, BusyInterval
from tests.api import scheduling_world as sw

JSON = {"Accept": "application/json"}


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def booked(client, network):
    slots = (await client.get("/api/v1/slots", params=sw.search_params(network))).json()["slots"]
    response = await client.post("/api/v1/bookings", json=sw.client_body(slots[0]["slot"]))
    assert response.status_code == 201, response.text
    body = response.json()
    return {
        "path": "/b/" + body["client_link"].rsplit("/b/", 1)[1],
        "booking": body["booking"],
        "slots": slots,
    }


async def test_get_shows_the_booking_and_changes_nothing(client, booked, session):
    before = list(await session.scalars(select(AuditEvent.id)))
    response = await client.get(booked["path"], headers=JSON)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "confirmed" and body["can_change"]
    assert body["starts_at"] == booked["booking"]["starts_at"]
    assert "advisor_id" not in body and "+358401112223" not in str(body)
    assert list(await session.scalars(select(AuditEvent.id))) == before


async def test_a_browser_gets_the_page(client, booked):
    response = await client.get(booked["path"], headers={"Accept": "text/html"})
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1], lambda t: t.swapcase(), lambda t: t + "x", lambda t: "x" * 43]
)
async def test_a_truncated_or_changed_token_finds_nothing(client, booked, mangle):
    token = booked["path"].rsplit("/", 1)[1]
    response = await client.get("/b/" + mangle(token), headers=JSON)
    assert response.status_code == 404
    post = await client.post("/b/" + mangle(token), json={"action": "cancel"})
    assert post.status_code == 404


async def test_client_cancels_and_everyone_is_free_again(client, booked, session):
    response = await client.post(booked["path"], json={"action": "cancel", "reason": "sairas"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    stored = await session.get(Booking, UUID(booked["booking"]["id"]))
    await session.refresh(stored)
    assert stored.cancelled_by == "client" and stored.sequence == 1
    assert not any(await session.scalars(select(BusyInterval.active)))
    again = await client.post(booked["path"], json={"action": "cancel"})
    assert again.status_code == 409
    shown = await client.get(booked["path"], headers=JSON)
    assert shown.json()["status"] == "cancelled" and not shown.json()["can_change"]


async def test_client_moves_and_keeps_the_calendar_uid(client, booked, session):
    target = booked["slots"][3]
    response = await client.post(booked["path"], json={"action": "move", "slot": target["slot"]})
    assert response.status_code == 200, response.text
    stored = (await session.scalars(select(Booking))).one()
    await session.refresh(stored)
    assert stored.calendar_uid == booked["booking"]["calendar_uid"]
    assert stored.sequence == 1
    moved_to = datetime.fromisoformat(response.json()["starts_at"])
    assert moved_to == datetime.fromisoformat(target["starts_at"])
    active = list(await session.scalars(select(BusyInterval).where(BusyInterval.active)))
    assert {b.starts_at for b in active} == {stored.starts_at}


async def test_moving_to_a_taken_slot_is_409_and_keeps_the_old_time(client, booked, session):
    other = booked["slots"][1]
    for phone in ("+358401112224", "+358401112225"):
        await client.post("/api/v1/bookings", json=sw.client_body(other["slot"], phone=phone))
    response = await client.post(booked["path"], json={"action": "move", "slot": other["slot"]})
    assert response.status_code == 409
    shown = await client.get(booked["path"], headers=JSON)
    assert shown.json()["starts_at"] == booked["booking"]["starts_at"]


async def test_the_link_expires_a_day_after_the_session(client, booked, frozen):
    frozen.advance(timedelta(days=3))
    assert (await client.get(booked["path"], headers=JSON)).status_code == 404


async def test_a_started_session_cannot_be_cancelled(client, booked, frozen):
    frozen.advance(timedelta(hours=23, minutes=10))  # Tuesday 09:10 local
    response = await client.post(booked["path"], json={"action": "cancel"})
    assert response.status_code == 409
