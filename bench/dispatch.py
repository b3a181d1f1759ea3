"""The dispatcher draining 10,000 due messages to a local SMS gateway, with 1 and 2 workers.

Each worker is a process of its own running the real dispatcher (claims with FOR UPDATE SKIP
LOCKED on PostgreSQL, sends through the HTTP gateway adapter, records the outcomes); the
gateway is a real HTTP server in this process that counts what arrives and drops repeats.

Run: ``make bench`` or ``.venv/bin/python -m bench.dispatch [--messages 10000]``.
"""

import argparse
import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

import core.db
from bench import common
from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message, MessageStatus
from tests.notifications.gateway import TOKEN, Gateway

SECRET = "bench-secret-" + "x" * 40


async def _fill(url: str, count: int) -> None:
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    starts_at = now + timedelta(minutes=30)  # soon: quiet hours give way at any hour
    rows = [
        {
            "id": uuid.uuid4(),
            "created_at": now,
            "kind": "cancelled",
            "channel": "sms",
            "recipient_role": "client",
            "recipient": f"+35840{index:07d}",
            "language": ("fi", "ar", "so", "uk")[index % 4],
            "zone": "Europe/Helsinki",
            "due_at": now - timedelta(seconds=1),
            "status": "pending",
            "attempts": 0,
            "idempotency_key": f"bench:{index}",
            "session_starts_at": starts_at,
            # No booking behind these rows: the link is given as it is.
            "params": {
                "starts_at": starts_at.isoformat(),
                "channel": "phone",
                "link": f"https://neuvo.example/b/bench-{index}",
            },
        }
        for index in range(count)
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(Message), rows)
    await engine.dispose()


async def _sent(url: str) -> int:
    engine = core.db.create_engine(url, pool_size=1)
    async with engine.connect() as conn:
        count = await conn.scalar(select(func.count()).where(Message.status == MessageStatus.SENT))
    await engine.dispose()
    return count or 0


async def worker(url: str, gateway_url: str) -> None:
    """One dispatcher process: drain until nothing is due."""
    settings = Settings(
        NEUVO_ENV="test",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        SMS_GATEWAY_URL=gateway_url,
        SMS_GATEWAY_TOKEN=TOKEN,
    )
    engine = core.db.create_engine(url, pool_size=2)
    dispatcher = Dispatcher(
        sessions=core.db.session_factory(engine),
        channels=channels_from_settings(settings),
        base_url=settings.base_url,
        secret=SECRET,
    )
    await dispatcher.drain()
    await dispatcher.aclose()
    await engine.dispose()


async def run(workers: int, messages: int) -> None:
    url = await common.fresh_postgres("neuvo_dispatch")
    await _fill(url, messages)
    gateway = await Gateway().start()
    try:
        started = time.perf_counter()
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.dispatch", "--worker", url, gateway.url
            )
            for _ in range(workers)
        ]
        codes = [await process.wait() for process in processes]
        took = time.perf_counter() - started
        sent = await _sent(url)
    finally:
        await gateway.stop()
    repeats = len(gateway.requests) - len(gateway.delivered)
    print(
        f"Dispatch, {workers} worker(s): {messages} messages in {took:.2f} s: "
        f"{sent / took:.0f} messages/s; {sent} sent, {len(gateway.delivered)} delivered, "
        f"{repeats} repeats, exit codes {codes}"
    )


async def main(messages: int = 10_000) -> None:
    for workers in (1, 2):
        await run(workers, messages)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--worker", nargs=2, metavar=("DATABASE_URL", "GATEWAY_URL"))
    arguments = parser.parse_args()
    if arguments.worker:
        asyncio.run(worker(*arguments.worker))
    else:
        asyncio.run(main(arguments.messages))
