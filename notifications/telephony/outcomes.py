"""What a voice message's call result does to the message: sent when answered, called again
when busy or unanswered (at most ``ATTEMPTS`` calls, outside the quiet hours, before the
session), else one SMS instead. A call never repeats what an SMS would say twice: the SMS
instead is written once, and is the very SMS the client would have had that way: its idempotency
key is the voice message's without ``:voice`` (a client reminded by call and SMS, or told of
the booking by SMS as well as by the call, gets no second SMS), else plus ``:sms``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core.models import new_row
from notifications.models import Message, MessageChannel, MessageStatus
from notifications.outbox import _INSERT_ONCE, outside_quiet_hours

ATTEMPTS = 3  # calls of one voice message before the SMS instead


def answered(message: Message, *, now: datetime, provider_id: str | None) -> None:
    """The callee answered: the message is sent (whatever key followed)."""
    message.status = MessageStatus.SENT
    message.claimed_until = None
    message.sent_at = message.sent_at or now
    message.provider_id = provider_id or message.provider_id


def call_again_at(message: Message, *, now: datetime, wait: timedelta) -> datetime | None:
    """When to call once more after a busy or unanswered call; ``None`` when the calls are used
    up or the next one would come too late (past the session's start)."""
    if message.attempts >= ATTEMPTS:
        return None
    due = outside_quiet_hours(now + wait, message.session_starts_at, ZoneInfo(message.zone))
    if message.session_starts_at is not None and due >= message.session_starts_at:
        return None
    return due


def pending_again(message: Message, *, due: datetime, error: str) -> None:
    message.status = MessageStatus.PENDING
    message.claimed_until = None
    message.due_at = due
    message.last_error = error[:500]


def failed(message: Message, *, error: str) -> None:
    message.status = MessageStatus.FAILED
    message.claimed_until = None
    message.last_error = error[:500]


def sms_key(voice_key: str) -> str:
    """The idempotency key of the SMS that says what a voice message (``voice_key``) could not:
    the same message's by SMS, which may exist already."""
    if voice_key.endswith(":voice"):
        return voice_key.removesuffix(":voice")
    return f"{voice_key}:sms"[:100]


async def sms_instead(session: AsyncSession, *, message: Message, now: datetime) -> bool:
    """Write the SMS that says what the call could not (once: keyed on the voice message);
    True when written now."""
    zone = ZoneInfo(message.zone)
    row = new_row(
        Message,
        kind=message.kind,
        channel=MessageChannel.SMS,
        recipient_role=message.recipient_role,
        recipient=message.recipient,
        language=message.language,
        second_language=message.second_language,
        zone=message.zone,
        due_at=outside_quiet_hours(now, message.session_starts_at, zone),
        idempotency_key=sms_key(message.idempotency_key),
        booking_id=message.booking_id,
        organisation_id=message.organisation_id,
        session_starts_at=message.session_starts_at,
        params=dict(message.params),
    )
    await core.db.flush_pending(session)
    connection = await session.connection()
    result = await connection.execute(_INSERT_ONCE[connection.dialect.name], [row])
    return bool(result.rowcount)
