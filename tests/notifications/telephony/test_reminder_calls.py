"""Spoken reminders end to end: a booking whose client chose "call me", the outbox's voice
message claimed by the dispatcher, a real call through baresip to a sipp phone, and the key
applied by ``flows.voice.record_call_result`` (real database, real SMS gateway on loopback)."""

from collections.abc import AsyncIterator
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select, update

from api.jobs import voice_reporter
from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from notifications.telephony import scripts, sound
from notifications.telephony.channel import VoiceChannel
from notifications.telephony.models import KeyApplied, VoiceCall
from scheduling.models import Booking, BookingStatus, CallbackRequest, CallbackSource
from tests.api import scheduling_world as sw
from tests.notifications.telephony.phones import Ear, Phone, free_udp_port
from tests.notifications.telephony.tones import heard_in_order

# Real calls take seconds each: on PostgreSQL only (the flows' SQL is the same on SQLite).
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
DAY, AT = "2026-03-25", "10:00"  # Wednesday; the world's clock stands on Monday morning


@pytest.fixture
def voice_settings(delivery_settings: Settings) -> Settings:
    return delivery_settings.model_copy(update={"voice_retry_seconds": 0})


@pytest.fixture
async def calling(sessions, voice_settings, sip) -> AsyncIterator[Dispatcher]:
    """A dispatcher with SMS to the local gateway and calls through baresip to the phone."""
    voice = VoiceChannel(
        gateway=sip,
        sessions=sessions,
        report=voice_reporter(sessions, voice_settings),
        key_seconds=1.0,
        ring_seconds=2.0,
    )
    found = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(voice_settings),
        base_url=voice_settings.base_url,
        secret=voice_settings.secret_key,
        voice=voice,
        concurrency=1,  # the test's sessions share one connection
    )
    yield found
    await found.aclose()


async def book(client, network, way: str = "call") -> UUID:
    """A client books (in Arabic, with a phone number) and chooses to be called."""
    params = sw.search_params(network, **{"from": DAY, "to": DAY})
    slots = (await client.get("/api/v1/slots", params=params)).json()["slots"]
    slot = next(s for s in slots if s["starts_at"][11:16] == AT)
    body = {**sw.client_body(slot["slot"]), "reminder_by": way}
    response = await client.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.text
    return UUID(response.json()["booking"]["id"])


async def book_with_calls(client, network, calling, phone, way: str = "call") -> Booking:
    """A client books and chooses to be called; the confirmation goes by SMS and by a call,
    which the same number answers with 1 (another sipp, so that ``phone`` has heard
    nothing yet)."""
    booking_id = await book(client, network, way)
    first = Phone(phone.folder / "confirmation", phone.port, free_udp_port(), Ear())
    first.folder.mkdir()
    await first.start("answer", keys=((500, "1"),))
    try:
        await calling.drain()
        assert await first.finished() == 0
    finally:
        await first.stop()
    async with calling.sessions() as session:
        booking = await session.get(Booking, booking_id)
        assert booking is not None
        return booking


async def voice_reminders(sessions, booking: Booking) -> list[Message]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(Message)
                .where(
                    Message.booking_id == booking.id,
                    Message.channel == MessageChannel.VOICE,
                    Message.kind == MessageKind.REMINDER,
                )
                .order_by(Message.due_at)
            )
        )


async def first_reminder_due(sessions, frozen, booking: Booking) -> Message:
    """The clock moved to the first voice reminder's time; that reminder."""
    reminders = await voice_reminders(sessions, booking)
    assert [m.kind for m in reminders] == [MessageKind.REMINDER, MessageKind.REMINDER]
    frozen.advance(reminders[0].due_at - frozen.advance(timedelta(0)))
    return reminders[0]


async def calls_of(sessions, message: Message) -> list[VoiceCall]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(VoiceCall)
                .where(VoiceCall.message_id == message.id)
                .order_by(VoiceCall.attempt)
            )
        )


async def reread(sessions, row):
    async with sessions() as session:
        return await session.get(type(row), row.id)


