"""Signalling: idle connections one server process holds and memory per connection; relay
latency at 1,000 messages per second beside a plain WebSocket echo server (the floor).

1. 1,700 rooms on PostgreSQL with a client, an advisor and an interpreter each (5,100
   participants); every one connects, joins, and stays. The server's RSS before and after
   gives the memory per connection.
2. While they stay connected: in 100 rooms the advisor sends ICE candidates to the
   interpreter, 10 per second each (1,000 per second in all), for ``--seconds``; the time from
   send to receipt is the relay latency.
3. The floor: the same 100 senders at the same rate against a bare ASGI echo app under the same
   server (uvicorn, one process), each message echoed to its sender.

Run: ``make bench`` or ``.venv/bin/python -m bench.signalling [--rooms 1700] [--seconds 10]``.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import websockets
from sqlalchemy import insert

import core.db
from access.models import StaffMember, StaffRole
from bench import common
from core import tokens
from scheduling.models import Booking, Client, Municipality, Organisation, Service
from video.models import RoomPass

SECRET = "bench-secret-" + "x" * 40
ECHO_APP = """
async def app(scope, receive, send):
    if scope["type"] != "websocket":
        return
    await receive()
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        await send({"type": "websocket.send", "text": message.get("text")})
"""


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _rooms(url: str, count: int) -> list[tuple[uuid.UUID, list[str]]]:
    """``count`` bookings starting in half an hour, each with passes for its three people."""
    engine = core.db.create_engine(url, pool_size=1)
    now = datetime.now(UTC)
    org, service, advisor, interpreter = (uuid.uuid4() for _ in range(4))
    rooms: list[tuple[uuid.UUID, list[str]]] = []
    bookings, clients, passes = [], [], []
    for index in range(count):
        booking, client = uuid.uuid4(), uuid.uuid4()
        clients.append(
            dict(id=client, preferred_language="ar", created_at=now, prefers_audio=False)
        )
        starts = now + timedelta(minutes=30)
        bookings.append(
            dict(
                id=booking,
                created_at=now,
                service_id=service,
                client_id=client,
                advisor_id=advisor,
                organisation_id=org,
                municipality_code="564",
                channel="video",
                language="ar",
                own_language=False,
                interpreter_id=interpreter,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=45),
                status="confirmed",
                calendar_uid=f"bench-{index}@neuvo",
                sequence=0,
                client_token_salt=tokens.new_salt(),
                client_token_hash=tokens.hash_token(tokens.new_token()),
                client_token_expires_at=starts + timedelta(days=1),
                updated_at=now,
            )
        )
        made = []
        for role, staff in (("advisor", advisor), ("interpreter", interpreter), ("client", None)):
            token = tokens.new_token()
            made.append(token)
            passes.append(
                dict(
                    id=uuid.uuid4(),
                    created_at=now,
                    booking_id=booking,
                    role=role,
                    staff_id=staff,
                    token_hash=tokens.hash_token(token),
                    expires_at=starts + timedelta(hours=2),
                )
            )
        rooms.append((booking, made))
    async with engine.begin() as conn:
        await conn.execute(
            insert(Municipality),
            [dict(code="564", name_fi="Oulu", name_sv="Uleåborg", created_at=now)],
        )
        await conn.execute(
            insert(Organisation),
            [
                dict(
                    id=org,
                    created_at=now,
                    name="Bench",
                    kind="municipality",
                    timezone="Europe/Helsinki",
                )
            ],
        )
        await conn.execute(
            insert(Service),
            [
                dict(
                    id=service,
                    created_at=now,
                    organisation_id=org,
                    slug="guidance",
                    names={"fi": "Ohjaus"},
                    duration_minutes=45,
                    buffer_minutes=0,
                    channels=["video"],
                    min_notice_minutes=0,
                    horizon_days=60,
                    reminder_minutes=[],
                    peer_guidance=False,
                    active=True,
                )
            ],
        )
        await conn.execute(
            insert(StaffMember),
            [
                dict(
                    id=staff,
                    created_at=now,
                    organisation_id=org,
                    email=f"{name}@bench.fi",
                    display_name=name,
                    active=True,
                    is_platform_admin=False,
                    timezone="Europe/Helsinki",
                )
                for staff, name in ((advisor, "advisor"), (interpreter, "interpreter"))
            ],
        )
        await conn.execute(
            insert(StaffRole),
            [
                dict(staff_id=advisor, role="advisor"),
                dict(staff_id=interpreter, role="interpreter"),
            ],
        )
        for table, rows in ((Client, clients), (Booking, bookings), (RoomPass, passes)):
            for start in range(0, len(rows), 2000):
                await conn.execute(insert(table), rows[start : start + 2000])
    await engine.dispose()
    return rooms


SERVER_CPU, CLIENT_CPU = {0}, {1}
"""Both servers on one core, this process (the clients) on the other: less scheduler noise,
and the relay and its floor get the same share of the machine."""


def _pin_server() -> None:
    os.sched_setaffinity(0, SERVER_CPU)


def _serve(args: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    errors = log.open("w")
    process = subprocess.Popen(
        args,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        preexec_fn=_pin_server if (os.cpu_count() or 1) >= 2 else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start; see {log}")


async def _join(ws_url: str, origin: str, token: str) -> tuple[object, dict]:
    ws = await websockets.connect(
        ws_url, additional_headers={"Origin": origin}, ping_interval=None, max_queue=None
    )
    await ws.send(json.dumps({"type": "join", "token": token}))
    while True:
        message = json.loads(await ws.recv())
        if message["type"] == "welcome":
            return ws, message


async def _connect_all(base: str, rooms, batch: int = 100) -> list[tuple[object, dict]]:
    origin = base
    ws_base = "ws" + base.removeprefix("http")
    jobs = [
        (f"{ws_base}/api/v1/rooms/{room}/signal", token)
        for room, passes in rooms
        for token in passes
    ]
    held: list[tuple[object, dict]] = []
    for start in range(0, len(jobs), batch):
        held += await asyncio.gather(
            *(_join(url, origin, token) for url, token in jobs[start : start + batch])
        )
    return held


async def _drain(ws, on_message) -> None:
    try:
        async for raw in ws:
            on_message(raw)
    except websockets.ConnectionClosed:
        pass


async def _paced(senders, rate_each: float, seconds: float, message) -> None:
    """Each sender sends ``rate_each`` messages a second, spread evenly, for ``seconds``."""

    async def run(index: int, ws) -> None:
        interval = 1 / rate_each
        start = time.perf_counter() + index * interval / len(senders)
        count = int(seconds * rate_each)
        for n in range(count):
            delay = start + n * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await ws.send(message(index))

    await asyncio.gather(*(run(i, ws) for i, ws in enumerate(senders)))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49], cuts[98]


async def _relay(base: str, held, pairs: int, seconds: float) -> list[float]:
    """Advisors send candidates to interpreters; latency from send to receipt, in ms."""
    latencies: list[float] = []
    by_room: dict[str, dict[str, tuple]] = {}
    for ws, welcome in held:
        by_room.setdefault(str(ws.request.path), {})[welcome["role"]] = (ws, welcome)
    chosen = [room for room in by_room.values() if {"advisor", "interpreter"} <= set(room)][:pairs]
    senders = [room["advisor"][0] for room in chosen]
    targets = [room["interpreter"][1]["id"] for room in chosen]
    receivers = [room["interpreter"][0] for room in chosen]

    def received(raw) -> None:
        message = json.loads(raw)
        if message["type"] == "candidate":
            sent = float(message["candidate"]["candidate"].split(" ", 1)[1])
            latencies.append((time.perf_counter() - sent) * 1000)

    drains = [asyncio.create_task(_drain(ws, received)) for ws in receivers]

    def message(index: int) -> str:
        return json.dumps(
            {
                "type": "candidate",
                "to": targets[index],
                "candidate": {
                    "candidate": f"candidate:1 {time.perf_counter():.6f}",
                    "sdpMid": "0",
                    "sdpMLineIndex": 0,
                },
            }
        )

    await _paced(senders, 1000 / pairs, seconds, message)
    await asyncio.sleep(0.5)
    for task in drains:
        task.cancel()
    return latencies


async def _floor(port: int, pairs: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    sockets = [
        await websockets.connect(f"ws://127.0.0.1:{port}/", ping_interval=None, max_queue=None)
        for _ in range(pairs)
    ]

    def received(raw) -> None:
        sent = float(json.loads(raw)["candidate"]["candidate"].split(" ", 1)[1])
        latencies.append((time.perf_counter() - sent) * 1000)

    drains = [asyncio.create_task(_drain(ws, received)) for ws in sockets]

    def message(index: int) -> str:
        return json.dumps(
            {
                "type": "candidate",
                "to": "x",
                "candidate": {"candidate": f"candidate:1 {time.perf_counter():.6f}", "sdpMid": "0"},
            }
        )

    await _paced(sockets, 1000 / pairs, seconds, message)
    await asyncio.sleep(0.5)
    for task in drains:
        task.cancel()
    for ws in sockets:
        await ws.close()
    return latencies


async def main(rooms: int = 1700, seconds: float = 10, pairs: int = 100) -> None:
    pinned = os.cpu_count() and os.cpu_count() >= 2
    if pinned:
        os.sched_setaffinity(0, CLIENT_CPU)
    url = await common.fresh_postgres("neuvo_signalling")
    made = await _rooms(url, rooms)
    port, echo_port = common.free_port(), common.free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NEUVO_ENV": "test",
        "SECRET_KEY": SECRET,
        "NEUVO_BASE_URL": base,
        "NEUVO_ROOM_OPEN_MINUTES": "60",
        "NEUVO_DB_POOL_SIZE": "20",
    }
    env.pop("REDIS_URL", None)
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    server = _serve(
        [str(Path(sys.executable).parent / "neuvo"), "serve", "--port", str(port)],
        env,
        port,
        tmp / "neuvo-signalling-server.log",
    )
    echo_file = tmp / "neuvo_bench_echo.py"
    echo_file.write_text(ECHO_APP)
    echo = _serve(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "neuvo_bench_echo:app",
            "--port",
            str(echo_port),
            "--log-level",
            "warning",
            "--app-dir",
            str(tmp),
        ],
        env,
        echo_port,
        tmp / "neuvo-signalling-echo.log",
    )
    held: list = []
    try:
        httpx.get(f"{base}/healthz", timeout=5)
        before = _rss_mib(server.pid)
        started = time.perf_counter()
        held = await _connect_all(base, made)
        joined_in = time.perf_counter() - started
        await asyncio.sleep(2)
        after = _rss_mib(server.pid)
        per_connection_kib = (after - before) * 1024 / len(held)
        print(
            f"signalling: {len(held)} participants in {rooms} rooms joined in {joined_in:.1f} s "
            f"({len(held) / joined_in:.0f}/s); server RSS {before:.0f} -> {after:.0f} MiB, "
            f"{per_connection_kib:.1f} KiB per connection"
        )
        relay = await _relay(base, held, pairs, seconds)
        floor = await _floor(echo_port, pairs, seconds)
        r50, r99 = _percentiles(relay)
        f50, f99 = _percentiles(floor)
        print(
            f"signalling: relay at 1,000 msg/s for {seconds:.0f} s with {len(held)} connected: "
            f"{len(relay)} messages, p50 {r50:.2f} ms, p99 {r99:.2f} ms "
            f"(target p99 <= 10 ms)"
        )
        print(
            f"signalling: echo floor (bare ASGI app, uvicorn): {len(floor)} messages, "
            f"p50 {f50:.2f} ms, p99 {f99:.2f} ms; relay/floor p99 {r99 / f99:.2f}, "
            f"p50 {r50 / f50:.2f} (target <= 1.5)"
        )
        alive = sum(1 for ws, _ in held if ws.state.name == "OPEN")
        print(f"signalling: {alive} of {len(held)} connections still open at the end")
    finally:
        for ws, _ in held:
            ws.transport.abort()
        for process in (server, echo):
            process.terminate()
            process.wait(timeout=20)
        echo_file.unlink(missing_ok=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int, default=1700)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--pairs", type=int, default=100)
    options = parser.parse_args()
    asyncio.run(main(rooms=options.rooms, seconds=options.seconds, pairs=options.pairs))
