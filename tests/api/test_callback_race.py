"""Concurrent "call me" requests against real, committed databases, each in its own session
and connection as in production: one number and service, one open request; racing requests
from one address stop at the cap."""

import asyncio
from collections import Counter

from sqlalchemy import func, select

from scheduling import callbacks
from scheduling.models import CallbackRequest
from tests.api.test_booking_race import committed  # noqa: F401  (the fixture)

N = 20


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
