"""Calls to a phone session's client: who may see the number and call, and each try's outcome
(reached, no answer, wrong number), kept so that a no-answer can be tried again and counted.

A session is called when it was booked by phone, or when its advisor switched a video session
to the phone (``video`` knows that; the caller says so with ``by_phone``)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from scheduling.clients import CLIENT_ROLES
from scheduling.errors import BookingClosed, BookingNotFound, NotAPhoneSession
from scheduling.models import Booking, BookingCall, BookingStatus, CallOutcome, Channel


def may_call(actor: Actor, booking: Booking) -> bool:
    """The session's advisor, and staff who serve clients in its organisation (who may see its
    client: ``clients.visible_to`` holds for a booking of their organisation), see the client's
    number and record calls; an interpreter never does, she is not the one to call."""
    if actor.staff_id == booking.advisor_id:
        return True
    return actor.has(*CLIENT_ROLES) and actor.sees(booking.organisation_id)


def by_phone(booking: Booking, *, switched_at: datetime | None) -> bool:
    """Whether the session is held by phone: booked so, or switched to it from video."""
    return booking.channel == Channel.PHONE or (
        booking.channel == Channel.VIDEO and switched_at is not None
    )


async def record(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    outcome: CallOutcome,
    switched_at: datetime | None,
    now: datetime,
) -> BookingCall:
    """Keep one try to call the client of a phone session (or one switched to the phone): by
    its advisor or staff who may see its client; others are answered as if it did not exist."""
    if not may_call(actor, booking):
        raise BookingNotFound("no such booking", booking_id=booking.id)
    if not by_phone(booking, switched_at=switched_at):
        raise NotAPhoneSession("this session is not held by phone", booking_id=booking.id)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingClosed("the booking is cancelled")
    earlier = await session.scalar(
        select(func.count()).select_from(BookingCall).where(BookingCall.booking_id == booking.id)
    )
    call = BookingCall(
        booking_id=booking.id,
        attempt=(earlier or 0) + 1,
        staff_id=actor.staff_id,
        outcome=outcome,
        created_at=now,
    )
    session.add(call)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="call",
        entity="booking",
        entity_id=booking.id,
        client_id=booking.client_id,
        detail={"outcome": outcome.value},
    )
    return call


async def of(
    session: AsyncSession, *, booking_ids: Iterable[UUID]
) -> dict[UUID, list[BookingCall]]:
    """Each booking's calls, oldest first."""
    ids = list(booking_ids)
    found: dict[UUID, list[BookingCall]] = defaultdict(list)
    if not ids:
        return found
    rows = await session.scalars(
        select(BookingCall).where(BookingCall.booking_id.in_(ids)).order_by(BookingCall.attempt)
    )
    for call in rows:
        found[call.booking_id].append(call)
    return found