# The whole reminder is heard: about 20 s in Arabic.
async def test_a_reminder_call_speaks_the_reminder_in_order_and_1_keeps_the_booking(
    client, network, sessions, frozen, calling, phone
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)
    async with sessions() as session:  # the parts the call must play, from the library
        expected = await scripts.reminder_call(
            session, message=reminder, call_id=uuid4(), key_seconds=1, ring_seconds=1
        )
    spoken = [*expected.audio, *expected.question]
    seconds = sum(sound.seconds(sound.pcm(part.data)) for part in spoken)
    await phone.start("answer", keys=((int(seconds * 1000) + 400, "1"),))
    await calling.drain()
    assert await phone.finished() == 0
    names = [part.name for part in spoken]
    assert names[:3] == ["p/call_hello", "p/when", "c/wd3"]  # Wednesday, in Arabic clips
    assert names[-4:] == ["p/video", "p/call_key1", "p/call_key2", "p/call_key0"]
    # the phone heard every part whole, in order, then the thanks
    assert heard_in_order(phone.ear.mu_law(), [*spoken, *expected.goodbyes["1"]]) == [
        *names,
        "p/call_thanks",
    ]
    (call,) = await calls_of(sessions, reminder)
    assert (call.key, call.applied) == ("1", KeyApplied.KEPT)
    assert (await reread(sessions, reminder)).status == MessageStatus.SENT
    assert (await reread(sessions, booking)).status == BookingStatus.CONFIRMED


