"""The interpreter joins a phone session's bridged call from her own browser.

While Neuvo has the client on the line (``calls.live``, answered), the session's interpreter
may offer her browser's audio (an SDP offer, ICE gathered); the offer waits on a leg of the
session (party interpreter, way browser) until the advisor's browser, which already follows
the client's call, answers it and mixes her in. Either side may end her leg; the client's
call ending ends it too. Her leg is kept as her phone legs are: numbered apart, never a try
at the client. Only the session's interpreter may offer; the client's number is never hers."""

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from scheduling import calls
from scheduling.errors import BookingNotFound, CallInProgress, CallNotFound, ClientNotOnCall
from scheduling.models import Booking, BookingCall, CallParty, CallWay

# An offer the advisor's browser has not answered in this long is given up (her tab, or the
# advisor's, is gone): no answer.
WAIT = timedelta(seconds=30)


def is_hers(actor: Actor, booking: Booking) -> bool:
    """Whether ``actor`` is the session's interpreter (the only one who may join this way)."""
    return booking.interpreter_id is not None and actor.staff_id == booking.interpreter_id


async def offer(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    call_id: UUID,
    offer_sdp: str,
    now: datetime,
) -> BookingCall:
    """Keep the interpreter's offer to join the client's live call ``call_id``. Not the
    session's interpreter: 404; the call not live and answered: ``ClientNotOnCall``; a leg to
    her already live (dialled, or joined): ``CallInProgress``."""
    if not is_hers(actor, booking):
        raise BookingNotFound("no such booking", booking_id=booking.id)
    client_call = await calls.live(session, booking_id=booking.id)
    if client_call is None or client_call.id != call_id or client_call.answered_at is None:
        raise ClientNotOnCall(
            "the client is not on a call through Neuvo now: there is no call to join",
            booking_id=booking.id,
        )
    if await calls.live(session, booking_id=booking.id, party=CallParty.INTERPRETER):
        raise CallInProgress("you are on this call already", booking_id=booking.id)
    earlier = await session.scalar(
        select(func.count())
        .select_from(BookingCall)
        .where(BookingCall.booking_id == booking.id, BookingCall.party == CallParty.INTERPRETER)
    )
    leg = BookingCall(
        booking_id=booking.id,
        attempt=(earlier or 0) + 1,
        party=CallParty.INTERPRETER,
        way=CallWay.BROWSER,
        staff_id=actor.staff_id,
        bridged=True,
        offer_sdp=offer_sdp,
        created_at=now,
    )
    session.add(leg)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="call",
        entity="booking",
        entity_id=booking.id,
        detail={"joined": str(leg.id), "call": str(call_id)},
    )
    return leg


async def leg(
    session: AsyncSession, *, actor: Actor, booking: Booking, join_id: UUID
) -> BookingCall:
    """One browser leg of the session, to its interpreter or to those who may call its client."""
    found = await session.get(BookingCall, join_id)
    if (
        found is None
        or found.booking_id != booking.id
        or found.way != CallWay.BROWSER
        or not (is_hers(actor, booking) or calls.may_call(actor, booking))
    ):
        raise CallNotFound("no such call", call_id=join_id)
    return found


async def settle(session: AsyncSession, found: BookingCall, *, now: datetime) -> None:
    """End a browser leg whose client call ended, or whose offer waited too long."""
    if found.ended_at is not None:
        return
    gone = await calls.live(session, booking_id=found.booking_id) is None
    unanswered = found.answered_at is None and now - found.created_at > WAIT
    if gone or unanswered:
        leave(found, now=now)


async def waiting(session: AsyncSession, *, booking_id: UUID, now: datetime) -> list[BookingCall]:
    """The session's live browser legs (offered or answered), the stale ones ended first."""
    found = list(
        await session.scalars(
            select(BookingCall).where(
                BookingCall.booking_id == booking_id,
                BookingCall.way == CallWay.BROWSER,
                BookingCall.ended_at.is_(None),
            )
        )
    )
    for each in found:
        await settle(session, each, now=now)
    return [each for each in found if each.ended_at is None]


def answer(found: BookingCall, *, now: datetime, answer_sdp: str) -> None:
    """The advisor's browser answered her offer: she is on the call (once; an ended leg stays
    ended)."""
    if found.ended_at is not None or found.answered_at is not None:
        return
    calls.answered(found, now=now, answer_sdp=answer_sdp)
    found.offer_sdp = None


def leave(found: BookingCall, *, now: datetime) -> None:
    """Her leg ends (she left, or the advisor ended it): reached if it was answered."""
    calls.end(found, now=now, code=None)
