"""The calls of voice messages: the row written before dialling, the result written once.

A voice message is called at most once per claim: ``begin`` commits a ``dialling`` row
before the gateway dials, and a dispatcher that finds such a row left by a worker that died
(``interrupted``) never dials that attempt again. ``finish`` records a result exactly once,
whichever way it came (the SIP worker, a provider's webhook, both).
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import Message
from notifications.telephony.gateway import CallResult
from notifications.telephony.models import CallStatus, KeyApplied, VoiceCall

OPEN = (CallStatus.DIALLING, CallStatus.PLACED)


async def left_dialling(session: AsyncSession, *, message_id: UUID) -> VoiceCall | None:
    """A call of the message still ``dialling`` from an earlier claim (its worker died)."""
    return await session.scalar(
        select(VoiceCall).where(
            VoiceCall.message_id == message_id, VoiceCall.status == CallStatus.DIALLING
        )
    )


async def begin(
    session: AsyncSession,
    *,
    call_id: UUID,
    message: Message,
    gateway: str,
    booking_sequence: int | None,
) -> VoiceCall:
    """The row of the message's call at its current attempt, before anything is dialled."""
    call = VoiceCall(
        id=call_id,
        message_id=message.id,
        attempt=message.attempts,
        booking_id=message.booking_id,
        booking_sequence=booking_sequence,
        gateway=gateway,
    )
    session.add(call)
    await session.flush()
    return call


async def placed(session: AsyncSession, *, call_id: UUID, provider_id: str) -> None:
    """An asynchronous gateway took the call: its result comes by webhook."""
    await session.execute(
        update(VoiceCall)
        .where(VoiceCall.id == call_id, VoiceCall.status == CallStatus.DIALLING)
        .values(status=CallStatus.PLACED, provider_id=provider_id[:200])
    )


async def mark(
    session: AsyncSession, *, call_id: UUID, status: CallStatus, detail: str | None = None
) -> None:
    """A call that ended without a result (interrupted, not placed)."""
    await session.execute(
        update(VoiceCall)
        .where(VoiceCall.id == call_id, VoiceCall.status.in_(OPEN))
        .values(status=status, detail=detail[:200] if detail else None)
    )


async def finish(
    session: AsyncSession, *, call_id: UUID, result: CallResult, now: datetime
) -> VoiceCall | None:
    """Record ``result`` on the call (locked) unless one was recorded already; the call when
    this was the first result, ``None`` for an unknown call or a repeat."""
    call = await session.scalar(select(VoiceCall).where(VoiceCall.id == call_id).with_for_update())
    if call is None or call.outcome is not None or call.status not in OPEN:
        return None
    call.status = CallStatus.ENDED
    call.outcome = result.outcome
    call.key = result.key
    call.wrong_keys = "".join(result.wrong_keys)[:20] or None
    call.answered_at = result.answered_at
    call.ended_at = result.ended_at or now
    call.detail = result.detail[:200] if result.detail else None
    if result.provider_id:
        call.provider_id = result.provider_id[:200]
    await session.flush()
    return call


def applied(call: VoiceCall, what: KeyApplied) -> None:
    """Note what the result led to (shown to operators beside the message)."""
    call.applied = what


async def of_message(session: AsyncSession, *, message_id: UUID) -> list[VoiceCall]:
    """The calls of one message, first attempt first."""
    return list(
        await session.scalars(
            select(VoiceCall).where(VoiceCall.message_id == message_id).order_by(VoiceCall.attempt)
        )
    )