async def test_2_cancels_through_the_link_flow_and_the_client_gets_the_cancellation_sms(
    client, network, sessions, frozen, calling, phone, gateway
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    await first_reminder_due(sessions, frozen, booking)
    sent_before = len(gateway.delivered)
    await phone.start("answer", keys=((500, "2"),))  # pressed while the reminder plays
    await calling.drain()
    assert await phone.finished() == 0
    cancelled = await reread(sessions, booking)
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_by == "client"
    new = list(gateway.delivered.values())[sent_before:]
    assert len(new) == 1 and new[0]["to"] == "+358401112223"  # the cancellation, by SMS
    async with sessions() as session:
        told = await session.scalar(
            select(Message).where(
                Message.booking_id == booking.id,
                Message.kind == MessageKind.CANCELLED,
                Message.channel == MessageChannel.SMS,
            )
        )
    assert told is not None and told.status == MessageStatus.SENT
    later = await voice_reminders(sessions, booking)
    assert later[1].status == MessageStatus.CANCELLED  # the second reminder is taken back


async def test_0_opens_a_call_back_request(
    client, network, sessions, frozen, calling, phone
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)
    await phone.start("answer", keys=((500, "0"),))
    await calling.drain()
    async with sessions() as session:
        request = await session.scalar(
            select(CallbackRequest).where(CallbackRequest.booking_id == booking.id)
        )
    assert request is not None
    assert (request.source, request.language) == (CallbackSource.REMINDER_CALL, "ar")
    (call,) = await calls_of(sessions, reminder)
    assert call.applied == KeyApplied.CALLBACK
    assert (await reread(sessions, booking)).status == BookingStatus.CONFIRMED


async def test_a_wrong_key_asks_again_then_no_answer_given_and_the_booking_stands(
    client, network, sessions, frozen, calling, phone
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)
    await phone.start("answer", keys=((500, "7"),))
    await calling.drain()
    (call,) = await calls_of(sessions, reminder)
    assert (call.outcome, call.wrong_keys, call.applied) == (
        "no_input",
        "7",
        KeyApplied.NO_ANSWER_GIVEN,
    )
    assert (await reread(sessions, reminder)).status == MessageStatus.SENT
    assert (await reread(sessions, booking)).status == BookingStatus.CONFIRMED


async def test_a_key_for_a_booking_changed_during_the_call_applies_nothing_and_alerts(
    client, network, sessions, frozen, calling, phone, sip
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)

    async def moved_meanwhile(call_id, what) -> None:
        if what == "answered":  # staff change the booking while the phone rings on
            async with sessions() as session, session.begin():
                await session.execute(
                    update(Booking)
                    .where(Booking.id == booking.id)
                    .values(sequence=Booking.sequence + 1)
                )

    sip.on_event = moved_meanwhile
    await phone.start("answer", keys=((500, "2"),))
    await calling.drain()
    (call,) = await calls_of(sessions, reminder)
    assert (call.key, call.applied) == ("2", KeyApplied.STALE)
    assert (await reread(sessions, booking)).status == BookingStatus.CONFIRMED
    alerted = await reread(sessions, reminder)  # failed, with why: the console shows it
    assert alerted.status == MessageStatus.FAILED
    assert "not applied" in (alerted.last_error or "")
    async with sessions() as session:  # ... and the client waits in the operators' queue
        (request,) = await session.scalars(
            select(CallbackRequest).where(CallbackRequest.booking_id == booking.id)
        )
    assert (request.source, request.status, request.language) == (
        CallbackSource.REMINDER_CHANGED,
        "open",
        "ar",
    )
    assert request.next_attempt_at <= frozen.advance(timedelta(0))  # due at once


async def test_three_unanswered_calls_fall_back_to_one_sms(
    client, network, sessions, frozen, calling, phone, gateway
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)
    sent_before = len(gateway.delivered)
    await phone.start("busy", calls=3)
    await calling.drain()  # called again at once (no wait in this test), three times
    assert await phone.finished() == 0
    assert phone.invited == 3
    calls = await calls_of(sessions, reminder)
    assert [c.outcome for c in calls] == ["busy", "busy", "busy"]
    assert [c.applied for c in calls] == [KeyApplied.RETRY, KeyApplied.RETRY, KeyApplied.SMS]
    assert (await reread(sessions, reminder)).status == MessageStatus.FAILED
    new = list(gateway.delivered.values())[sent_before:]
    assert len(new) == 1  # one SMS says the reminder
    await calling.drain()
    assert len(gateway.delivered) == sent_before + 1  # and only one


async def test_a_reminder_without_audio_in_its_language_goes_by_sms(
    client, network, sessions, frozen, calling, phone, gateway
) -> None:
    booking = await book_with_calls(client, network, calling, phone)
    reminder = await first_reminder_due(sessions, frozen, booking)
    async with sessions() as session, session.begin():  # Somali has no recordings yet
        await session.execute(
            update(Message).where(Message.id == reminder.id).values(language="so")
        )
    sent_before = len(gateway.delivered)
    await calling.drain()
    assert phone.process is None  # nobody was called
    instead = await reread(sessions, reminder)
    assert instead.status == MessageStatus.CANCELLED
    assert "no audio in so" in (instead.last_error or "")
    assert len(gateway.delivered) == sent_before + 1


# The whole confirmation is heard: about 20 s in Arabic.
async def test_the_confirmation_comes_by_call_too_booked_when_how_then_the_keys_once(
    client, network, sessions, calling, phone, gateway
) -> None:
    booking_id = await book(client, network)
    async with sessions() as session:
        (confirmation,) = await session.scalars(
            select(Message).where(
                Message.booking_id == booking_id,
                Message.kind == MessageKind.CONFIRMATION,
                Message.channel == MessageChannel.VOICE,
            )
        )
        expected = await scripts.reminder_call(
            session, message=confirmation, call_id=uuid4(), key_seconds=1, ring_seconds=1
        )
    spoken = [*expected.audio, *expected.question]
    seconds = sum(sound.seconds(sound.pcm(part.data)) for part in spoken)
    await phone.start("answer", keys=((int(seconds * 1000) + 400, "1"),))
    await calling.drain()
    assert await phone.finished() == 0
    names = [part.name for part in spoken]
    assert names[:3] == ["p/call_booked", "p/when", "c/wd3"]
    assert names[-4:] == ["p/video", "p/call_key1", "p/call_key2", "p/call_key0"]
    assert heard_in_order(phone.ear.mu_law(), [*spoken, *expected.goodbyes["1"]]) == [
        *names,
        "p/call_thanks",
    ]
    (call,) = await calls_of(sessions, confirmation)
    assert (call.key, call.applied) == ("1", KeyApplied.KEPT)
    assert (await reread(sessions, confirmation)).status == MessageStatus.SENT
    # The confirmation's SMS (it carries the link) went as well, once; nothing goes twice.
    assert [m["to"] for m in gateway.delivered.values()] == ["+358401112223"]
    await calling.drain()
    assert phone.invited == 1
    assert len(gateway.delivered) == 1
