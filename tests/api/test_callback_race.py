"""Concurrent "call me" requests against real, committed databases, each in its own session
and connection as in production: one number and service, one open request; racing requests
from one address stop at the cap; racing bookings from one request make one booking."""

import asyncio
from collections import Counter

from sqlalchemy import func, select

from core import clock
from scheduling import callbacks
from scheduling.models import Booking, CallbackRequest, CallbackStatus
from tests.api import scheduling_world as sw
from tests.api.test_booking_race import committed  # noqa: F401  (the fixture)

N = 20
BOOKINGS = 8


async def _count(sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(CallbackRequest))


async def test_racing_requests_for_one_number_and_service_open_one(committed) -> None:  # noqa: F811
    client, network, sessions = committed
    body = {"phone": "0407654321", "language": "so", "service_id": str(network.service.id)}
    answers = await asyncio.gather(*(client.post("/api/v1/callbacks", json=body) for _ in range(N)))
    assert Counter(a.status_code for a in answers) == {201: 1, 409: N - 1}
    assert await _count(sessions) == 1


async def test_racing_requests_from_one_address_stop_at_its_cap(committed) -> None:  # noqa: F811
    client, _network, sessions = committed
    answers = await asyncio.gather(
        *(
            client.post("/api/v1/callbacks", json={"phone": f"+35840{n:07d}", "language": "so"})
            for n in range(N)
        )
    )
    made = Counter(a.status_code for a in answers)
    assert made == {201: callbacks.OPEN_PER_SOURCE, 409: N - callbacks.OPEN_PER_SOURCE}
    assert await _count(sessions) == callbacks.OPEN_PER_SOURCE


async def test_racing_bookings_from_one_request_make_one_booking(committed) -> None:  # noqa: F811
    """Operators booking different times from one request at once: the request is locked
    with the first booking, so exactly one is made and closes it; the others are refused."""
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        asked = await client.post(
            "/api/v1/callbacks", json={"phone": "+358401112223", "language": "ar"}
        )
        assert asked.status_code == 201, asked.text
        found = await client.get(
            "/api/v1/slots", params=sw.search_params(network), headers=network.operator.headers
        )
        # Different times: nothing but the request stops a second booking for her.
        times = {s["starts_at"]: s["slot"] for s in found.json()["slots"]}
        slots = list(times.values())[:BOOKINGS]
        assert len(slots) == BOOKINGS
        answers = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/bookings",
                    json={**sw.client_body(slot), "callback_request_id": asked.json()["id"]},
                    headers=network.operator.headers,
                )
                for slot in slots
            )
        )
    made = Counter(a.status_code for a in answers)
    assert made == {201: 1, 409: BOOKINGS - 1}, [a.text for a in answers if a.status_code >= 500]
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Booking)) == 1
        request = await session.scalar(select(CallbackRequest))
        booked = next(a for a in answers if a.status_code == 201).json()["booking"]["id"]
        assert request.status == CallbackStatus.BOOKED and str(request.booked_booking_id) == booked
