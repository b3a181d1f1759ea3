"""A reminder call through the HTTP voice API, end to end: Neuvo served on a real port, a
local server in 46elks's documented shapes (``tests/notifications/telephony/elks_provider.py``)
that takes the call, fetches the audio Neuvo serves, and posts the phone's key or the hang-up
back. Every outcome reaches ``flows.voice.record_call_result``, as the SIP gateway's do."""

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from api import jobs as api_jobs
from api.logs import redact
from core import clock
from core.config import Settings
from notifications import jobs as notification_jobs
from notifications.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    RecipientRole,
)
from notifications.telephony import calls, elks, elks_steps, elks_urls
from notifications.telephony.gateway import Call, CallEvent, Placed
from notifications.telephony.models import KeyApplied, VoiceCall
from scheduling.models import (
    Booking,
    BookingStatus,
    CallbackRequest,
    CallbackSource,
    CallbackStatus,
)
from speech import audio as speech_audio
from tests.api import scheduling_world as sw
from tests.notifications.conftest import book
from tests.notifications.telephony.elks_provider import (
    PASSWORD,
    USERNAME,
    ElksCall,
    ElksProvider,
    Phone,
)
from tests.notifications.telephony.test_elks import part

NUMBER = "+358401112223"  # the scheduling world's client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def provider() -> AsyncIterator[ElksProvider]:
    server = await ElksProvider().start()
    yield server
    await server.stop()


@pytest.fixture
def port() -> int:
    return _free_port()


@pytest.fixture
def settings(settings: Settings, provider: ElksProvider, port: int) -> Settings:
    return settings.model_copy(
        update={
            "public_url": f"http://127.0.0.1:{port}",
            "voice_gateway": "http",
            "voice_api_url": provider.url,
            "voice_api_username": USERNAME,
            "voice_api_password": PASSWORD,
            "voice_api_from": "+358931234567",
            "voice_api_timeout": 5,
        }
    )


@pytest.fixture
async def neuvo(app: FastAPI, port: int) -> AsyncIterator[str]:
    """The application served on a real port, where the provider reaches it."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the server did not start"
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[elks.ElksGateway]:
    found = elks.ElksGateway(settings)
    yield found
    await found.aclose()


@dataclass
class Placing:
    call: Call
    row_id: UUID
    booking_id: UUID
    message_id: UUID
    client_link: str


async def _place(session, client, network, gateway, *, at: str = "10:00") -> Placing:
    """A booked client's reminder call, written before dialling and handed to the provider."""
    booked = await book(client, network, "2026-03-25", at)
    booking = await session.get(Booking, UUID(booked["booking"]["id"]))
    message = Message(
        kind=MessageKind.REMINDER,
        channel=MessageChannel.VOICE,
        recipient_role=RecipientRole.CLIENT,
        recipient=NUMBER,
        language=booking.language,
        zone="Europe/Helsinki",
        due_at=clock.now(),
        status=MessageStatus.SENDING,
        attempts=1,
        idempotency_key=f"voice-{uuid4()}",
        booking_id=booking.id,
        organisation_id=booking.organisation_id,
        session_starts_at=booking.starts_at,
    )
    session.add(message)
    await session.flush()
    row = await calls.begin(
        session,
        call_id=uuid4(),
        message=message,
        gateway=gateway.name,
        booking_sequence=booking.sequence,
    )
    await session.commit()  # before dialling, as the dispatcher does
    lang = booking.language
    call = Call(
        call_id=row.id,
        to=NUMBER,
        language=lang,
        audio=(
            part(lang, "p/reminder_only"),
            part(lang, "c/d14"),
            part(lang, "c/min.other"),
        ),  # a dot in a key
        question=(part(lang, "p/confirm"),),
        goodbyes={"1": (part(lang, "p/confirmed"),), "2": (part(lang, "p/cancelled"),)},
    )
    placed = await gateway.place(call)
    assert isinstance(placed, Placed)
    await calls.placed(session, call_id=row.id, provider_id=placed.provider_id)
    await session.commit()
    return Placing(call, row.id, booking.id, message.id, booked["client_link"])


