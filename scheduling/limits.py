"""The public booking limits: coming sessions per person (phone number, or e-mail without
one) and per network address, against slot hoarding by scripts.

A count and the booking it allows are one step: on PostgreSQL the booking's transaction
holds an advisory lock on the person's and the address's keys from before it counts until
it commits; on SQLite writing transactions run one at a time already.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from scheduling.errors import TooManyActiveBookings
from scheduling.models import Booking, BookingStatus, Client
from scheduling.schemas import ClientCreate

PUBLIC_ACTIVE_LIMIT = 3  # coming sessions one person may hold through public booking
SOURCE_ACTIVE_LIMIT = 10  # ... and one network address


async def hold(
    session: AsyncSession, *, data: ClientCreate | None, source_hash: str | None
) -> None:
    """Lock the keys a public booking's limits count under, until its transaction ends."""
    keys = [f"source:{source_hash}"] if source_hash else []
    if data is not None and data.phone:
        keys.append(f"client:phone:{data.phone}")
    elif data is not None and data.email:
        keys.append(f"client:email:{data.email.lower()}")
    await core.db.lock(session, keys)


def _active(condition: Any) -> Any:
    return (
        select(func.count())
        .select_from(Booking)
        .where(Booking.status == BookingStatus.CONFIRMED, Booking.ends_at > bindparam("now"))
        .where(condition)
        .scalar_subquery()
    )


# The coming sessions of one client and of one network address, in one statement.
_HELD = select(
    _active(Booking.client_id == bindparam("client_id")),
    _active(Booking.source_hash == bindparam("source_hash")),
)


async def check(
    session: AsyncSession, *, client: Client, source_hash: str | None, now: datetime
) -> None:
    """Refuse a public booking past the limits (the caller ``hold``s their keys, so that
    racing bookings count one another)."""
    params = {"client_id": client.id, "source_hash": source_hash, "now": now}
    by_client, by_source = (await session.execute(_HELD, params)).one()
    if by_client >= PUBLIC_ACTIVE_LIMIT:
        way = "phone number" if client.phone_e164 else "e-mail address"
        raise TooManyActiveBookings(
            f"this {way} already holds {PUBLIC_ACTIVE_LIMIT} coming sessions; "
            "cancel one or call the guidance service",
            field="client.phone" if client.phone_e164 else "client.email",
        )
    if source_hash and by_source >= SOURCE_ACTIVE_LIMIT:
        raise TooManyActiveBookings("too many coming sessions were booked from here")
