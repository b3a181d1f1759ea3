"""The interpreter joins a bridged phone session's live call from her own browser
(``scheduling.joins``): she offers, the advisor's browser (following the client's call,
``flows.bridges.follow``) answers and mixes her in, and either may end her leg. Janus is not
involved: her browser and the advisor's talk WebRTC to each other, Neuvo only carries the
offer and the answer. No answer here carries a number."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock
from scheduling import calls, joins, lifecycle
from scheduling.models import BookingCall
from scheduling.schemas import BridgeRead, CallRead


async def join(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, call_id: UUID, offer_sdp: str
) -> BridgeRead:
    """The session's interpreter offers to join the client's live call (others: 404; no live,
    answered call to the client: 409; already on it: 409); she follows her leg until the
    advisor's browser answered."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    leg = await joins.offer(
        session, actor=actor, booking=booking, call_id=call_id, offer_sdp=offer_sdp, now=clock.now()
    )
    return read(leg)


async def follow(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, join_id: UUID
) -> BridgeRead:
    """How her leg goes: waiting for the advisor's answer, answered (with the SDP answer), or
    ended (the client's call ended, either side left, or nobody answered in time)."""
    leg = await _leg(session, actor=actor, booking_id=booking_id, join_id=join_id)
    await joins.settle(session, leg, now=clock.now())
    await session.flush()
    return read(leg)


async def answer(
    session: AsyncSession,
    *,
    actor: Actor,
    booking_id: UUID,
    call_id: UUID,
    join_id: UUID,
    answer_sdp: str,
) -> BridgeRead:
    """The advisor's browser answers her offer (only those who may call the client, on the
    client's call ``call_id``); an ended leg stays ended."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    await calls.bridged(session, actor=actor, booking=booking, call_id=call_id)
    leg = await joins.leg(session, actor=actor, booking=booking, join_id=join_id)
    await joins.settle(session, leg, now=clock.now())
    joins.answer(leg, now=clock.now(), answer_sdp=answer_sdp)
    await session.flush()
    return read(leg)


async def leave(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, join_id: UUID
) -> BridgeRead:
    """Her leg ends: she leaves, or the advisor ends it; the client's call goes on."""
    leg = await _leg(session, actor=actor, booking_id=booking_id, join_id=join_id)
    joins.leave(leg, now=clock.now())
    await session.flush()
    return read(leg)


async def _leg(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, join_id: UUID
) -> BookingCall:
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    return await joins.leg(session, actor=actor, booking=booking, join_id=join_id)


def read(leg: BookingCall) -> BridgeRead:
    """Her leg as her browser (or the advisor's) sees it."""
    if leg.ended_at is not None:
        state = "ended"
    elif leg.answered_at is not None:
        state = "answered"
    else:
        state = "calling"
    return BridgeRead(
        call=CallRead.model_validate(leg),
        state=state,
        answer_sdp=leg.answer_sdp if leg.ended_at is None else None,
    )
