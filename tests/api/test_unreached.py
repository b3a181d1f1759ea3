"""A phone session's client not reached (``scheduling/unreached.py``): marked no-show after an
unanswered call, she is put on the call-back queue once, with her number, the session's
language, service and organisation; not without an unanswered call, nor for a video session,
and never twice for one session; a no-show corrected to completed closes its request untried."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from scheduling.models import CallbackRequest
from tests.api import scheduling_world as sw

DAY = "2026-03-30"
CLIENT_PHONE = "+358401112223"


async def _book(client, network, channel: str = "phone") -> dict:
    """An operator books the Finnish-only advisor for an Arabic client on the next Monday."""
    params = sw.search_params(
        network, staff_id=str(network.finnish.id), channel=channel, **{"from": DAY, "to": DAY}
    )
    found = await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    slot = found.json()["slots"][0]
    made = await client.post(
        "/api/v1/bookings", json=sw.client_body(slot["slot"]), headers=network.operator.headers
    )
    assert made.status_code == 201, made.text
    return made.json()["booking"]


async def _call(client, network, booking: dict, outcome: str) -> None:
    tried = await client.post(
        f"/api/v1/bookings/{booking['id']}/calls",
        json={"outcome": outcome},
        headers=network.finnish.headers,
    )
    assert tried.status_code == 201, tried.text


async def _mark(client, person, booking: dict, status: str) -> None:
    marked = await client.post(
        f"/api/v1/bookings/{booking['id']}/status", json={"status": status}, headers=person.headers
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["status"] == status


async def _queue(client, network) -> list[dict]:
    found = await client.get("/api/v1/callbacks", headers=network.operator.headers)
    assert found.status_code == 200, found.text
    return found.json()


@pytest.fixture
async def started(frozen):
    """Move the clock to the sessions' Monday, after they have started."""

    def go() -> None:
        frozen.advance(timedelta(days=7, hours=4))

    return go


async def test_a_phone_session_not_answered_and_marked_no_show_opens_one_request(
    client, network, started, session
):
    booking = await _book(client, network)
    started()
    await _call(client, network, booking, "no_answer")
    await _mark(client, network.finnish, booking, "no_show")
    [request] = await _queue(client, network)
    assert (request["phone"], request["language"], request["source"], request["topic"]) == (
        CLIENT_PHONE,
        "ar",
        "no_answer",
        "booking",
    )
    assert request["booking_id"] == booking["id"]
    assert request["service_id"] == booking["service_id"] == str(network.service.id)
    # The operator is told which session she missed: when it was, and how.
    assert (request["session_starts_at"], request["session_channel"]) == (
        booking["starts_at"],
        "phone",
    )
    assert request["due"] is True and request["attempts"] == 0
    # Corrected to completed (she was reached after all): the request closes untried, and
    # no operator calls her about a session she had.
    await _mark(client, network.finnish, booking, "completed")
    assert await _queue(client, network) == []
    # ... and marked no-show again (the correction was the mistake): one request waits again.
    await _mark(client, network.admin, booking, "no_show")
    [request] = await _queue(client, network)
    assert (request["source"], request["attempts"]) == ("no_answer", 0)
    # Helped by an operator, then marked no-show yet again: none opens a second time.
    helped = await client.post(
        f"/api/v1/callbacks/{request['id']}/attempts",
        json={"outcome": "helped"},
        headers=network.operator.headers,
    )
    assert helped.status_code == 200, helped.text
    await _mark(client, network.finnish, booking, "completed")
    await _mark(client, network.finnish, booking, "no_show")
    assert await _queue(client, network) == []
    count = await session.scalar(select(func.count()).select_from(CallbackRequest))
    assert count == 2  # the one closed by the correction, and the one helped


async def test_no_request_without_an_unanswered_call(client, network, started):
    reached = await _book(client, network)
    started()
    await _call(client, network, reached, "reached")
    await _call(client, network, reached, "wrong_number")
    await _mark(client, network.finnish, reached, "no_show")
    assert await _queue(client, network) == []


async def test_no_request_when_the_session_is_completed(client, network, started):
    booking = await _book(client, network)
    started()
    await _call(client, network, booking, "no_answer")
    await _mark(client, network.finnish, booking, "completed")
    assert await _queue(client, network) == []


async def test_a_video_session_never_called_opens_none(client, network, started):
    booking = await _book(client, network, "video")
    started()
    await _mark(client, network.finnish, booking, "no_show")
    assert await _queue(client, network) == []


async def test_a_client_already_waiting_for_a_call_keeps_her_one_request(client, network, started):
    booking = await _book(client, network)
    asked = await client.post(
        "/api/v1/callbacks",
        json={"phone": CLIENT_PHONE, "language": "ar", "service_id": str(network.service.id)},
    )
    assert asked.status_code == 201, asked.text
    started()
    await _call(client, network, booking, "no_answer")
    await _mark(client, network.finnish, booking, "no_show")  # the no-show stands
    [request] = await _queue(client, network)
    assert request["id"] == asked.json()["id"] and request["source"] == "client_page"
