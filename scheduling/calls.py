"""Calls to a phone session's client: who may see the number and call, and each try's outcome
(reached, no answer, wrong number), kept so that a no-answer can be tried again and counted.

A session is called when it was booked by phone, or when its advisor switched a video session
to the phone (``video`` knows that; the caller says so with ``by_phone``).

A call Neuvo places itself (the phone bridge) is a try too: ``start`` writes it while it
rings, ``answered`` and ``end`` complete it, its outcome taken from how it ended. The
session's interpreter may be dialled into that call as a second leg (``party`` interpreter):
kept the same way, numbered apart, never a try at the client."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from scheduling.clients import CLIENT_ROLES
from scheduling.errors import (
    BookingClosed,
    BookingNotFound,
    CallInProgress,
    CallNotFound,
    ClientNotOnCall,
    NotAPhoneSession,
)
from scheduling.models import (
    Booking,
    BookingCall,
    BookingStatus,
    CallOutcome,
    CallParty,
    Channel,
)


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
    return await _add(
        session,
        actor=actor,
        booking=booking,
        switched_at=switched_at,
        now=now,
        outcome=outcome,
        party=CallParty.CLIENT,
    )


async def _add(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    switched_at: datetime | None,
    now: datetime,
    outcome: CallOutcome | None,
    party: CallParty,
) -> BookingCall:
    if not may_call(actor, booking):
        raise BookingNotFound("no such booking", booking_id=booking.id)
    if not by_phone(booking, switched_at=switched_at):
        raise NotAPhoneSession("this session is not held by phone", booking_id=booking.id)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingClosed("the booking is cancelled")
    earlier = await session.scalar(
        select(func.count())
        .select_from(BookingCall)
        .where(BookingCall.booking_id == booking.id, BookingCall.party == party)
    )
    call = BookingCall(
        booking_id=booking.id,
        attempt=(earlier or 0) + 1,
        party=party,
        staff_id=actor.staff_id,
        outcome=outcome,
        bridged=outcome is None,
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
        detail={"outcome": outcome.value}
        if outcome
        else {"bridged": str(call.id), "party": party.value},
    )
    return call


async def start(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    switched_at: datetime | None,
    now: datetime,
    party: CallParty = CallParty.CLIENT,
) -> BookingCall:
    """Write a call Neuvo is placing: to the client, by the same people as for ``record``, while
    no other call to her is live; to the interpreter, by the same people, only while the
    client's call is live (her leg joins that call) and no other leg to her is."""
    if may_call(actor, booking):
        if await live(session, booking_id=booking.id, party=party) is not None:
            raise CallInProgress(
                f"this session's {party.value} is being called", booking_id=booking.id
            )
        if party == CallParty.INTERPRETER and await live(session, booking_id=booking.id) is None:
            raise ClientNotOnCall("call the client through Neuvo first", booking_id=booking.id)
    return await _add(
        session,
        actor=actor,
        booking=booking,
        switched_at=switched_at,
        now=now,
        outcome=None,
        party=party,
    )


async def live(
    session: AsyncSession, *, booking_id: UUID, party: CallParty = CallParty.CLIENT
) -> BookingCall | None:
    """The session's call to ``party`` that Neuvo is placing and has not ended, if any."""
    return await session.scalar(
        select(BookingCall).where(
            BookingCall.booking_id == booking_id,
            BookingCall.bridged.is_(True),
            BookingCall.party == party,
            BookingCall.ended_at.is_(None),
        )
    )


async def bridged(
    session: AsyncSession, *, actor: Actor, booking: Booking, call_id: UUID
) -> BookingCall:
    """One call Neuvo placed for a session, to those who may call its client."""
    call = await session.get(BookingCall, call_id)
    if call is None or call.booking_id != booking.id or not call.bridged:
        raise CallNotFound("no such call", call_id=call_id)
    if not may_call(actor, booking):
        raise BookingNotFound("no such booking", booking_id=booking.id)
    return call


WRONG_NUMBER_CODES = frozenset({404, 484, 604})


def outcome_of(*, answered: bool, code: int | None) -> CallOutcome:
    """How a call Neuvo placed went: answered is reached; a number the network does not know
    (404, 484, 604) is a wrong number; busy, declined, unavailable or rung out is no answer."""
    if answered:
        return CallOutcome.REACHED
    if code in WRONG_NUMBER_CODES:
        return CallOutcome.WRONG_NUMBER
    return CallOutcome.NO_ANSWER


def answered(call: BookingCall, *, now: datetime, answer_sdp: str | None) -> None:
    """The phone answered (once: a later answer changes nothing of when)."""
    if call.ended_at is None and call.answered_at is None:
        call.answered_at = now
    if answer_sdp and call.ended_at is None:
        call.answer_sdp = answer_sdp


def end(call: BookingCall, *, now: datetime, code: int | None) -> None:
    """The call ended: when, with which SIP code, and so with which outcome. Ending twice
    keeps the first end."""
    if call.ended_at is not None:
        return
    call.ended_at = now
    if code is not None:
        call.sip_code = code
    call.outcome = outcome_of(answered=call.answered_at is not None, code=code)
    call.answer_sdp = call.offer_sdp = None
    call.janus_session = call.janus_handle = None


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
