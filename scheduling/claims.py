"""Claiming people's time: every booking records each person's busy interval, and no person
(advisor, interpreter, peer counsellor, client) is ever in two active bookings that overlap.

On PostgreSQL an exclusion constraint refuses an overlap whatever the concurrency: an interval
it refuses is simply not written (``ON CONFLICT DO NOTHING``), and the claim is undone. That is
PostgreSQL's speculative insertion: of two racing inserts that overlap, the later one waits
for the earlier one's transaction to end, then writes or skips, so overlapping writers queue
without an error and without the deadlocks that plain inserts into an exclusion constraint
can run into (and without a lock of ours, which queued even writers that did not overlap).
On SQLite writes are serialised (``BEGIN IMMEDIATE``), and each interval is checked before it
is written.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core.models import new_row
from scheduling.errors import SlotUnavailable
from scheduling.models import BUSY_SPAN, Booking, BusyInterval, BusyRole, busy_during, busy_params

_BOOKING = insert(Booking)
_BUSY = insert(BusyInterval)
# PostgreSQL: an interval that the exclusion constraint refuses is not written, and not an
# error (speculative insertion: no savepoint needed, and no deadlock between such inserts).
_BUSY_UNLESS_TAKEN = (
    postgresql.insert(BusyInterval).on_conflict_do_nothing().returning(BusyInterval.id)
)
_UNDO_BOOKING = delete(Booking).where(Booking.id == bindparam("id"))
_UNDO_BUSY = delete(BusyInterval).where(BusyInterval.id.in_(bindparam("ids", expanding=True)))
_OVERLAPS = (
    select(BusyInterval.id)
    .where(BusyInterval.person_id == bindparam("person_id"), *busy_during(*BUSY_SPAN))
    .limit(1)
)

# 23P01: the exclusion constraint refused an overlap (plain inserts). 40P01: a deadlock, which
# speculative insertion should never meet; if it does, the victim's slot is lost.
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
    """Write ``holds`` (after the new booking ``booking_row``, when given); False, with
    nothing written, when any would overlap an active interval of its person."""
    await core.db.flush_pending(session)  # what the rows refer to is written first
    connection = await session.connection()
    rows = [
        new_row(
            BusyInterval,
            booking_id=booking_id,
            person_id=hold.person_id,
            role=hold.role,
            starts_at=hold.starts_at,
            ends_at=hold.ends_at,
        )
        for hold in holds
    ]
    if connection.dialect.name != "postgresql":
        for hold in holds:
            if await overlaps(session, hold.person_id, hold.starts_at, hold.ends_at):
                return False
        if booking_row is not None:
            await connection.execute(_BOOKING, booking_row)
        await connection.execute(_BUSY, rows)
        return True
    try:
        if booking_row is not None:
            await connection.execute(_BOOKING, booking_row)
        written = (await connection.execute(_BUSY_UNLESS_TAKEN, rows)).scalars().all()
    except DBAPIError as exc:
        if _is_overlap(exc):  # a deadlock: the transaction is lost, and the slot with it
            raise SlotUnavailable("that time was taken just now; search again") from exc
        raise
    if len(written) == len(rows):
        return True
    if booking_row is not None:
        await connection.execute(_UNDO_BOOKING, {"id": booking_id})  # its holds go with it
    elif written:
        await connection.execute(_UNDO_BUSY, {"ids": list(written)})
    return False


async def overlaps(
    session: AsyncSession, person_id: UUID, starts_at: datetime, ends_at: datetime
) -> bool:
    """Whether the person has an active interval overlapping ``[starts_at, ends_at)``."""
    params = {"person_id": person_id, **busy_params(starts_at, ends_at)}
    return await (await session.connection()).scalar(_OVERLAPS, params) is not None


async def release(session: AsyncSession, *, booking_id: UUID) -> None:
    """Free every person's time in a booking (on cancel, and before a move re-places it)."""
    await session.execute(
        update(BusyInterval).where(BusyInterval.booking_id == booking_id).values(active=False)
    )


def _is_overlap(exc: DBAPIError) -> bool:
    """Tell whether the database refused the interval because another one overlaps it."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in OVERLAP_STATES or "busy_intervals_no_overlap" in str(exc.orig)
