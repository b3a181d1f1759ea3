"""PostgreSQL's exclusion constraint: no person is ever in two active overlapping intervals,
even when the inserts race in separate transactions."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

import core.db
import migrations
from access.models import Role
from scheduling.models import BusyInterval
from tests import factories
from tests.conftest import create_postgres_database, drop_postgres_database

START = datetime(2027, 1, 4, 7, tzinfo=UTC)


@pytest.fixture
async def pg(postgres_admin):
    url = await create_postgres_database(postgres_admin)
    await asyncio.to_thread(migrations.upgrade, url)
    engine = core.db.create_engine(url, pool_size=8)  # one connection for each racer
    async with core.db.session_factory(engine)() as session:
        organisation = await factories.organisation(session, "Oulu")
        await factories.municipality(session, "615", "Pudasjärvi")
        service = await factories.service(session, organisation.id)
        advisor = await factories.person(session, organisation.id, Role.ADVISOR)
        booking = await factories.booking(session, service, advisor)
        await session.commit()
    try:
        yield engine, booking.id
    finally:
        await engine.dispose()
        await drop_postgres_database(postgres_admin, url)


def row(booking_id, person_id, start: datetime, minutes: int = 60, active: bool = True):
    return {
        "id": uuid.uuid4(),
        "booking_id": booking_id,
        "person_id": person_id,
        "role": "interpreter",
        "starts_at": start,
        "ends_at": start + timedelta(minutes=minutes),
        "active": active,
        "created_at": datetime.now(UTC),
    }


async def test_overlapping_inserts_racing_leave_exactly_one(pg) -> None:
    engine, booking_id = pg
    person = uuid.uuid4()
    barrier = asyncio.Barrier(8)

    async def insert_one(offset: int) -> bool:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            try:
                await barrier.wait()
                start = START + timedelta(minutes=offset)
                await connection.execute(insert(BusyInterval), [row(booking_id, person, start)])
                await transaction.commit()
                return True
            except DBAPIError as exc:
                assert exc.orig.sqlstate in ("23P01", "40P01"), exc
                await transaction.rollback()
                return False

    results = await asyncio.gather(*(insert_one(offset) for offset in range(0, 40, 5)))
    assert results.count(True) == 1


async def test_adjacent_and_inactive_intervals_are_allowed(pg) -> None:
    engine, booking_id = pg
    person = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            insert(BusyInterval),
            [
                row(booking_id, person, START),
                row(booking_id, person, START + timedelta(minutes=60)),  # touches: allowed
                row(booking_id, person, START, active=False),  # cancelled: allowed
                row(booking_id, uuid.uuid4(), START),  # someone else: allowed
            ],
        )
    with pytest.raises(DBAPIError) as refused:
        async with engine.begin() as connection:
            await connection.execute(
                insert(BusyInterval), [row(booking_id, person, START + timedelta(minutes=30))]
            )
    assert refused.value.orig.sqlstate == "23P01"


def test_no_busy_interval_outlasts_the_bound_the_queries_assume():
    """Busy time is a session (at most MAX_SERVICE_MINUTES) plus its buffer (at most a day):
    the overlap queries look back no further than LONGEST_BUSY."""
    from datetime import timedelta

    from scheduling.models import LONGEST_BUSY
    from scheduling.schemas import MAX_SERVICE_MINUTES, ServiceCreate

    longest_buffer = ServiceCreate.model_fields["buffer_minutes"].metadata[-1].le
    assert timedelta(minutes=MAX_SERVICE_MINUTES + longest_buffer) <= LONGEST_BUSY
