"""Reminder calls one worker places and completes per minute against the local SIP stack.

One dispatcher (as ``neuvo worker`` runs it) drains due voice reminders (Arabic, composed
from the speech library) through ``SipGateway``: baresip processes on loopback driven over
their control sockets, calling a ``sipp`` phone that answers every call and presses 1
(``--listen``: after the whole reminder; by default half a second in, as a client who knows
the call). Each call's result goes through ``flows.voice.record_call_result``.

Run: ``make bench`` or ``.venv/bin/python -m bench.voice_calls [--calls 20] [--listen]``.
"""

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

import core.db
from api.jobs import voice_reporter
from bench import common
from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message
from notifications.telephony import scripts, sound
from notifications.telephony.channel import VoiceChannel
from notifications.telephony.models import VoiceCall
from notifications.telephony.sip import LOOPBACK_ACCOUNT, SipGateway
from tests.notifications.telephony.phones import Ear, Phone, free_udp_port

SECRET = "bench-secret-" + "x" * 40


async def _fill(url: str, count: int) -> datetime:
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    starts_at = now + timedelta(minutes=30)  # soon: quiet hours give way at any hour
    rows = [
        {
            "id": uuid.uuid4(),
            "created_at": now,
            "kind": "reminder",
            "channel": "voice",
            "recipient_role": "client",
            "recipient": f"+35840{index:07d}",
            "language": "ar",
            "zone": "Europe/Helsinki",
            "due_at": now - timedelta(seconds=1),
            "status": "pending",
            "attempts": 0,
            "idempotency_key": f"bench-voice:{index}",
            "session_starts_at": starts_at,
            "params": {"starts_at": starts_at.isoformat(), "channel": "video", "sequence": 0},
        }
        for index in range(count)
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(Message), rows)
    await engine.dispose()
    return starts_at


async def _reminder_seconds(url: str, starts_at: datetime) -> float:
    engine = core.db.create_engine(url, pool_size=1)
    async with core.db.session_factory(engine)() as session:
        message = await session.scalar(select(Message).limit(1))
        assert message is not None
        call = await scripts.reminder_call(
            session, message=message, call_id=uuid.uuid4(), key_seconds=1, ring_seconds=1
        )
    await engine.dispose()
    return sum(sound.seconds(sound.pcm(p.data)) for p in (*call.audio, *call.question))


async def _ended(url: str) -> tuple[int, int]:
    engine = core.db.create_engine(url, pool_size=1)
    async with engine.connect() as conn:
        calls = await conn.scalar(select(func.count()).select_from(VoiceCall))
        keyed = await conn.scalar(
            select(func.count()).select_from(VoiceCall).where(VoiceCall.key == "1")
        )
    await engine.dispose()
    return calls or 0, keyed or 0


async def run(calls: int, at_once: int, listen: bool) -> None:
    url = await common.fresh_postgres("neuvo_voice")
    starts_at = await _fill(url, calls)
    reminder = await _reminder_seconds(url, starts_at)
    press_ms = int(reminder * 1000) + 300 if listen else 500
    folder = Path(tempfile.mkdtemp(prefix="neuvo-bench-phone-"))
    phone = Phone(folder, free_udp_port(), free_udp_port(), Ear())
    await phone.start("answer", keys=((press_ms, "1"),), calls=calls)
    settings = Settings(NEUVO_ENV="test", SECRET_KEY=SECRET, DATABASE_URL=url)
    engine = core.db.create_engine(url, pool_size=at_once + 3)
    sessions = core.db.session_factory(engine)
    gateway = SipGateway(account=LOOPBACK_ACCOUNT, dial_uri=phone.dial_uri, calls_at_once=at_once)
    dispatcher = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(settings),
        base_url=settings.base_url,
        secret=SECRET,
        voice=VoiceChannel(
            gateway=gateway, sessions=sessions, report=voice_reporter(sessions, settings)
        ),
        lease=timedelta(minutes=10),
    )
    try:
        started = time.perf_counter()
        await dispatcher.drain()
        took = time.perf_counter() - started
    finally:
        await dispatcher.aclose()
        await engine.dispose()
        await phone.stop()
    placed, keyed = await _ended(url)
    print(
        f"Voice calls, one worker, {at_once} baresip at once, key after "
        f"{press_ms / 1000:.1f} s (reminder {reminder:.1f} s): {calls} due, {placed} placed, "
        f"{keyed} completed with key 1 in {took:.1f} s: {keyed / took * 60:.1f} calls/minute"
    )


async def main(calls: int = 20, listen: bool = False) -> None:
    for at_once in (1, 4):
        await run(calls, at_once, listen)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--listen", action="store_true", help="press 1 after the whole reminder")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls, arguments.listen))
