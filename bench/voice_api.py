"""Reminder calls through the HTTP voice API: how many one worker places and completes a minute.

PostgreSQL holds ``--calls`` voice reminders, all due. One dispatcher (the worker's, with the
gateway ``NEUVO_VOICE_GATEWAY=http`` gives) places them through the 46elks stand-in
(``tests/notifications/telephony/elks_provider.py``, a real HTTP server); its phones answer at
once, fetch the joined MP3 from Neuvo (uvicorn on a free port, the real application), press 1,
and the stand-in posts the key webhook and ``whenhangup`` back. A call is complete when its
result is recorded (``voice_calls.status`` ended). Everything runs in this one process on the
same two cores, so the figure is a floor: in production the phones and the provider are
elsewhere, and a real call lasts as long as its audio.

The reminders have no booking behind them (a region of bookings would dwarf the calls), so
the key is recorded and found stale: the same webhook, flow and writes as a kept booking, less
the booking's own row.

Run: ``.venv/bin/python -m bench.voice_api [--calls 200]``.
"""

import argparse
import asyncio
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

import uvicorn
from sqlalchemy import func, insert, select

import core.db
from api import jobs as api_jobs
from api.app import create_app
from bench import common
from core.config import Settings
from notifications import jobs as notification_jobs
from notifications.models import Message
from notifications.telephony.models import CallStatus, VoiceCall
from tests.notifications.telephony.elks_provider import (
    PASSWORD,
    USERNAME,
    ElksProvider,
    Phone,
)

SECRET = "bench-secret-" + "x" * 40


async def _fill(url: str, count: int) -> list[str]:
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    starts_at = now + timedelta(hours=3)  # soon: quiet hours give way at any hour
    numbers = [f"+35840{index:07d}" for index in range(count)]
    rows = [
        {
            "id": uuid.uuid4(),
            "created_at": now,
            "kind": "reminder",
            "channel": "voice",
            "recipient_role": "client",
            "recipient": number,
            "language": "fi",
            "zone": "Europe/Helsinki",
            "due_at": now - timedelta(seconds=1),
            "status": "pending",
            "attempts": 0,
            "idempotency_key": f"bench-voice:{index}",
            "session_starts_at": starts_at,
            "params": {"starts_at": starts_at.isoformat(), "channel": "phone"},
        }
        for index, number in enumerate(numbers)
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(Message), rows)
    await engine.dispose()
    return numbers


async def _ended(sessions) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(func.count()).where(VoiceCall.status == CallStatus.ENDED)
        )
    return found or 0


async def run(calls: int) -> None:
    url = await common.fresh_postgres("neuvo_voice_api")
    numbers = await _fill(url, calls)
    provider = await ElksProvider(answer_at_once=True).start()
    for number in numbers:
        provider.phones[number] = Phone(keys=["1"])
    port = common.free_port()
    settings = Settings(
        NEUVO_ENV="test",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        NEUVO_PUBLIC_URL=f"http://127.0.0.1:{port}",
        NEUVO_VOICE_GATEWAY="http",
        VOICE_API_URL=provider.url,
        VOICE_API_USERNAME=USERNAME,
        VOICE_API_PASSWORD=PASSWORD,
        VOICE_API_FROM="+358931234567",
    )
    engine = core.db.create_engine(url, pool_size=10)
    sessions = core.db.session_factory(engine)
    app = create_app(settings)
    app.state.sessions = sessions
    app.state.read_sessions = core.db.session_factory(engine, write=False)
    app.state.redis = None
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    ctx = {
        "settings": settings,
        "sessions": sessions,
        "voice_report": api_jobs.voice_reporter(sessions, settings),
    }
    try:
        started = time.perf_counter()
        while len(provider.calls) < calls:
            if not await notification_jobs.dispatch(ctx):
                await asyncio.sleep(0.05)
        placed = time.perf_counter() - started
        while provider.running or await _ended(sessions) < calls:
            await asyncio.sleep(0.05)
        took = time.perf_counter() - started
        ended = await _ended(sessions)
        requests = sum(len(c.posted) + len(c.fetched) for c in provider.calls.values())
    finally:
        await notification_jobs.close(ctx)
        server.should_exit = True
        await serving
        await provider.stop()
        await engine.dispose()
    print(
        f"Voice API, one worker: {calls} reminder calls placed in {placed:.1f} s "
        f"({calls / placed * 60:.0f}/min), completed in {took:.1f} s "
        f"({ended / took * 60:.0f}/min); {ended} results recorded; "
        f"{requests / max(1, calls):.1f} requests to Neuvo a call"
    )


async def main(calls: int = 200) -> None:
    logging.getLogger("flows.voice").setLevel(logging.ERROR)  # "stale" once a call, expected
    print(f"machine speed: {common.machine_speed():.0f} ms")
    await run(calls)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls))
