"""A voice message's call result, however it came (the SIP worker when the call is over, an HTTP
voice API's webhook later): ``record_call_result`` is the one way in. It records the result
once, then applies the key: 1 keeps the appointment, 2 cancels it through the same flow as the
client's link (the client is told by SMS), 0 opens a call-back request. A key for a booking
that changed while the phone rang applies nothing, marks the message failed and puts the client
in the operators' queue (source "reminder_changed"). The same holds for the call that confirms
a booking or a move.
Busy or unanswered: called again later, at most three calls, then one SMS instead."""

import logging
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.config import Settings
from flows import bookings as booking_flows
from flows.effects import SEND_OUTBOX, Done, Effect
from notifications.models import Message, MessageStatus
from notifications.telephony import calls, outcomes
from notifications.telephony.gateway import UNANSWERED, CallEvent, CallResult
from notifications.telephony.models import KeyApplied, VoiceCall
from scheduling import callbacks
from scheduling.errors import CallbackAlreadyOpen, TooManyCallbacks
from scheduling.models import Booking, BookingStatus, CallbackSource

log = logging.getLogger(__name__)
CANCEL_REASON = "cancelled by the client on a call from Neuvo (key 2)"  # a reminder or confirmation


async def record_call_result(
    session: AsyncSession, *, call_id: UUID, result: CallResult, settings: Settings
) -> Done[VoiceCall | None]:
    """Record the result of call ``call_id`` and apply it, once: a repeated or unknown result
    changes nothing (``Done(None)``)."""
    now = clock.now()
    call = await calls.finish(session, call_id=call_id, result=result, now=now)
    if call is None:
        return Done(None)
    message = await session.scalar(
        select(Message).where(Message.id == call.message_id).with_for_update()
    )
    assert message is not None  # the call's row goes with its message
    if result.outcome in UNANSWERED:
        return await _unanswered(session, call=call, message=message, settings=settings)
    outcomes.answered(message, now=now, provider_id=call.provider_id)
    if result.outcome != CallEvent.DIGITS:
        done = KeyApplied.HUNG_UP if result.outcome == CallEvent.HUNG_UP else None
        calls.applied(call, done or KeyApplied.NO_ANSWER_GIVEN)
        return Done(call)
    booking = (
        await session.scalar(select(Booking).where(Booking.id == call.booking_id).with_for_update())
        if call.booking_id is not None
        else None
    )
    if (
        booking is None
        or booking.sequence != call.booking_sequence
        or booking.status != BookingStatus.CONFIRMED
        or booking.starts_at <= now
    ):
        return await _stale(session, call=call, message=message, booking=booking)
    effects: tuple[Effect, ...] = ()
    if result.key == "1":
        calls.applied(call, KeyApplied.KEPT)
    elif result.key == "2":
        cancelled = await booking_flows.cancel(
            session, settings=settings, booking=booking, actor=None, reason=CANCEL_REASON
        )
        calls.applied(call, KeyApplied.CANCELLED)
        effects = cancelled.effects
    elif result.key == "0":
        effects = await _call_back(session, call=call, message=message, booking=booking)
    await session.flush()
    return Done(call, effects)


async def _stale(
    session: AsyncSession, *, call: VoiceCall, message: Message, booking: Booking | None
) -> Done[VoiceCall | None]:
    """Nothing applied: the operator sees the failed message and why, and the client waits in
    the operators' queue to be called (unless the booking is gone)."""
    calls.applied(call, KeyApplied.STALE)
    outcomes.failed(
        message,
        error=f"key {call.key} pressed on the call, not applied: the booking changed "
        "during the call; call the client",
    )
    log.warning("voice call %s: key for a changed booking, not applied", call.id)
    if booking is not None:
        now = clock.now()
        await callbacks.open_for_booking(
            session,
            booking=booking,
            phone_e164=message.recipient,
            language=message.language,
            source=CallbackSource.REMINDER_CHANGED,
            due_at=now,
            now=now,
        )
    await session.flush()
    return Done(call)


async def _unanswered(
    session: AsyncSession, *, call: VoiceCall, message: Message, settings: Settings
) -> Done[VoiceCall | None]:
    now = clock.now()
    why = f"call {message.attempts}: {call.outcome}" + (f" ({call.detail})" if call.detail else "")
    wait = timedelta(seconds=settings.voice_retry_seconds)
    again = outcomes.call_again_at(message, now=now, wait=wait)
    if again is not None and message.status in (MessageStatus.SENDING, MessageStatus.SENT):
        outcomes.pending_again(message, due=again, error=why)
        calls.applied(call, KeyApplied.RETRY)
        return Done(call, (SEND_OUTBOX,))
    outcomes.failed(message, error=f"not reached by phone, an SMS instead; last {why}")
    await outcomes.sms_instead(session, message=message, now=now)
    calls.applied(call, KeyApplied.SMS)
    return Done(call, (SEND_OUTBOX,))


async def _call_back(
    session: AsyncSession, *, call: VoiceCall, message: Message, booking: Booking
) -> tuple[Effect, ...]:
    """Key 0: the client asks a person to call; one open request per number and service (an
    open one already asks for the same, so nothing more is needed)."""
    try:
        await callbacks.open_request(
            session,
            organisation_id=booking.organisation_id,
            phone_e164=message.recipient,
            language=message.language,
            source=CallbackSource.REMINDER_CALL,
            service_id=booking.service_id,
            booking_id=booking.id,
            now=clock.now(),
        )
    except (CallbackAlreadyOpen, TooManyCallbacks):
        call.detail = "a call-back request was open already"
    calls.applied(call, KeyApplied.CALLBACK)
    return ()