async def _row(session, placing: Placing) -> VoiceCall:
    session.expire_all()
    found = await session.get(VoiceCall, placing.row_id)
    assert found is not None
    return found


async def _booking(session, placing: Placing) -> Booking:
    session.expire_all()
    found = await session.get(Booking, placing.booking_id)
    assert found is not None
    return found


def _parts(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query)["parts"][0].split(",")


def _seconds(parts) -> float:
    return sum(speech_audio.duration(p.data) for p in parts)


def _ivrs(call: ElksCall) -> list[str]:
    return [a["ivr"] for a in call.actions if "ivr" in a]


async def test_key_1_keeps_the_booking_after_the_whole_message_was_heard(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=["1"])
    done = await provider.run()

    # The provider fetched real MP3s from Neuvo: the message and the question joined, then
    # the goodbye of key 1, each as long as its parts.
    heard, goodbye = done.fetched
    assert (heard.status, heard.content_type, heard.container) == (200, "audio/mpeg", "mp3")
    message_parts = (*placing.call.audio, *placing.call.question)
    assert abs(heard.seconds - _seconds(message_parts)) < 0.1 * len(message_parts)
    assert _parts(heard.url) == [elks_urls.library_path(p) for p in message_parts]
    assert _parts(goodbye.url) == [elks_urls.library_path(placing.call.goodbyes["1"][0])]
    assert abs(goodbye.seconds - _seconds(placing.call.goodbyes["1"])) < 0.1
    assert [p.status for p in done.posted] == [200, 204]  # the key, then the hang-up

    row = await _row(session, placing)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "1", KeyApplied.KEPT)
    assert row.provider_id == done.id
    assert (await _booking(session, placing)).status == BookingStatus.CONFIRMED
    message = await session.get(Message, placing.message_id)
    assert message is not None and message.status == MessageStatus.SENT


async def test_key_2_cancels_through_the_clients_cancel_flow(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=["2"])
    done = await provider.run()
    assert _parts(done.fetched[-1].url) == [elks_urls.library_path(placing.call.goodbyes["2"][0])]
    row = await _row(session, placing)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "2", KeyApplied.CANCELLED)
    assert (await _booking(session, placing)).status == BookingStatus.CANCELLED
    told = await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.booking_id == placing.booking_id,
            Message.kind == MessageKind.CANCELLED,
            Message.recipient_role == RecipientRole.CLIENT,
        )
    )
    assert told == 1  # the client gets the cancellation, as by her link


async def test_key_0_opens_a_call_back_request(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=["0"])
    await provider.run()
    row = await _row(session, placing)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "0", KeyApplied.CALLBACK)
    opened = (await session.scalars(select(CallbackRequest))).all()
    assert [(r.phone_e164, r.source, r.status) for r in opened] == [
        (NUMBER, CallbackSource.REMINDER_CALL, CallbackStatus.OPEN)
    ]
    assert (await _booking(session, placing)).status == BookingStatus.CONFIRMED


async def test_a_key_for_a_booking_changed_during_the_call_applies_nothing(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    link = urlsplit(placing.client_link).path
    cancelled = await client.post(link, json={"action": "cancel"})  # by her link, meanwhile
    assert cancelled.status_code == 200, cancelled.text
    provider.phones[NUMBER] = Phone(keys=["1"])
    done = await provider.run()
    assert done.posted[0].answer == elks_steps.HANG_UP  # no "your appointment is kept"
    assert len(done.fetched) == 1  # the reminder only
    row = await _row(session, placing)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "1", KeyApplied.STALE)
    message = await session.get(Message, placing.message_id)
    assert message is not None and message.status == MessageStatus.FAILED  # operators see it
    assert "not applied" in (message.last_error or "")


