"""Redis stopped or hung: ``neuvo worker`` comes back by itself and sends what became due
meanwhile; a booking still commits at once and ``/readyz`` answers 503 within a second.

Each test starts its own ``redis-server`` on a free port (never the shared one), stops or
pauses it (SIGSTOP), and always kills it at the end.
"""

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

import core.db
import migrations
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from tests.conftest import TEST_SECRET, create_postgres_database, drop_postgres_database, missing
from tests.notifications.gateway import TOKEN, Gateway

REDIS_SERVER = "/usr/bin/redis-server"
HAVE_REDIS_SERVER = Path(REDIS_SERVER).exists()


class PrivateRedis:
    """A ``redis-server`` of this test's own, on a free port, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            REDIS_SERVER,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        probe = Redis.from_url(self.url, socket_connect_timeout=0.2, socket_timeout=0.2)
        try:
            async with asyncio.timeout(10):
                while True:
                    with contextlib.suppress(Exception):
                        if await probe.ping():
                            return
                    await asyncio.sleep(0.05)
        finally:
            await probe.aclose()

    async def stop(self) -> None:
        """Kill the server and wait until it is gone (its port is free again)."""
        if self.process is None or self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGCONT)  # a paused server cannot die otherwise
            self.process.kill()
        async with asyncio.timeout(10):
            await self.process.wait()

    def pause(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
async def private_redis(tmp_path: Path) -> AsyncIterator[PrivateRedis]:
    if not HAVE_REDIS_SERVER:
        missing("redis-server", f"install it at {REDIS_SERVER}")
    server = PrivateRedis(tmp_path)
    try:
        await server.start()
        yield server
    finally:
        await server.stop()


async def _until(condition, seconds: float) -> None:
    """Poll ``condition`` (it reads what another process wrote) until true or ``seconds``."""
    async with asyncio.timeout(seconds):
        while not await condition():  # noqa: ASYNC110 (nothing here could set an Event)
            await asyncio.sleep(0.05)


# The worker, in its own process, stopped and restarted Redis under it.


@pytest.fixture
async def committed_url(postgres_admin) -> AsyncIterator[str]:
    """A database of its own, whose rows a worker in another process can see."""
    url = await create_postgres_database(postgres_admin)
    await asyncio.to_thread(migrations.upgrade, url)
    yield url
    await drop_postgres_database(postgres_admin, url)


@pytest.fixture
async def gateway() -> AsyncIterator[Gateway]:
    server = await Gateway().start()
    yield server
    await server.stop()


async def _add_message(url: str, key: str) -> None:
    """One SMS in the outbox, due now (the session it is about begins in minutes, so that
    quiet hours give way when the test runs at night)."""
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    starts_at = now + timedelta(minutes=5)
    async with core.db.transaction(core.db.session_factory(engine)) as session:
        session.add(
            Message(
                kind=MessageKind.CANCELLED,
                channel=MessageChannel.SMS,
                recipient_role="client",
                recipient="+358400000001",
                language="fi",
                zone="Europe/Helsinki",
                due_at=now,
                idempotency_key=key,
                session_starts_at=starts_at,
                params={
                    "starts_at": starts_at.isoformat(),
                    "channel": "phone",
                    "link": f"http://127.0.0.1/b/{key}",
                },
            )
        )
    await engine.dispose()


async def _sent(url: str) -> int:
    engine = core.db.create_engine(url, pool_size=1)
    async with engine.connect() as conn:
        count = await conn.scalar(select(func.count()).where(Message.status == MessageStatus.SENT))
    await engine.dispose()
    return count or 0


async def _worker(url: str, redis_url: str, gateway_url: str, log: Path):
    env = {
        **os.environ,
        "NEUVO_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SMS_GATEWAY_URL": gateway_url,
        "SMS_GATEWAY_TOKEN": TOKEN,
    }
    neuvo = str(Path(sys.executable).parent / "neuvo")
    with log.open("wb") as out:
        return await asyncio.create_subprocess_exec(
            neuvo,
            "worker",
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )


async def test_worker_survives_redis_stopped_and_sends_what_became_due_meanwhile(
    committed_url, private_redis, gateway, tmp_path
) -> None:
    await _add_message(committed_url, "before")
    log = tmp_path / "worker.log"
    worker = await _worker(committed_url, private_redis.url, gateway.url, log)

    async def sent(count: int):
        async def check() -> bool:
            return await _sent(committed_url) >= count

        return check

    try:
        await _until(await sent(1), seconds=60)  # the worker is up and sending
        await private_redis.stop()
        await _add_message(committed_url, "during")  # due while Redis is away
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(worker.wait(), timeout=4)
        assert worker.returncode is None, "the worker exited:\n" + log.read_text()[-2000:]
        await private_redis.start()  # the same port again
        back = time.monotonic()
        try:
            await _until(await sent(2), seconds=30)
        except TimeoutError:
            pytest.fail("not sent after Redis returned:\n" + log.read_text()[-3000:])
        recovered = time.monotonic() - back
        assert worker.returncode is None
    finally:
        if worker.returncode is None:
            worker.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(worker.wait(), timeout=10)
            except TimeoutError:
                os.killpg(worker.pid, signal.SIGKILL)
                await worker.wait()
    assert set(gateway.attempts.values()) == {1}  # each message sent once
    assert len(gateway.delivered) == 2
    print(f"worker sent the message due during the outage {recovered:.2f} s after Redis returned")
