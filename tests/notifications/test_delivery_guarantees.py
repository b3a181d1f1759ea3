"""Exactly once, whatever happens to the workers or to Redis (real PostgreSQL and Redis, a real
``neuvo worker`` process killed with SIGKILL in the middle of sending)."""

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from arq.connections import ArqRedis, RedisSettings
from arq.worker import Worker
from sqlalchemy import func, select

import core.db
import migrations
from api.worker import WorkerSettings, cron_jobs
from core import clock
from notifications import jobs as notification_jobs
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from tests.conftest import TEST_SECRET, create_postgres_database, drop_postgres_database
from tests.notifications.conftest import book
from tests.notifications.gateway import TOKEN

MESSAGES = 60


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


async def _fill_outbox(url: str, count: int) -> None:
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    # The sessions begin in minutes, so quiet hours (when the test runs at night) give way.
    starts_at = now + timedelta(minutes=5)
    async with core.db.transaction(core.db.session_factory(engine)) as session:
        for index in range(count):
            session.add(
                Message(
                    kind=MessageKind.CANCELLED,
                    channel=MessageChannel.SMS,
                    recipient_role="client",
                    recipient=f"+3584000{index:05d}",
                    language="fi",
                    zone="Europe/Helsinki",
                    due_at=now - timedelta(seconds=1),
                    idempotency_key=f"cancelled:{index}",
                    session_starts_at=starts_at,
                    # No booking behind these rows: the link is given as it is.
                    params={
                        "starts_at": starts_at.isoformat(),
                        "channel": "phone",
                        "link": f"http://127.0.0.1/b/message-{index}",
                    },
                )
            )
    await engine.dispose()


async def _statuses(url: str) -> dict[str, int]:
    engine = core.db.create_engine(url, pool_size=1)
    async with engine.connect() as conn:
        rows = await conn.execute(select(Message.status, func.count()).group_by(Message.status))
        found = {str(status): count for status, count in rows}
    await engine.dispose()
    return found


async def _worker(url: str, redis_dsn: str, gateway_url: str) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "NEUVO_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": url,
        "REDIS_URL": redis_dsn,
        "SMS_GATEWAY_URL": gateway_url,
        "SMS_GATEWAY_TOKEN": TOKEN,
        "NEUVO_MESSAGE_LEASE_SECONDS": "2",
    }
    neuvo = str(Path(sys.executable).parent / "neuvo")
    return await asyncio.create_subprocess_exec(
        neuvo,
        "worker",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )


async def _until(condition, seconds: float) -> None:
    """Poll ``condition`` (it reads what another process wrote) until true or ``seconds``."""
    async with asyncio.timeout(seconds):
        while not await condition():  # noqa: ASYNC110 (nothing here could set an Event)
            await asyncio.sleep(0.05)


async def test_a_worker_killed_while_sending_leaves_every_message_sent_once(
    committed_url, redis, redis_dsn, gateway
) -> None:
    await _fill_outbox(committed_url, MESSAGES)
    gateway.delay = 0.5  # requests are accepted at once and answered late: kills land mid-send
    first = await _worker(committed_url, redis_dsn, gateway.url)

    async def some_arrived() -> bool:
        return len(gateway.requests) >= 5

    try:
        await _until(some_arrived, seconds=60)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        await first.wait()
    in_flight = len(gateway.requests)
    assert (await _statuses(committed_url)).get("sending", 0) > 0  # claimed, never recorded

    second = await _worker(committed_url, redis_dsn, gateway.url)

    async def all_sent() -> bool:
        return (await _statuses(committed_url)) == {"sent": MESSAGES}

    try:
        await _until(all_sent, seconds=90)
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()
    assert len(gateway.delivered) == MESSAGES  # every message reached the gateway once
    assert set(gateway.attempts.values()) <= {1, 2}
    repeats = sum(1 for count in gateway.attempts.values() if count == 2)
    assert 0 < repeats <= in_flight  # the ones the dead worker had in flight, sent again


async def test_reminders_survive_redis_losing_everything(
    client, app, network, redis, redis_dsn, sessions, delivery_settings, gateway, frozen
) -> None:
    app.state.queue = redis  # the API asks a worker to send now, through Redis
    for day in ("2026-03-25", "2026-03-26", "2026-03-27"):
        await book(client, network, day, "10:00")
    assert await redis.zcard("arq:queue") > 0  # the asks are queued ...
    # ... and lost (everything in this worker's database; other test workers keep theirs)
    await redis.flushdb()
    assert await redis.zcard("arq:queue") == 0

    async def run_worker_at(instant: datetime) -> None:
        frozen.advance(instant - clock.now())
        worker = Worker(
            functions=WorkerSettings.functions,
            cron_jobs=cron_jobs(),
            redis_settings=RedisSettings.from_dsn(redis_dsn),
            burst=True,
            poll_delay=0.05,
            handle_signals=False,
            max_jobs=1,  # the test's sessions share one connection: one job at a time
            ctx={"sessions": sessions, "settings": delivery_settings},
            on_shutdown=notification_jobs.close,
        )
        await worker.async_run()
        await worker.close()

    await run_worker_at(clock.now())  # the sweep finds the confirmations in the database
    async with sessions() as session:
        reminders = list(
            await session.scalars(
                select(Message).where(Message.kind == MessageKind.REMINDER).order_by(Message.due_at)
            )
        )
    assert len(reminders) == 6
    for reminder in reminders:
        await run_worker_at(reminder.due_at)
    async with sessions() as session:
        statuses = set(
            await session.scalars(select(Message.status).where(Message.channel == "sms"))
        )
    assert statuses == {MessageStatus.SENT}
    assert len(gateway.delivered) == 9  # three confirmations, six reminders
    texts = [payload["text"] for payload in gateway.delivered.values()]
    assert sum("/b/" in text for text in texts) == 9
