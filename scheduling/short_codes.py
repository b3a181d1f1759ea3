"""Short codes: eight digits an operator reads out over the phone, which open a booking on
the client page as its link does.

Like the link's token, a code is derived from the secret key and a salt stored with the
booking, so it can be shown again (on the client card, in the outbox) while only a keyed hash
of it is stored. It opens the booking until the link expires. Ten wrong codes from one
network address in a minute hold that address back (429), as log-ins are held back.
"""

import math
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import tokens
from notifications import links
from scheduling import clients
from scheduling.errors import ShortCodeWrong, TooManyShortCodes
from scheduling.models import Booking, Client, ShortCodeAttempt

WINDOW = timedelta(minutes=1)
MAX_WRONG = 10
TRIES = 8  # salts tried before giving up on a code no other booking holds


async def assign(session: AsyncSession, *, secret: str, booking_id: UUID) -> tuple[str, str]:
    """A salt and the hash of a code no other booking holds, for a new booking."""
    for _ in range(TRIES):
        salt = tokens.new_salt()
        code = links.short_code(secret, booking_id=booking_id, salt=salt)
        digest = links.short_code_hash(secret, code)
        taken = await session.scalar(
            select(Booking.id).where(Booking.short_code_hash == digest).limit(1)
        )
        if taken is None:
            return salt, digest
    raise RuntimeError("no free short code after several tries")  # 1 in 10**8 each: never


def code_of(secret: str, booking: Booking) -> str | None:
    """The booking's short code grouped for reading out, or None for a booking made before
    short codes."""
    if booking.short_code_salt is None:
        return None
    code = links.short_code(secret, booking_id=booking.id, salt=booking.short_code_salt)
    return links.grouped_code(code)


async def open_booking(
    session: AsyncSession, *, secret: str, typed: str, address: str, now: datetime
) -> Booking:
    """The booking whose link is open under the code ``typed``; a wrong code is kept against
    ``address``, and an address with ten wrong in a minute is held back."""
    address_hash = tokens.sign(secret, f"short-code-source:{address}")
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(ShortCodeAttempt.created_at)).where(
                ShortCodeAttempt.address_hash == address_hash,
                ShortCodeAttempt.created_at >= now - WINDOW,
            )
        )
    ).one()
    if count >= MAX_WRONG:
        retry = math.ceil((oldest + WINDOW - now).total_seconds())
        raise TooManyShortCodes(
            "too many wrong codes; wait before trying again", retry_after=max(retry, 1)
        )
    code = links.typed_code(typed)
    booking = None
    if len(code) == links.SHORT_CODE_LENGTH:
        booking = await session.scalar(
            select(Booking).where(Booking.short_code_hash == links.short_code_hash(secret, code))
        )
    if booking is None or booking.client_token_expires_at <= now:
        session.add(ShortCodeAttempt(address_hash=address_hash, created_at=now))
        await session.flush()
        raise ShortCodeWrong("no booking has this code", field="code")
    return booking


async def purge(session: AsyncSession, *, now: datetime) -> None:
    """Forget wrong tries older than the window."""
    await session.execute(
        ShortCodeAttempt.__table__.delete().where(ShortCodeAttempt.created_at < now - WINDOW)
    )


async def readable(
    session: AsyncSession, *, actor: Actor, secret: str, booking_ids: set[UUID]
) -> dict[UUID, tuple[UUID, str | None]]:
    """Of ``booking_ids``, those whose client ``actor`` may see: each with its client and the
    code to read out (the messages' own links stay hidden: they are capabilities)."""
    if not booking_ids or not (actor.is_platform_admin or actor.has(*clients.CLIENT_ROLES)):
        return {}
    rows = (
        await session.execute(
            select(Booking.id, Booking.client_id, Booking.short_code_salt).where(
                Booking.id.in_(booking_ids)
            )
        )
    ).all()
    # Apart from the bookings: the visibility rule looks at bookings of its own.
    seen = set(
        await session.scalars(
            select(Client.id).where(
                Client.id.in_({row.client_id for row in rows}), clients.visible_to(actor)
            )
        )
    )
    return {
        booking_id: (
            client_id,
            None
            if salt is None
            else links.grouped_code(links.short_code(secret, booking_id=booking_id, salt=salt)),
        )
        for booking_id, client_id, salt in rows
        if client_id in seen
    }
