"""A worker killed in the middle of a reminder call (SIGKILL to ``neuvo worker`` and its
baresip) never calls twice: the call's row was committed before dialling, and the next
dispatcher finds it left dialling, marks it interrupted and sends one SMS instead."""

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from arq.connections import ArqRedis
from sqlalchemy import select

import core.db
import migrations
from api.jobs import voice_reporter
from core import clock
from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from notifications.telephony.channel import VoiceChannel
from notifications.telephony.models import CallStatus, VoiceCall
from notifications.telephony.sip import LOOPBACK_ACCOUNT, SipGateway
from tests.conftest import TEST_SECRET, create_postgres_database, drop_postgres_database
from tests.notifications.gateway import TOKEN
from tests.notifications.telephony.phones import Ear, Phone, free_udp_port

NUMBER = "+358401112223"


@pytest.fixture
async def committed_url(postgres_admin):
    """A database of its own, whose rows a worker in another process can see."""
    url = await create_postgres_database(postgres_admin)
    await asyncio.to_thread(migrations.upgrade, url)
    yield url
    await drop_postgres_database(postgres_admin, url)


@pytest.fixture
async def redis(redis_dsn):
    pool = ArqRedis.from_url(redis_dsn)
    await pool.flushdb()
    yield pool
    await pool.flushdb()
    await pool.aclose()


async def _reminder(url: str) -> None:
    """One voice reminder due now (in Arabic), of a session in a few minutes (so that the
    quiet hours, when the test runs at night, give way)."""
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    starts_at = now + timedelta(minutes=5)
    async with core.db.transaction(core.db.session_factory(engine)) as session:
        session.add(
            Message(
                kind=MessageKind.REMINDER,
                channel=MessageChannel.VOICE,
                recipient_role="client",
                recipient=NUMBER,
                language="ar",
                zone="Europe/Helsinki",
                due_at=now - timedelta(seconds=1),
                idempotency_key="reminder:killed:voice",
                session_starts_at=starts_at,
                params={
                    "starts_at": starts_at.isoformat(),
                    "channel": "phone",
                    "sequence": 0,
                    "link": "http://127.0.0.1/b/killed",  # no booking behind this row
                },
            )
        )
    await engine.dispose()


async def _worker(url: str, redis_dsn: str, sms_url: str, dial_uri: str):
    env = {
        **os.environ,
        "NEUVO_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": url,
        "REDIS_URL": redis_dsn,
        "SMS_GATEWAY_URL": sms_url,
        "SMS_GATEWAY_TOKEN": TOKEN,
        "SIP_ACCOUNT": LOOPBACK_ACCOUNT,
        "SIP_DIAL_URI": dial_uri,
        "VOICE_KEY_SECONDS": "30",  # the call goes on until the worker is killed
    }
    neuvo = str(Path(sys.executable).parent / "neuvo")
    return await asyncio.create_subprocess_exec(
        neuvo,
        "worker",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,  # its baresip is in its process group: killed with it
    )


async def _rows(url: str) -> tuple[list[Message], list[VoiceCall]]:
    engine = core.db.create_engine(url, pool_size=1)
    async with core.db.session_factory(engine)() as session:
        messages = list(await session.scalars(select(Message).order_by(Message.created_at)))
        calls = list(await session.scalars(select(VoiceCall)))
    await engine.dispose()
    return messages, calls


async def test_a_worker_killed_mid_call_does_not_call_twice(
    committed_url, redis, redis_dsn, gateway, phone, tmp_path
) -> None:
    await _reminder(committed_url)
    await phone.start("answer")  # answers and stays silent: the call lasts
    worker = await _worker(committed_url, redis_dsn, gateway.url, phone.dial_uri)
    try:
        async with asyncio.timeout(60):
            while len(phone.ear.mu_law()) < 8000:  # noqa: ASYNC110 (another process calls)
                await asyncio.sleep(0.05)  # a second of the reminder heard: mid-call
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        await worker.wait()
    messages, calls = await _rows(committed_url)
    assert [m.status for m in messages] == [MessageStatus.SENDING]
    assert [c.status for c in calls] == [CallStatus.DIALLING]

    # Later, another dispatcher: the lease has run out, the same phone number waits.
    second = Phone(tmp_path / "second", free_udp_port(), free_udp_port(), Ear())
    second.folder.mkdir()
    await second.start("answer", keys=((300, "1"),))
    settings = Settings(
        NEUVO_ENV="test",
        DATABASE_URL=committed_url,
        SECRET_KEY=TEST_SECRET,
        SMS_GATEWAY_URL=gateway.url,
        SMS_GATEWAY_TOKEN=TOKEN,
    )
    engine = core.db.create_engine(committed_url, pool_size=2)
    sessions = core.db.session_factory(engine)
    sip = SipGateway(account=LOOPBACK_ACCOUNT, dial_uri=second.dial_uri)
    dispatcher = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(settings),
        base_url=settings.base_url,
        secret=settings.secret_key,
        voice=VoiceChannel(
            gateway=sip, sessions=sessions, report=voice_reporter(sessions, settings)
        ),
    )
    try:
        with clock.frozen(datetime.now(UTC) + timedelta(minutes=10)):
            await dispatcher.drain()
    finally:
        await dispatcher.aclose()
        await engine.dispose()
    assert second.invited == 0  # never called again
    assert phone.invited == 1
    await second.stop()
    messages, calls = await _rows(committed_url)
    assert [c.status for c in calls] == [CallStatus.INTERRUPTED]
    voice, sms = messages
    assert voice.status == MessageStatus.FAILED and "cut off" in (voice.last_error or "")
    assert (sms.channel, sms.kind, sms.status, sms.last_error) == ("sms", "reminder", "sent", None)
    assert len(gateway.delivered) == 1  # one SMS says the reminder instead