async def test_silence_asks_once_more_then_ends_with_no_answer_given(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=[None, None])
    done = await provider.run()
    first, second = _ivrs(done)
    assert _parts(second) == [elks_urls.library_path(p) for p in placing.call.question]
    assert len(_parts(first)) == len(placing.call.audio) + len(placing.call.question)
    assert done.posted[0].form["result"] == "failed" and done.posted[0].form["why"] == "noinput"
    row = await _row(session, placing)
    assert (row.outcome, row.applied) == (CallEvent.NO_INPUT, KeyApplied.NO_ANSWER_GIVEN)
    assert (await _booking(session, placing)).status == BookingStatus.CONFIRMED


async def test_a_wrong_key_asks_once_more_and_is_remembered(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=["7", "1"])
    await provider.run()
    row = await _row(session, placing)
    assert (row.outcome, row.key, row.wrong_keys) == (CallEvent.DIGITS, "1", "7")


async def test_hanging_up_during_the_message_is_hung_up(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(hang_up_when_done=True)
    done = await provider.run()
    assert done.state == "success" and [p.status for p in done.posted] == [204]
    row = await _row(session, placing)
    assert (row.outcome, row.applied) == (CallEvent.HUNG_UP, KeyApplied.HUNG_UP)
    assert row.answered_at == done.start


@pytest.mark.parametrize(
    ("answer", "outcome"), [("busy", CallEvent.BUSY), ("failed", CallEvent.FAILED)]
)
async def test_a_call_nobody_took_is_called_again_later(
    session, client, network, neuvo, provider, gateway, answer, outcome
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(answer=answer)
    done = await provider.run()
    assert done.fetched == [] and [p.status for p in done.posted] == [204]
    row = await _row(session, placing)
    assert (row.outcome, row.applied) == (outcome, KeyApplied.RETRY)
    message = await session.get(Message, placing.message_id)
    assert message is not None and message.status == MessageStatus.PENDING


async def _cancellations(session, placing: Placing) -> int:
    return await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.booking_id == placing.booking_id, Message.kind == MessageKind.CANCELLED)
    )


async def test_a_replayed_webhook_is_applied_once(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    provider.phones[NUMBER] = Phone(keys=["2"])
    done = await provider.run()
    told = await _cancellations(session, placing)
    assert told >= 1
    key, _hangup = done.posted
    again = await provider.replay(done, 0)
    assert (again.status, again.answer) == (200, key.answer)  # the same next step
    assert (await provider.replay(done, 1)).status == 204
    row = await _row(session, placing)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "2", KeyApplied.CANCELLED)
    assert await _cancellations(session, placing) == told


async def test_a_wrong_secret_is_401_and_changes_nothing(
    session, client, network, neuvo, provider, gateway
) -> None:
    placing = await _place(session, client, network, gateway)
    taken = provider.only
    ivr = urlsplit(taken.voice_start["next"])
    hangup = urlsplit(taken.form["whenhangup"])
    form = {"callid": taken.id, "direction": "outgoing", "from": "+358931234567", "to": NUMBER}

    def forged(url, token_from: str = "A" * 43) -> str:
        call_id, _token, what = url.path.removeprefix("/elks/calls/").split("/")
        return f"/elks/calls/{call_id}/{token_from}/{what}?{url.query}"

    refused = await client.post(forged(ivr), data=form | {"result": "2"})
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    other_script = ivr.query.replace("ask=1", "ask=2").replace("script=", "script=e30")
    changed = await client.post(f"{ivr.path}?{other_script}", data=form | {"result": "2"})
    assert changed.status_code == 401  # the script is part of what the secret covers
    gone = await client.post(forged(hangup), data=form | {"id": taken.id, "state": "busy"})
    assert gone.status_code == 401
    row = await _row(session, placing)
    assert (row.outcome, row.applied) == (None, None)
    assert (await _booking(session, placing)).status == BookingStatus.CONFIRMED


