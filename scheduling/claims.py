"""Claiming people's time: every booking records each person's busy interval, and no person
(advisor, interpreter, peer counsellor, client) is ever in two active bookings that overlap.

On PostgreSQL an exclusion constraint refuses an overlap whatever the concurrency, and writers
for one person queue on an advisory lock so that overlapping ones cannot deadlock. On SQLite
writes are serialised (``BEGIN IMMEDIATE``), and each interval is checked before it is written.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import new_row
from scheduling.models import Booking, BusyInterval, BusyRole, busy_during

_BOOKING = insert(Booking)
_BUSY = insert(BusyInterval)
# 23P01: the exclusion constraint refused an overlap. 40P01: a deadlock between overlapping
# writers (left possible when one client races two bookings at once); the victim steps aside.
OVERLAP_STATES = frozenset({"23P01", "40P01"})


@dataclass(frozen=True, slots=True)
class Hold:
    """One person's time taken by a booking."""

    person_id: UUID
    role: BusyRole
    starts_at: datetime
    ends_at: datetime


async def take(
    session: AsyncSession,
    *,
    booking_id: UUID,
    holds: Sequence[Hold],
    booking_row: dict[str, Any] | None = None,
) -> bool:
    """Write ``holds`` (after the new booking ``booking_row``, when given) in a savepoint;
    False, with nothing written, when any would overlap an active interval of its person."""
    checked_first = session.bind.dialect.name != "postgresql"
    try:
        async with session.begin_nested():
            # Asked for inside the nested transaction, which emits its SAVEPOINT only then.
            connection = await session.connection()
            if checked_first:
                for hold in holds:
                    if await overlaps(session, hold.person_id, hold.starts_at, hold.ends_at):
                        return False
            if booking_row is not None:
                await connection.execute(_BOOKING, booking_row)
            await connection.execute(
                _BUSY,
                [
                    new_row(
                        BusyInterval,
                        booking_id=booking_id,
                        person_id=hold.person_id,
                        role=hold.role,
                        starts_at=hold.starts_at,
                        ends_at=hold.ends_at,
                    )
                    for hold in holds
                ],
            )
    except DBAPIError as exc:
        if not _is_overlap(exc):
            raise
        return False
    return True


async def queue_for(session: AsyncSession, person_id: UUID) -> None:
    """On PostgreSQL, make writers for one person take turns until their transaction ends.

    Without it two transactions inserting overlapping intervals each find the other's
    uncommitted row in the exclusion constraint's index and wait for each other: a deadlock
    that PostgreSQL breaks by failing one of them. Queued, the later one sees the committed
    row and steps aside. SQLite serialises every writer already.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(person_id.bytes[:8], "big", signed=True)
        await connection.execute(select(func.pg_advisory_xact_lock(key)))


async def overlaps(
    session: AsyncSession, person_id: UUID, starts_at: datetime, ends_at: datetime
) -> bool:
    """Whether the person has an active interval overlapping ``[starts_at, ends_at)``."""
    query = select(BusyInterval.id).where(
        BusyInterval.person_id == person_id, *busy_during(starts_at, ends_at)
    )
    return await (await session.connection()).scalar(query.limit(1)) is not None


async def release(session: AsyncSession, *, booking_id: UUID) -> None:
    """Free every person's time in a booking (on cancel, and before a move re-places it)."""
    await session.execute(
        update(BusyInterval).where(BusyInterval.booking_id == booking_id).values(active=False)
    )


def _is_overlap(exc: DBAPIError) -> bool:
    """Tell whether the database refused the interval because another one overlaps it."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in OVERLAP_STATES or "busy_intervals_no_overlap" in str(exc.orig)
