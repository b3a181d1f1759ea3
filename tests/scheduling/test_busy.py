"""Busy time from the in-memory copy against the plain query: over random busy time (DST
nights included) written and changed between reads, across two engines, inside a writing
transaction, after a rollback and after pruning; on both backends, with real commits."""

import random
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql

import core.db
from core import clock
from core.models import new_row
from scheduling import busy
from scheduling.models import BusyInterval, BusyRole
from tests import factories
from tests.api import scheduling_world as sw

# Both nights the clocks change in Europe/Helsinki in 2026, and a plain week between.
NIGHTS = (
    datetime(2026, 3, 28, 20, tzinfo=UTC),
    datetime(2026, 6, 1, 6, tzinfo=UTC),
    datetime(2026, 10, 24, 20, tzinfo=UTC),
)
FIVE = timedelta(minutes=5)


async def _world(url: str):  # type: ignore[no-untyped-def]
    engine = core.db.create_engine(url, pool_size=2)
    async with core.db.session_factory(engine)() as session:
        with clock.frozen(sw.NOW):
            network = await sw.build(session)
            booking = await factories.booking(session, network.service, network.arabic)
        await session.commit()
    return engine, network, booking.id


def _random_interval(rng: random.Random) -> tuple[datetime, datetime]:
    start = rng.choice(NIGHTS) + rng.randrange(0, 12 * 24) * FIVE
    return start, start + rng.randrange(1, 40) * FIVE


async def _change(sessions, rng: random.Random, people: list[UUID], booking_id: UUID) -> None:  # type: ignore[no-untyped-def]
    """Insert, cancel, restore or delete some busy time, and commit."""
    async with sessions() as session:
        connection = await session.connection()
        postgres = connection.dialect.name == "postgresql"
        rows = [
            new_row(
                BusyInterval,
                booking_id=booking_id,
                person_id=rng.choice(people),
                role=BusyRole.ADVISOR,
                starts_at=start,
                ends_at=end,
            )
            for start, end in (_random_interval(rng) for _ in range(rng.randrange(0, 6)))
        ]
        # A client's time is never logged and never read here: it must not disturb either.
        rows.append(
            new_row(
                BusyInterval,
                booking_id=booking_id,
                person_id=uuid4(),
                role=BusyRole.CLIENT,
                starts_at=NIGHTS[0],
                ends_at=NIGHTS[0] + FIVE,
            )
        )
        for row in rows:  # one by one: on PostgreSQL an overlapping one is skipped
            statement = (
                postgresql.insert(BusyInterval).on_conflict_do_nothing()
                if postgres
                else insert(BusyInterval)
            )
            await connection.execute(statement, row)
        ids = list(await session.scalars(select(BusyInterval.id)))
        for busy_id in rng.sample(ids, min(len(ids), rng.randrange(0, 3))):
            await session.execute(
                update(BusyInterval).where(BusyInterval.id == busy_id).values(active=False)
            )
        if ids and rng.random() < 0.3:
            await session.execute(delete(BusyInterval).where(BusyInterval.id == rng.choice(ids)))
        await session.commit()


async def test_the_copy_gives_the_plain_querys_rows_as_busy_time_changes(committed_url) -> None:
    """A randomised property over 40 rounds: after each committed change, by another
    engine, the copy answers random spans over some of the people exactly as the plain query
    does; so a booking made between two reads is seen by the second."""
    writer, network, booking_id = await _world(committed_url)
    reader = core.db.create_engine(committed_url, pool_size=2)
    rng = random.Random(16)
    people = [network.arabic.id, network.finnish.id, network.interpreter.id, uuid4(), uuid4()]
    try:
        for _ in range(40):
            await _change(core.db.session_factory(writer), rng, people, booking_id)
            for _ in range(3):
                asked = rng.sample(people, rng.randrange(1, len(people) + 1))
                start = rng.choice(NIGHTS) + rng.randrange(-24, 24 * 12) * FIVE
                span = (start, start + rng.randrange(1, 24 * 12 * 3) * FIVE)
                async with core.db.session_factory(reader, write=False)() as session:
                    fast = await busy.of(session, asked, span)
                async with core.db.session_factory(reader, write=False)() as session:
                    assert fast == await busy.plain(session, asked, span)
    finally:
        await writer.dispose()
        await reader.dispose()


async def test_a_writing_transaction_reads_its_own_busy_time_and_a_rollback_leaves_none(
    committed_url,
) -> None:
    engine, network, booking_id = await _world(committed_url)
    span = (NIGHTS[1], NIGHTS[1] + timedelta(days=1))
    person = network.finnish.id
    try:
        reads = core.db.session_factory(engine, write=False)
        async with reads() as session:
            assert await busy.of(session, [person], span) == {}
        async with core.db.session_factory(engine)() as session:
            await session.execute(
                insert(BusyInterval),
                new_row(
                    BusyInterval,
                    booking_id=booking_id,
                    person_id=person,
                    role=BusyRole.ADVISOR,
                    starts_at=span[0],
                    ends_at=span[0] + FIVE,
                ),
            )
            assert await busy.of(session, [person], span) == {person: [(span[0], span[0] + FIVE)]}
            await session.rollback()
        async with reads() as session:
            assert await busy.of(session, [person], span) == {}
    finally:
        await engine.dispose()


async def test_after_pruning_the_log_a_copy_is_read_again_and_stays_right(committed_url) -> None:
    engine, network, booking_id = await _world(committed_url)
    rng = random.Random(9)
    people = [network.arabic.id, network.finnish.id]
    span = (NIGHTS[0] - timedelta(days=1), NIGHTS[2] + timedelta(days=2))
    writes = core.db.session_factory(engine)
    reads = core.db.session_factory(engine, write=False)
    try:
        for _ in range(6):
            await _change(writes, rng, people, booking_id)
            async with reads() as session:
                fast = await busy.of(session, people, span)
            async with writes() as session:
                await busy.prune(session)
                await session.commit()
            async with reads() as session:
                assert fast == await busy.plain(session, people, span)
                assert await busy.of(session, people, span) == fast
    finally:
        await engine.dispose()
