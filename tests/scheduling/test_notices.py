"""How a booking's client is told and reminded (``scheduling.notices``): by call only where a
telephone connection can place one and every part has audio; a confirmation by call as well as
by SMS for a client reminded by call; otherwise SMS, and the operators' queue shows the client
as one to remind by a person (once per booking, moved with it, gone when it is cancelled or
moved where a call can remind, closed as lapsed once its session begins):
one who chose a call, or one by ear whose language cannot be spoken where calls can be placed;
without a telephone connection, a client who chose nothing gets the SMS only."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from core.config import Settings
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from notifications.telephony.sip import LOOPBACK_ACCOUNT
from scheduling import callback_figures, jobs
from scheduling.models import CallbackRequest, CallbackSource, CallbackStatus
from speech import library
from speech.models import RecordingKind
from tests.api import scheduling_world as sw

DAY = "2026-03-25"  # Wednesday; the world's clock stands on Monday 10:00 local
SMS, VOICE = MessageChannel.SMS, MessageChannel.VOICE


@pytest.fixture
def voice_calls() -> bool:
    """Whether a telephone connection is configured (``CALLS`` sets it for a test)."""
    return False


@pytest.fixture
def settings(settings: Settings, voice_calls: bool) -> Settings:
    if not voice_calls:
        return settings
    return settings.model_copy(update={"sip_account": LOOPBACK_ACCOUNT})  # nothing is dialled


CALLS = pytest.mark.parametrize("voice_calls", [True])


async def _book(client, network, *, at: str = "10:00", way: str | None = "call", **who) -> UUID:
    params = sw.search_params(network, **{"from": DAY, "to": DAY})
    slots = (await client.get("/api/v1/slots", params=params)).json()["slots"]
    slot = next(s for s in slots if s["starts_at"][11:16] == at)
    body = sw.client_body(slot["slot"], **who) | ({"reminder_by": way} if way else {})
    response = await client.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.text
    return UUID(response.json()["booking"]["id"])


async def _messages(sessions, booking_id: UUID) -> list[Message]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(Message)
                .where(Message.booking_id == booking_id)
                .order_by(Message.due_at, Message.kind, Message.channel)
            )
        )


async def _requests(sessions, booking_id: UUID) -> list[CallbackRequest]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(CallbackRequest).where(CallbackRequest.booking_id == booking_id)
            )
        )


def _client(messages: list[Message]) -> list[tuple[str, str, str]]:
    return [(m.kind, m.channel, m.status) for m in messages if m.recipient_role == "client"]


async def test_without_a_voice_connection_no_voice_message_and_a_person_reminds(
    client, network, sessions
) -> None:
    booking_id = await _book(client, network, way="call")
    messages = await _messages(sessions, booking_id)
    assert all(m.channel != VOICE for m in messages)  # none written, none cancelled
    assert _client(messages) == [
        ("confirmation", SMS, "pending"),
        ("reminder", SMS, "pending"),
        ("reminder", SMS, "pending"),
    ]
    (request,) = await _requests(sessions, booking_id)
    assert (request.source, request.status, request.language, request.phone_e164) == (
        CallbackSource.REMIND,
        CallbackStatus.OPEN,
        "ar",
        "+358401112223",
    )
    first_reminder = next(m for m in messages if m.kind == MessageKind.REMINDER)
    assert request.next_attempt_at == first_reminder.due_at  # due when the reminder is
    async with sessions() as session:  # she asked for nothing: not in the queue's figures
        counted = await callback_figures.figures(
            session,
            organisation_id=request.organisation_id,
            first=date(2026, 3, 1),
            last=date(2026, 3, 31),
            zone="Europe/Helsinki",
        )
    assert counted.requests == 0


async def test_the_person_reminds_once_at_the_moved_time_and_not_after_a_cancel(
    client, network, sessions
) -> None:
    booking_id = await _book(client, network, way="call_and_sms")
    params = sw.search_params(network, **{"from": "2026-03-31", "to": "2026-03-31"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    moved = await client.post(
        f"/api/v1/bookings/{booking_id}/move",
        json={"slot": slot["slot"]},
        headers=network.operator.headers,
    )
    assert moved.status_code == 200, moved.text
    (request,) = await _requests(sessions, booking_id)  # the same request, not a second
    pending = [
        m
        for m in await _messages(sessions, booking_id)
        if m.kind == MessageKind.REMINDER and m.status == MessageStatus.PENDING
    ]
    assert request.next_attempt_at == pending[0].due_at
    assert pending[0].due_at.astimezone(UTC).date().isoformat() == "2026-03-30"
    cancelled = await client.post(
        f"/api/v1/bookings/{booking_id}/cancel",
        json={"reason": "test"},
        headers=network.operator.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    assert await _requests(sessions, booking_id) == []  # nobody reminds of a cancelled one


async def test_a_client_reminded_by_sms_is_not_queued(client, network, sessions) -> None:
    booking_id = await _book(client, network, way=None)  # not by ear, nothing chosen
    assert {m.channel for m in await _messages(sessions, booking_id)} <= {SMS, "email"}
    assert await _requests(sessions, booking_id) == []


async def test_unchosen_by_ear_without_calls_goes_by_sms_only(client, network, sessions) -> None:
    # Every client page booking is "by ear", and an installation without calls offers none:
    # a queue item for each would drown the operators' queue. The SMS is what was promised.
    booking_id = await _book(client, network, way=None, prefers_audio=True)
    assert all(m.channel != VOICE for m in await _messages(sessions, booking_id))
    assert await _requests(sessions, booking_id) == []


@CALLS
async def test_unchosen_by_ear_with_calls_but_no_audio_goes_to_the_queue(
    client, network, sessions, monkeypatch
) -> None:
    real = library.generated

    def without(lang: str):  # the reminder's question never generated in Arabic
        return {k: v for k, v in real(lang).items() if k != (RecordingKind.PROMPT, "call_key1")}

    monkeypatch.setattr(library, "generated", without)
    booking_id = await _book(client, network, way=None, prefers_audio=True)
    assert all(m.channel != VOICE for m in await _messages(sessions, booking_id))
    (request,) = await _requests(sessions, booking_id)
    assert request.source == CallbackSource.REMIND


@CALLS
async def test_with_calls_the_confirmation_comes_by_call_too_and_nobody_is_queued(
    client, network, sessions, frozen
) -> None:
    booking_id = await _book(client, network, way="call")
    messages = await _messages(sessions, booking_id)
    assert _client(messages) == [
        ("confirmation", SMS, "pending"),
        ("confirmation", VOICE, "pending"),
        ("reminder", VOICE, "pending"),
        ("reminder", VOICE, "pending"),
    ]
    call = next(m for m in messages if m.kind == "confirmation" and m.channel == VOICE)
    assert call.idempotency_key == f"confirmation:{booking_id}:0:client:voice"
    assert call.due_at == frozen.advance(timedelta(0))  # at once (outside the quiet hours)
    assert await _requests(sessions, booking_id) == []


@CALLS
async def test_with_calls_a_move_is_told_by_call_too(client, network, sessions) -> None:
    booking_id = await _book(client, network, way="call_and_sms", prefers_audio=True)
    params = sw.search_params(network, **{"from": "2026-03-31", "to": "2026-03-31"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    moved = await client.post(
        f"/api/v1/bookings/{booking_id}/move",
        json={"slot": slot["slot"]},
        headers=network.operator.headers,
    )
    assert moved.status_code == 200, moved.text
    told = [
        (m.kind, m.channel)
        for m in await _messages(sessions, booking_id)
        if m.recipient_role == "client" and m.status == MessageStatus.PENDING
    ]
    assert told[:2] == [("moved", SMS), ("moved", VOICE)]
    assert sorted(told[2:]) == [("reminder", SMS), ("reminder", SMS)] + [("reminder", VOICE)] * 2


@CALLS
async def test_a_confirmation_call_in_the_quiet_hours_waits_for_the_morning(
    client, network, sessions, frozen
) -> None:
    frozen.advance(timedelta(hours=12))  # Monday 22:00 local
    booking_id = await _book(client, network, way="call")
    call = next(
        m
        for m in await _messages(sessions, booking_id)
        if m.kind == MessageKind.CONFIRMATION and m.channel == VOICE
    )
    assert call.due_at == datetime(2026, 3, 24, 6, 0, tzinfo=UTC)  # Tuesday 08:00 local


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        # The reminder's question has no audio: no call at all, SMS, and a person reminds.
        ("call_key1", {"voice": 0, "queued": 1}),
        # Only the confirmation's greeting: reminded by call, the confirmation by SMS only.
        ("call_booked", {"voice": 2, "queued": 0}),
    ],
)
@CALLS
async def test_a_part_without_audio_means_no_call_for_what_needs_it(
    client, network, sessions, monkeypatch, missing, expected
) -> None:
    real = library.generated

    def without(lang: str):
        return {k: v for k, v in real(lang).items() if k != (RecordingKind.PROMPT, missing)}

    monkeypatch.setattr(library, "generated", without)  # as if never generated in Arabic
    booking_id = await _book(client, network, way="call")
    messages = await _messages(sessions, booking_id)
    voice = [m for m in messages if m.channel == VOICE]
    assert len(voice) == expected["voice"]
    assert all(m.kind == MessageKind.REMINDER for m in voice)
    assert len(await _requests(sessions, booking_id)) == expected["queued"]


async def _queue(client, network) -> list[dict]:
    response = await client.get("/api/v1/callbacks", headers=network.operator.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_reminder_whose_session_began_leaves_the_queue_and_is_kept_lapsed(
    client, network, sessions, frozen
) -> None:
    booking_id = await _book(client, network, way="call")
    assert [q["booking_id"] for q in await _queue(client, network)] == [str(booking_id)]
    before = frozen.advance(timedelta(days=2, minutes=-1))  # Wednesday 09:59 local
    assert len(await _queue(client, network)) == 1  # her session is still to come
    assert await jobs.lapse_reminders({"sessions": sessions}) == 0
    now = frozen.advance(timedelta(minutes=1))  # 10:00: the session begins
    assert before < now
    assert await _queue(client, network) == []  # gone at once, before any sweep
    (request,) = await _requests(sessions, booking_id)
    assert request.status == CallbackStatus.OPEN
    assert await jobs.lapse_reminders({"sessions": sessions}) == 1
    (request,) = await _requests(sessions, booking_id)  # kept, closed: nothing to remind of
    assert (request.status, request.closed_at, request.attempts) == (
        CallbackStatus.LAPSED,
        now,
        0,
    )
    assert request.closed_by_staff_id is None and request.outcome is None
    assert await jobs.lapse_reminders({"sessions": sessions}) == 0  # once
    async with sessions() as session:  # she asked for nothing: not in the figures either way
        counted = await callback_figures.figures(
            session,
            organisation_id=request.organisation_id,
            first=date(2026, 3, 1),
            last=date(2026, 3, 31),
            zone="Europe/Helsinki",
        )
    assert (counted.requests, counted.open) == (0, 0)


async def test_a_tried_reminder_of_a_cancelled_session_closes_lapsed_with_its_tries(
    client, network, sessions, frozen
) -> None:
    booking_id = await _book(client, network, way="call")
    frozen.advance(timedelta(days=1))  # Tuesday 10:00 local: the first reminder's time
    (queued,) = await _queue(client, network)
    tried = await client.post(
        f"/api/v1/callbacks/{queued['id']}/attempts",
        json={"outcome": "no_answer"},
        headers=network.operator.headers,
    )
    assert tried.status_code == 200, tried.text
    cancelled = await client.post(
        f"/api/v1/bookings/{booking_id}/cancel",
        json={"reason": "test"},
        headers=network.operator.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    assert await _queue(client, network) == []
    (request,) = await _requests(sessions, booking_id)  # tried once: kept, not deleted
    assert (request.status, request.attempts, request.outcome) == (
        CallbackStatus.LAPSED,
        1,
        "no_answer",
    )


async def test_a_reminder_of_a_past_session_does_not_hold_her_own_call_me(
    client, network, sessions, frozen
) -> None:
    booking_id = await _book(client, network, way="call")
    frozen.advance(timedelta(days=3))  # Thursday: the session is over, nobody swept yet
    asked = await client.post(
        "/api/v1/callbacks",
        json={"phone": "+358401112223", "language": "ar", "service_id": str(network.service.id)},
    )
    assert asked.status_code == 201, asked.text  # not "we already have your request"
    (reminder,) = await _requests(sessions, booking_id)
    assert reminder.status == CallbackStatus.LAPSED
    assert [q["source"] for q in await _queue(client, network)] == ["client_page"]


@CALLS
async def test_a_move_where_a_call_can_remind_takes_the_person_off(
    client, network, sessions, monkeypatch
) -> None:
    real = library.generated

    def without(lang: str):  # the reminder's question not generated in Arabic yet
        return {k: v for k, v in real(lang).items() if k != (RecordingKind.PROMPT, "call_key1")}

    monkeypatch.setattr(library, "generated", without)
    booking_id = await _book(client, network, way="call")
    assert len(await _requests(sessions, booking_id)) == 1
    monkeypatch.setattr(library, "generated", real)  # ... and now it is
    params = sw.search_params(network, **{"from": "2026-03-31", "to": "2026-03-31"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    moved = await client.post(
        f"/api/v1/bookings/{booking_id}/move",
        json={"slot": slot["slot"]},
        headers=network.operator.headers,
    )
    assert moved.status_code == 200, moved.text
    assert any(m.channel == VOICE for m in await _messages(sessions, booking_id))
    assert await _requests(sessions, booking_id) == []  # untried: withdrawn, as on a cancel
