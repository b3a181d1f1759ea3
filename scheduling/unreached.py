"""A phone session's client who was not reached: when her advisor marks the session no-show
after calling her at least once without an answer, an operator of the organisation calls her
back to book again (a call-back request, source ``no_answer``).

Kept beside ``callbacks`` (which opens the request and holds its rules) and ``calls`` (which
keeps the tries), so that neither grows a rule that is about the other."""

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from scheduling import callbacks
from scheduling.errors import CallbackAlreadyOpen, InvalidValue, TooManyCallbacks
from scheduling.models import (
    Booking,
    BookingCall,
    BookingStatus,
    CallbackRequest,
    CallbackSource,
    CallbackStatus,
    CallOutcome,
    Client,
)


async def _unanswered(session: AsyncSession, booking: Booking) -> bool:
    """Whether someone called the session's client and nobody answered (``calls`` keeps tries
    only for sessions held by phone: booked so, or switched to it)."""
    return bool(
        await session.scalar(
            select(
                exists().where(
                    BookingCall.booking_id == booking.id,
                    BookingCall.outcome == CallOutcome.NO_ANSWER,
                )
            )
        )
    )


async def _asked_before(session: AsyncSession, booking: Booking) -> bool:
    """Whether the session opened a request already: one still waiting, or one an operator
    tried (a request closed untried by a corrected no-show does not count)."""
    return bool(
        await session.scalar(
            select(
                exists().where(
                    CallbackRequest.booking_id == booking.id,
                    CallbackRequest.source == CallbackSource.NO_ANSWER,
                    (CallbackRequest.status == CallbackStatus.OPEN)
                    | (CallbackRequest.attempts > 0),
                )
            )
        )
    )


async def open_after_no_show(
    session: AsyncSession, *, booking: Booking, now: datetime
) -> CallbackRequest | None:
    """Open, once per session, a call-back request for the client of a phone session marked
    no-show after at least one unanswered try: her number, the session's language, service
    and organisation. None when the rule does not apply, when the session had one already
    (marked no-show again), or when her number cannot take a call-back (not a mobile one),
    or when she waits for a call already (the one-open-request index) or for too many."""
    if booking.status != BookingStatus.NO_SHOW or not await _unanswered(session, booking):
        return None
    if await _asked_before(session, booking):
        return None
    client = await session.get(Client, booking.client_id)
    if client is None or not client.phone_e164:
        return None
    try:
        return await callbacks.open_request(
            session,
            organisation_id=booking.organisation_id,
            phone_e164=client.phone_e164,
            language=booking.language,
            source=CallbackSource.NO_ANSWER,
            service_id=booking.service_id,
            booking_id=booking.id,
            topic="booking",
            now=now,
        )
    except (CallbackAlreadyOpen, TooManyCallbacks, InvalidValue):
        return None  # she is called already, or cannot be: the no-show stands all the same


async def close_after_correction(
    session: AsyncSession, *, booking: Booking, actor: Actor, now: datetime
) -> CallbackRequest | None:
    """A no-show corrected (the session took place after all): the call-back request it opened,
    still waiting, closes as helped, so that no operator calls her about a session she had.
    None when there is none open."""
    if booking.status == BookingStatus.NO_SHOW:
        return None
    request = await session.scalar(
        select(CallbackRequest)
        .where(
            CallbackRequest.booking_id == booking.id,
            CallbackRequest.source == CallbackSource.NO_ANSWER,
            CallbackRequest.status == CallbackStatus.OPEN,
        )
        .with_for_update()
    )
    if request is not None:
        callbacks.close_helped(request, actor=actor, now=now)
    return request
