"""``flows.voice.record_call_result``, the one way in for a call's result: recorded once
(a webhook sent twice, or a late one after the SIP worker's, changes nothing), an unknown
call changes nothing, a busy call is called again later."""

from datetime import timedelta
from uuid import uuid4

from sqlalchemy import select

from core import clock
from flows import voice
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from notifications.telephony import calls
from notifications.telephony.gateway import CallEvent, CallResult
from notifications.telephony.models import CallStatus, KeyApplied


async def _calling(session) -> Message:
    now = clock.now()
    message = Message(
        kind=MessageKind.REMINDER,
        channel=MessageChannel.VOICE,
        recipient_role="client",
        recipient="+358401112223",
        language="fi",
        zone="Europe/Helsinki",
        due_at=now,
        status=MessageStatus.SENDING,
        attempts=1,
        idempotency_key=f"reminder:{uuid4()}:voice",
        session_starts_at=now + timedelta(days=1),
        params={"starts_at": (now + timedelta(days=1)).isoformat(), "channel": "phone"},
    )
    session.add(message)
    await session.flush()
    return message


async def test_a_result_is_recorded_once_and_a_busy_call_is_called_again(session, settings) -> None:
    message = await _calling(session)
    call = await calls.begin(
        session, call_id=uuid4(), message=message, gateway="elks", booking_sequence=None
    )
    busy = CallResult(CallEvent.BUSY, ended_at=clock.now(), detail="busy")
    first = await voice.record_call_result(session, call_id=call.id, result=busy, settings=settings)
    assert first.value is call and call.applied == KeyApplied.RETRY
    assert call.status == CallStatus.ENDED
    assert message.status == MessageStatus.PENDING and message.due_at > clock.now()
    due = message.due_at
    again = await voice.record_call_result(
        session,
        call_id=call.id,
        result=CallResult(CallEvent.DIGITS, key="2", answered=True),
        settings=settings,
    )
    assert again.value is None and again.effects == ()  # the second result changes nothing
    assert (call.outcome, call.key, message.due_at) == (CallEvent.BUSY, None, due)


async def test_a_result_for_an_unknown_call_changes_nothing(session, settings) -> None:
    done = await voice.record_call_result(
        session, call_id=uuid4(), result=CallResult(CallEvent.FAILED), settings=settings
    )
    assert done.value is None and done.effects == ()


async def test_the_sms_instead_of_a_call_is_not_a_second_sms_for_a_client_who_has_it(
    session, settings
) -> None:
    """Reminded by call and SMS (or told by both): a call out of tries says nothing more."""
    message = await _calling(session)
    message.attempts = 3  # the last call
    twin_key = message.idempotency_key.removesuffix(":voice")
    twin = Message(
        kind=MessageKind.REMINDER,
        channel=MessageChannel.SMS,
        recipient_role="client",
        recipient=message.recipient,
        language="fi",
        zone="Europe/Helsinki",
        due_at=message.due_at,
        idempotency_key=twin_key,
        session_starts_at=message.session_starts_at,
        params=dict(message.params),
    )
    session.add(twin)
    await session.flush()
    call = await calls.begin(
        session, call_id=uuid4(), message=message, gateway="elks", booking_sequence=None
    )
    busy = CallResult(CallEvent.BUSY, ended_at=clock.now(), detail="busy")
    await voice.record_call_result(session, call_id=call.id, result=busy, settings=settings)
    assert call.applied == KeyApplied.SMS and message.status == MessageStatus.FAILED
    sms = await session.scalars(
        select(Message).where(
            Message.channel == MessageChannel.SMS,
            Message.idempotency_key.startswith(twin_key),  # type: ignore[attr-defined]
        )
    )
    assert [m.id for m in sms] == [twin.id]  # the one SMS the client has already