async def test_an_unknown_call_is_404_and_changes_nothing(
    session, client, network, neuvo, provider, gateway, settings
) -> None:
    placing = await _place(session, client, network, gateway)
    stranger = uuid4()  # signed rightly, but no such call
    url = urlsplit(elks_urls.hangup_url("", settings.secret_key, call_id=stranger, keys="012"))
    missing = await client.post(f"{url.path}?{url.query}", data={"id": "c1", "state": "busy"})
    assert missing.status_code == 404, missing.text
    # Our call, but the provider names another of its calls: not ours either.
    hangup = urlsplit(provider.only.form["whenhangup"])
    other = await client.post(
        f"{hangup.path}?{hangup.query}", data={"id": "c-another", "state": "busy"}
    )
    assert other.status_code == 404
    row = await _row(session, placing)
    assert (row.outcome, row.applied) == (None, None)


async def test_audio_urls_stop_working_once_the_call_is_long_over(
    session, client, network, neuvo, provider, gateway, frozen
) -> None:
    await _place(session, client, network, gateway)
    url = urlsplit(provider.only.voice_start["ivr"])
    path = f"{url.path}?{url.query}"
    assert (await client.get(path)).status_code == 200
    tampered = path.replace("parts=", "parts=ar/p/confirm.00000000,")
    assert (await client.get(tampered)).status_code == 404
    frozen.advance(timedelta(hours=1))
    assert (await client.get(path)).status_code == 404


def test_logs_keep_no_webhook_or_audio_secret(settings: Settings) -> None:
    call_id = uuid4()
    hook = elks_urls.hangup_url("", settings.secret_key, call_id=call_id, keys="012")
    sound = elks_urls.audio_url(
        "", settings.secret_key, call_id=call_id, paths=["fi/p/confirm.0123abcd"], expires=9
    )
    for url in (hook, sound):
        token = urlsplit(url).path.split("/")[-2 if url == hook else -1].removesuffix(".mp3")
        line = redact(f'127.0.0.1:5000 - "POST {url} HTTP/1.1" 204')
        assert token not in line and str(call_id) in line


async def test_a_reminder_in_the_outbox_is_called_through_the_provider(
    session, sessions, client, network, neuvo, provider, settings, frozen
) -> None:
    """The whole way: a booking whose client chose a call, its reminder due, the dispatcher
    that the configuration gives (``NEUVO_VOICE_GATEWAY=http``), the provider, the webhook."""
    params = sw.search_params(network, **{"from": "2026-03-25", "to": "2026-03-25"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    body = sw.client_body(slot["slot"]) | {"reminder_by": "call"}
    booked = await client.post("/api/v1/bookings", json=body)
    assert booked.status_code == 201, booked.text
    booking_id = UUID(booked.json()["booking"]["id"])
    reminders = (
        await session.scalars(
            select(Message)
            .where(Message.booking_id == booking_id, Message.channel == MessageChannel.VOICE)
            .order_by(Message.due_at)
        )
    ).all()
    assert reminders, "the client chose a call: the reminder is a voice message"
    reminder_id, due = reminders[0].id, reminders[0].due_at
    frozen.advance(due - clock.now())
    ctx = {
        "settings": settings,
        "sessions": sessions,
        "voice_report": api_jobs.voice_reporter(sessions, settings),
    }
    try:
        assert isinstance(notification_jobs.dispatcher(ctx).voice.gateway, elks.ElksGateway)
        await notification_jobs.dispatch(ctx)
        provider.phones[NUMBER] = Phone(keys=["1"])
        done = await provider.run()
    finally:
        await notification_jobs.close(ctx)
    assert done.form["to"] == NUMBER
    heard = done.fetched[0]
    assert (heard.status, heard.container) == (200, "mp3") and heard.seconds > 1
    session.expire_all()
    (row,) = (
        await session.scalars(select(VoiceCall).where(VoiceCall.message_id == reminder_id))
    ).all()
    assert (row.gateway, row.provider_id) == ("elks", done.id)
    assert (row.outcome, row.key, row.applied) == (CallEvent.DIGITS, "1", KeyApplied.KEPT)
    sent = await session.get(Message, reminder_id)
    assert sent is not None and sent.status == MessageStatus.SENT
