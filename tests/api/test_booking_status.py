"""Staff views and closing a session: day view, completed, no-show, cancel by staff."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from access.models import AuditEvent
from tests.api import scheduling_world as sw

# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def booking(client, session):
    network = await sw.build(session)
    params = sw.search_params(
        network, staff_id=str(network.finnish.id), **{"from": "2026-03-30", "to": "2026-03-30"}
    )
    slot = (
        await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    ).json()["slots"][1]
    made = await client.post(
        "/api/v1/bookings", json=sw.client_body(slot["slot"]), headers=network.operator.headers
    )
    return network, made.json()["booking"]


async def test_day_view_lists_the_advisors_sessions_in_local_days(client, booking):
    network, made = booking
    mine = await client.get(
        "/api/v1/bookings", params={"on": "2026-03-30"}, headers=network.finnish.headers
    )
    assert [b["id"] for b in mine.json()] == [made["id"]]
    other_day = await client.get(
        "/api/v1/bookings", params={"on": "2026-03-31"}, headers=network.finnish.headers
    )
    assert other_day.json() == []
    colleague = await client.get(
        "/api/v1/bookings",
        params={"on": "2026-03-30", "staff_id": str(network.finnish.id)},
        headers=network.operator.headers,
    )
    assert [b["id"] for b in colleague.json()] == [made["id"]]


async def test_status_can_be_set_only_once_the_session_has_started(
    client, booking, frozen, session
):
    network, made = booking
    path = f"/api/v1/bookings/{made['id']}/status"
    early = await client.post(path, json={"status": "no_show"}, headers=network.finnish.headers)
    assert early.status_code == 422
    frozen.advance(timedelta(days=7, hours=1))
    done = await client.post(path, json={"status": "completed"}, headers=network.finnish.headers)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    corrected = await client.post(path, json={"status": "no_show"}, headers=network.admin.headers)
    assert corrected.json()["status"] == "no_show"
    actions = list(
        await session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_id == made["id"])
            .order_by(AuditEvent.created_at)
        )
    )
    assert actions == ["book", "mark_completed", "mark_no_show"]


async def test_staff_cancel_records_who_and_why(client, booking):
    network, made = booking
    response = await client.post(
        f"/api/v1/bookings/{made['id']}/cancel",
        json={"reason": "neuvoja sairastui"},
        headers=network.operator.headers,
    )
    body = response.json()
    assert body["status"] == "cancelled" and body["cancelled_by"] == "staff"
    assert body["cancel_reason"] == "neuvoja sairastui" and body["sequence"] == 1
    again = await client.post(
        f"/api/v1/bookings/{made['id']}/status",
        json={"status": "completed"},
        headers=network.finnish.headers,
    )
    assert again.status_code in (409, 422)


async def test_staff_move_keeps_uid_and_may_change_advisor(client, booking):
    network, made = booking
    params = sw.search_params(network, **{"from": "2026-03-31", "to": "2026-03-31"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    moved = await client.post(
        f"/api/v1/bookings/{made['id']}/move",
        json={"slot": slot["slot"]},
        headers=network.operator.headers,
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["calendar_uid"] == made["calendar_uid"] and body["sequence"] == 1
    assert body["starts_at"].startswith("2026-03-31")
