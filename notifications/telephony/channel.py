"""The outbox's voice channel: a claimed voice message becomes one call, exactly once.

Before dialling, in its own committed transaction: the message is still ours (claimed,
at our attempt), no earlier call of it was left ``dialling`` (a worker killed mid-call:
then it is never dialled again, and an SMS says what the call could not), every part has
audio (else an SMS instead), and the call's row is written with the claim stretched over
the longest call. Then the gateway dials. A synchronous gateway's result goes to ``report``
(``flows.voice.record_call_result`` in its own unit of work); an asynchronous one's comes
by webhook to the same flow.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import clock
from notifications.errors import MissingAudio, TransientFailure
from notifications.models import Message, MessageStatus
from notifications.telephony import calls, outcomes, scripts
from notifications.telephony.gateway import Call, CallResult, Placed, VoiceGateway
from notifications.telephony.models import CallStatus

log = logging.getLogger(__name__)

Report = Callable[[UUID, CallResult], Awaitable[None]]
MAX_CALL = timedelta(minutes=3)


@dataclass(frozen=True, slots=True)
class Handled:
    """What the dispatcher records for the message: ``status`` None when the call's own
    records already say it (the flow, or the SMS instead, wrote them)."""

    status: MessageStatus | None
    error: str | None = None
    provider_id: str | None = None


@dataclass
class VoiceChannel:
    gateway: VoiceGateway
    sessions: async_sessionmaker[AsyncSession]
    report: Report
    key_seconds: float = 8.0
    ring_seconds: float = 30.0

    async def aclose(self) -> None:
        await self.gateway.aclose()

    async def call(self, message: Message) -> Handled:
        """Place the call of a claimed voice message (see the module's docstring)."""
        async with self.sessions() as session, session.begin():
            prepared = await self._prepare(session, message)
        if isinstance(prepared, Handled):
            return prepared
        try:
            result = await self.gateway.place(prepared)
        except TransientFailure as exc:
            async with self.sessions() as session, session.begin():
                await calls.mark(
                    session,
                    call_id=prepared.call_id,
                    status=CallStatus.NOT_PLACED,
                    detail=exc.message,
                )
            raise
        if isinstance(result, Placed):
            async with self.sessions() as session, session.begin():
                await calls.placed(
                    session, call_id=prepared.call_id, provider_id=result.provider_id
                )
            return Handled(MessageStatus.SENT, provider_id=result.provider_id)
        try:
            await self.report(prepared.call_id, result)
        except Exception:  # the call is over: left dialling, it is never dialled again
            log.exception("voice call %s: its result could not be recorded", prepared.call_id)
        return Handled(None)

    async def sms_instead(self, message: Message, *, why: str) -> None:
        """No call for a claimed voice message (``why``): one SMS says it instead."""
        await sms_instead(self.sessions, message, why=why)

    async def _prepare(self, session: AsyncSession, message: Message) -> Call | Handled:
        now = clock.now()
        mine = await session.scalar(
            select(Message)
            .where(
                Message.id == message.id,
                Message.status == MessageStatus.SENDING,
                Message.attempts == message.attempts,
            )
            .with_for_update()
        )
        if mine is None:
            return Handled(None)  # another dispatcher took it over meanwhile
        left = await calls.left_dialling(session, message_id=mine.id)
        if left is not None:
            await calls.mark(
                session, call_id=left.id, status=CallStatus.INTERRUPTED, detail="worker stopped"
            )
            outcomes.failed(
                mine,
                error="the call was cut off (its worker stopped): not called again, an SMS instead",
            )
            await outcomes.sms_instead(session, message=mine, now=now)
            log.warning("voice message %s: call %s interrupted, SMS instead", mine.id, left.id)
            return Handled(None)
        try:
            call = await scripts.reminder_call(
                session,
                message=mine,
                call_id=uuid4(),
                key_seconds=self.key_seconds,
                ring_seconds=self.ring_seconds,
            )
        except MissingAudio as exc:
            mine.status = MessageStatus.CANCELLED
            mine.claimed_until = None
            mine.last_error = f"an SMS instead: {exc.message}"[:500]
            await outcomes.sms_instead(session, message=mine, now=now)
            return Handled(None)
        await calls.begin(
            session,
            call_id=call.call_id,
            message=mine,
            gateway=self.gateway.name,
            booking_sequence=mine.params.get("sequence"),
        )
        # Nobody else may take the message over while the phone may still be ringing.
        mine.claimed_until = now + timedelta(seconds=call.max_seconds) + MAX_CALL
        return call


async def sms_instead(
    sessions: async_sessionmaker[AsyncSession], message: Message, *, why: str
) -> None:
    """Take back a claimed voice message (still ours) and write one SMS in its place."""
    async with sessions() as session, session.begin():
        mine = await session.scalar(
            select(Message)
            .where(
                Message.id == message.id,
                Message.status == MessageStatus.SENDING,
                Message.attempts == message.attempts,
            )
            .with_for_update()
        )
        if mine is None:
            return
        mine.status = MessageStatus.CANCELLED
        mine.claimed_until = None
        mine.last_error = f"an SMS instead: {why}"[:500]
        await outcomes.sms_instead(session, message=mine, now=clock.now())
