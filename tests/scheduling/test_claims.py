"""Claims racing in separate transactions on committed databases: of overlapping claims
exactly one is written, none fails with an error, and claims that do not overlap all pass."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import core.db
from access.models import Role
from scheduling import claims
from scheduling.models import Booking, BusyInterval, BusyRole, Client
from tests import factories

START = datetime(2027, 1, 4, 7, tzinfo=UTC)
CLAIMANTS = 12


@pytest.fixture
async def world(committed_url):
    engine = core.db.create_engine(committed_url, pool_size=CLAIMANTS)
    maker = core.db.session_factory(engine)
    async with maker() as session:
        organisation = await factories.organisation(session, "Oulu")
        await factories.municipality(session, "615", "Pudasjärvi")
        service = await factories.service(session, organisation.id)
        advisors = [await factories.person(session, organisation.id, Role.ADVISOR) for _ in "ab"]
        clients = [Client(preferred_language="ar") for _ in range(CLAIMANTS)]
        session.add_all(clients)
        await session.commit()
    try:
        yield maker, service, advisors, [client.id for client in clients]
    finally:
        await engine.dispose()


def _booking(service, advisor, client_id, start: datetime) -> dict:
    return factories.booking_row(service, advisor, client_id, start)


async def _race(maker, rows: list[dict]) -> list[bool]:
    """Each row's claim (advisor, then client) in its own transaction, all at once."""
    barrier = asyncio.Barrier(len(rows))

    async def claim(row: dict) -> bool:
        async with maker() as session:
            await barrier.wait()
            holds = [
                claims.Hold(row["advisor_id"], BusyRole.ADVISOR, row["starts_at"], row["ends_at"]),
                claims.Hold(row["client_id"], BusyRole.CLIENT, row["starts_at"], row["ends_at"]),
            ]
            taken = await claims.take(session, booking_id=row["id"], holds=holds, booking_row=row)
            await session.commit()
            return taken

    return await asyncio.gather(*(claim(row) for row in rows))


async def _count(maker, model) -> int:
    async with maker() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_overlapping_claims_for_one_advisor_leave_exactly_one(world) -> None:
    maker, service, (advisor, _), clients = world
    rows = [
        _booking(service, advisor, client, START + timedelta(minutes=3 * index))  # all overlap
        for index, client in enumerate(clients)
    ]
    assert (await _race(maker, rows)).count(True) == 1
    assert await _count(maker, Booking) == 1  # the others' bookings were taken back
    assert await _count(maker, BusyInterval) == 2


async def test_overlapping_claims_for_one_client_with_two_advisors_leave_exactly_one(
    world,
) -> None:
    maker, service, advisors, clients = world
    rows = [
        _booking(service, advisors[index % 2], clients[0], START + timedelta(minutes=index))
        for index in range(CLAIMANTS)
    ]
    assert (await _race(maker, rows)).count(True) == 1
    assert await _count(maker, BusyInterval) == 2


async def test_claims_that_do_not_overlap_all_pass_at_once(world) -> None:
    maker, service, (advisor, _), clients = world
    rows = [
        _booking(service, advisor, client, START + timedelta(hours=index))  # back to back
        for index, client in enumerate(clients)
    ]
    assert all(await _race(maker, rows))
    assert await _count(maker, BusyInterval) == 2 * CLAIMANTS
