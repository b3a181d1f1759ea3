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
from uuid import UUID

import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import func, select

import core.db
import migrations
from api.app import create_app
from core import clock
from notifications.models import Message, MessageChannel, MessageKind, MessageStatus
from tests.api import scheduling_world as sw
from tests.conftest import TEST_SECRET, create_postgres_database, drop_postgres_database, missing
from tests.notifications.gateway import TOKEN, Gateway
from video.hub import Member, RedisHub

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


# The API in this process, its Redis connections made by its own lifespan, Redis paused.


@pytest.fixture
def frozen():
    with clock.frozen(sw.NOW) as handle:
        yield handle


async def test_a_hung_redis_delays_a_booking_by_at_most_half_a_second(
    settings, sessions, session, private_redis, frozen, caplog
) -> None:
    network = await sw.build(session)
    app = create_app(settings.model_copy(update={"redis_url": private_redis.url}))
    async with app.router.lifespan_context(app):
        app.state.sessions = sessions
        app.state.read_sessions = sessions
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            found = await client.get("/api/v1/slots", params=sw.search_params(network))
            first, slot, third = (found.json()["slots"][i]["slot"] for i in (0, 2, 4))
            started = time.monotonic()
            assert (await client.post("/api/v1/bookings", json=sw.client_body(first))).is_success
            usual_seconds = time.monotonic() - started
            private_redis.pause()
            try:
                started = time.monotonic()
                async with asyncio.timeout(5):
                    booked = await client.post("/api/v1/bookings", json=sw.client_body(slot))
                booking_seconds = time.monotonic() - started
                started = time.monotonic()
                async with asyncio.timeout(5):
                    again = await client.post(
                        "/api/v1/bookings", json=sw.client_body(third, phone="+358401112224")
                    )
                again_seconds = time.monotonic() - started
            finally:
                private_redis.resume()
    assert booked.status_code == 201, booked.text
    assert booking_seconds < 2.0 and booking_seconds - usual_seconds < 1.5, booking_seconds
    booking_id = UUID(booked.json()["booking"]["id"])
    outbox = await session.scalar(
        select(func.count()).select_from(Message).where(Message.booking_id == booking_id)
    )
    assert outbox > 0  # the worker's sweep sends them once Redis is back
    # The next booking does not wait for Redis again: it left the kick to the sweep.
    assert again.status_code == 201, again.text
    assert caplog.text.count("could not ask a worker") == 1
    print(
        f"booked {usual_seconds:.2f} s; Redis paused {booking_seconds:.2f} s, {again_seconds:.2f} s"
    )


async def _readyz_while_paused(client, private_redis):  # type: ignore[no-untyped-def]
    """/readyz's answer and how long it took while the private Redis is paused (SIGSTOP)."""
    private_redis.pause()
    try:
        started = time.monotonic()
        async with asyncio.timeout(5):
            ready = await client.get("/readyz")
        return ready, time.monotonic() - started
    finally:
        private_redis.resume()


async def test_readyz_answers_503_naming_redis_within_a_second_while_redis_is_paused(
    settings, sessions, private_redis
) -> None:
    app = create_app(settings.model_copy(update={"redis_url": private_redis.url}))
    async with app.router.lifespan_context(app):
        app.state.read_sessions = sessions
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            assert (await client.get("/readyz")).json()["redis"] == "ok"
            ready, ready_seconds = await _readyz_while_paused(client, private_redis)
    assert ready.status_code == 503 and ready_seconds < 2.0, ready_seconds
    assert ready.json()["type"] == "/problems/not-ready"
    assert "Redis" in ready.json()["detail"], ready.json()
    print(f"/readyz answered 503 in {ready_seconds:.2f} s with Redis paused")


async def test_rooms_relay_after_a_quiet_spell_and_give_up_fast_while_redis_hangs(
    private_redis, caplog
) -> None:
    # Made as the lifespan makes them: calls time out after half a second.
    hubs = [
        RedisHub(
            Redis.from_url(private_redis.url, socket_timeout=0.5, socket_connect_timeout=0.5),
            prefix="outage:",
        )
        for _ in range(2)
    ]
    sender, receiver = hubs
    for hub in hubs:
        await hub.start()
    try:
        got: asyncio.Queue[dict] = asyncio.Queue()
        room = "room"
        member = Member(
            id="a",
            role="advisor",
            name=None,
            language=None,
            admitted=True,
            audio_only=False,
            conn="conn-a",
            node=receiver.node,
        )
        until = datetime.now(UTC) + timedelta(hours=1)
        await receiver.join(room, member, capacity=4, until=until)
        receiver.attach(room, member.id, member.conn, got.put)
        await asyncio.sleep(1.5)  # quiet for longer than the socket timeout
        await sender.broadcast(room, {"msg": {"n": 1}})
        async with asyncio.timeout(5):
            assert (await got.get())["msg"] == {"n": 1}
        assert "hub relay interrupted" not in caplog.text

        private_redis.pause()
        try:
            started = time.monotonic()
            with pytest.raises(RedisTimeoutError):
                async with asyncio.timeout(5):
                    await sender.broadcast(room, {"msg": {"n": 2}})
            assert time.monotonic() - started < 2.0
        finally:
            private_redis.resume()
    finally:
        for hub in hubs:
            await hub.stop()
            await hub.redis.aclose()


async def test_readyz_bounds_its_checks_itself_whatever_the_client(
    app, client, private_redis
) -> None:
    app.state.redis = Redis.from_url(private_redis.url)  # no timeouts of its own
    try:
        assert (await client.get("/readyz")).json()["redis"] == "ok"
        ready, ready_seconds = await _readyz_while_paused(client, private_redis)
        async with asyncio.timeout(5):
            again = await client.get("/readyz")  # the cut-short ping left no broken connection
    finally:
        await app.state.redis.aclose()
    assert ready.status_code == 503 and ready_seconds < 2.0, ready_seconds
    assert ready.json()["detail"] == "Redis does not answer"
    assert again.status_code == 200
