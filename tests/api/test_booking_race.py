"""Concurrent requests against real, committed databases: one slot, one booking; one key,
one booking. Each request runs in its own session and connection, as in production."""

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

import core.db
from api.app import create_app
from core import clock
from core.config import Settings
from scheduling import limits
from scheduling.models import Booking, BusyInterval, Client, Service
from tests.api import scheduling_world as sw
from tests.conftest import TEST_SECRET

N = 20


@pytest.fixture
async def committed(committed_url: str) -> AsyncIterator[tuple]:
    """A fresh database whose every commit is real, an app on it, and a network in it."""
    engine = core.db.create_engine(committed_url, pool_size=N)
    settings = Settings(
        NEUVO_ENV="test",
        DATABASE_URL=committed_url,
        SECRET_KEY=TEST_SECRET,
        NEUVO_BASE_URL="http://testserver",
    )
    app = create_app(settings)
    app.state.sessions = core.db.session_factory(engine)
    app.state.read_sessions = core.db.session_factory(engine, write=False)
    app.state.redis = None
    async with app.state.sessions() as session:
        network = await sw.build(session)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client, network, app.state.sessions
    finally:
        await engine.dispose()


async def _count(sessions, model) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def _slot(client, network, **change) -> str:
    response = await client.get(
        "/api/v1/slots",
        params=sw.search_params(network, **change),
        headers=network.operator.headers,
    )
    return response.json()["slots"][0]["slot"]


async def test_concurrent_bookings_of_one_advisors_slot_make_exactly_one(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        slot = await _slot(client, network, staff_id=str(network.finnish.id))
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/bookings",
                    headers=network.operator.headers,
                    json=sw.client_body(slot, phone=f"+35840111{i:04d}"),
                )
                for i in range(N)
            )
        )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: N - 1}, [r.text for r in responses if r.status_code >= 500]
    assert await _count(sessions, Booking) == 1
    assert await _count(sessions, BusyInterval) == 2


async def test_concurrent_bookings_fill_each_free_advisor_once(committed):
    client, network, _sessions = committed
    with clock.frozen(sw.NOW):
        slot = await _slot(client, network)
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/bookings", json=sw.client_body(slot, phone=f"+35840222{i:04d}")
                )
                for i in range(N)
            )
        )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 2, 409: N - 2}
    advisors = {r.json()["booking"]["advisor_id"] for r in responses if r.status_code == 201}
    assert advisors == {str(network.arabic.id), str(network.finnish.id)}


async def test_a_double_submitted_operator_booking_with_one_key_makes_one(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        slot = await _slot(client, network)
        headers = {**network.operator.headers, "Idempotency-Key": "double-submit-0001"}
        body = sw.client_body(slot)
        responses = await asyncio.gather(
            *(client.post("/api/v1/bookings", json=body, headers=headers) for _ in range(10))
        )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["booking"]["id"] for r in responses}) == 1
    assert len({r.json()["client_link"] for r in responses}) == 1
    assert await _count(sessions, Booking) == 1


async def test_with_a_15_minute_step_overlapping_slots_of_one_advisor_book_once(committed):
    """Starts every 15 minutes overlap: racing bookings of 09:00, 09:15 and 09:30 for one
    advisor make one booking between them."""
    client, network, sessions = committed
    async with sessions() as session:
        await session.execute(
            update(Service).where(Service.id == network.service.id).values(slot_step_minutes=15)
        )
        await session.commit()
    with clock.frozen(sw.NOW):
        response = await client.get(
            "/api/v1/slots",
            params=sw.search_params(network, staff_id=str(network.finnish.id)),
            headers=network.operator.headers,
        )
        found = response.json()["slots"][:3]
        starts = [datetime.fromisoformat(slot["starts_at"]) for slot in found]
        assert [b - a for a, b in itertools.pairwise(starts)] == [timedelta(minutes=15)] * 2
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/bookings",
                    headers=network.operator.headers,
                    json=sw.client_body(found[i % 3]["slot"], phone=f"+35840333{i:04d}"),
                )
                for i in range(N)
            )
        )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: N - 1}, [r.text for r in responses if r.status_code >= 500]
    assert await _count(sessions, Booking) == 1


async def _apart(client, network, count: int, **change) -> list[str]:
    """``count`` slots of the search that do not overlap one another (any advisor's)."""
    response = await client.get("/api/v1/slots", params=sw.search_params(network, **change))
    chosen: list[str] = []
    free_from = ""
    for slot in response.json()["slots"]:
        if slot["starts_at"] >= free_from:
            chosen.append(slot["slot"])
            free_from = slot["ends_at"]
    assert len(chosen) >= count
    return chosen[:count]


def _types(responses) -> Counter:
    return Counter(
        201 if r.status_code == 201 else r.json().get("type", r.status_code) for r in responses
    )


async def test_concurrent_public_bookings_by_one_phone_for_one_time_make_one(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        slot = await _slot(client, network)  # both advisors are free then
        responses = await asyncio.gather(
            *(
                client.post("/api/v1/bookings", json=sw.client_body(slot, phone="0401113333"))
                for _ in range(N)
            )
        )
    assert _types(responses)[201] == 1, _types(responses)
    assert all(r.status_code == 201 or r.status_code == 409 for r in responses)
    assert await _count(sessions, Booking) == 1
    assert await _count(sessions, Client) == 1


async def test_concurrent_operator_bookings_of_one_person_make_one(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        slot = await _slot(client, network)
        body = sw.client_body(slot, phone="+358 40 111 4444", email="Person@Example.fi")
        responses = await asyncio.gather(
            *(
                client.post("/api/v1/bookings", json=body, headers=network.operator.headers)
                for _ in range(N)
            )
        )
    assert _types(responses)[201] == 1, _types(responses)
    assert await _count(sessions, Booking) == 1
    assert await _count(sessions, Client) == 1


async def test_a_burst_from_one_address_books_no_more_than_its_limit(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        refs = await _apart(client, network, N)
        responses = await asyncio.gather(
            *(
                client.post("/api/v1/bookings", json=sw.client_body(ref, phone=f"+35840333{i:04d}"))
                for i, ref in enumerate(refs)
            )
        )
    limited = "/problems/too-many-active-bookings"
    assert _types(responses) == {
        201: limits.SOURCE_ACTIVE_LIMIT,
        limited: N - limits.SOURCE_ACTIVE_LIMIT,
    }
    assert await _count(sessions, Booking) == limits.SOURCE_ACTIVE_LIMIT


async def test_a_burst_for_one_phone_books_no_more_than_its_limit(committed):
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        refs = await _apart(client, network, N)
        responses = await asyncio.gather(
            *(
                client.post("/api/v1/bookings", json=sw.client_body(ref, phone="0405556666"))
                for ref in refs
            )
        )
    limited = "/problems/too-many-active-bookings"
    assert _types(responses) == {
        201: limits.PUBLIC_ACTIVE_LIMIT,
        limited: N - limits.PUBLIC_ACTIVE_LIMIT,
    }
    assert await _count(sessions, Booking) == limits.PUBLIC_ACTIVE_LIMIT
