"""A booking race over HTTP against a running server on PostgreSQL.

Phase 1: 200 concurrent operator requests for 20 slots (10 clients per slot): exactly 20
bookings must be made, the rest answered 409, none 5xx.
Phase 2: 200 concurrent requests for 200 distinct slots (16 of each advisor), five times:
bookings per second of each burst, and their median.
Phase 3: 1,000 requests for distinct slots, 200 at a time: bookings per second sustained.
Each phase also prints the CPU milliseconds per booking of the server, PostgreSQL and this
client (all on the same two cores), and the machine's speed before and after (a fixed loop).

Run: ``make bench`` or ``.venv/bin/python -m bench.booking_race [--workers 2]``.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import insert

import core.db
from access.models import StaffMember, StaffRole, StaffSession
from bench import common
from core import tokens

FIRST = date(2027, 2, 1)  # a Monday; the server's clock is real, so this lies ahead
BURSTS = 5  # the machine's speed varies by half from minute to minute: one burst says little
SUSTAINED = 1000


async def _operator(url: str, organisation_id: Any) -> str:
    """An operator with a bearer token, inserted straight into the database."""
    engine = core.db.create_engine(url, pool_size=1)
    token = tokens.new_token()
    staff_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(
            insert(StaffMember),
            [
                dict(
                    id=staff_id,
                    organisation_id=organisation_id,
                    email="operator@bench.fi",
                    display_name="Operator",
                    active=True,
                    is_platform_admin=False,
                    timezone="Europe/Helsinki",
                    created_at=datetime.now(UTC),
                )
            ],
        )
        await conn.execute(insert(StaffRole), [dict(staff_id=staff_id, role="operator")])
        await conn.execute(
            insert(StaffSession),
            [
                dict(
                    id=uuid.uuid4(),
                    staff_id=staff_id,
                    token_hash=tokens.hash_token(token),
                    kind="bearer",
                    expires_at=datetime.now(UTC) + timedelta(hours=2),
                    created_at=datetime.now(UTC),
                )
            ],
        )
    await engine.dispose()
    return token


async def _refs(
    client: aiohttp.ClientSession, region: common.Region, advisors: int
) -> dict[Any, list[str]]:
    """Every free slot of the first ``advisors`` advisors over 14 days, advisor by advisor."""
    found: dict[Any, list[str]] = {}
    for advisor in region.advisor_ids[:advisors]:
        params = {
            "service_id": str(region.service_id),
            "municipality": "564",
            "language": "fi",  # every advisor speaks it: no interpreter needed
            "channel": "video",
            "from": FIRST.isoformat(),
            "to": (FIRST + timedelta(days=13)).isoformat(),
            "staff_id": str(advisor),
        }
        async with client.get("/api/v1/slots", params=params) as response:
            found[advisor] = [slot["slot"] for slot in (await response.json())["slots"]]
    return found


def _take(refs: dict[Any, list[str]], count: int, per_advisor: int) -> list[str]:
    """``count`` unused slots, ``per_advisor`` of each advisor in turn (then removed)."""
    taken: list[str] = []
    while any(refs.values()):
        for slots in refs.values():
            take = min(per_advisor, count - len(taken), len(slots))
            taken += slots[:take]
            del slots[:take]
            if len(taken) == count:
                return taken
    raise RuntimeError("the region has run out of free slots")


async def _fire(
    client: aiohttp.ClientSession, refs: list[str], tag: str, concurrency: int | None = None
) -> tuple[Counter, float]:
    gate = asyncio.Semaphore(concurrency or len(refs))

    async def one(index: int, ref: str) -> int:
        body = {
            "slot": ref,
            "client": {"preferred_language": "fi", "phone": f"+3584{tag}{index:06d}"},
        }
        async with gate, client.post("/api/v1/bookings", json=body) as response:
            await response.read()
            return response.status

    started = time.perf_counter()
    statuses = await asyncio.gather(*(one(i, ref) for i, ref in enumerate(refs)))
    return Counter(statuses), time.perf_counter() - started


def _cpu(server: subprocess.Popen) -> dict[str, float]:
    """CPU seconds so far of the server (its workers too), PostgreSQL, and this client."""
    found = {"server": 0.0, "postgres": 0.0, "client": time.process_time()}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(") ")[1].split()
            comm = (stat.parent / "comm").read_text()
        except (OSError, IndexError):
            continue
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if server.pid in (int(stat.parent.name), int(fields[1])):
            found["server"] += seconds
        elif "postgres" in comm:
            found["postgres"] += seconds
    return found


def _split(before: dict[str, float], after: dict[str, float], count: int) -> str:
    return ", ".join(f"{name} {1000 * (after[name] - before[name]) / count:.2f}" for name in before)


async def main(workers: int, bursts: int = BURSTS) -> None:
    url = await common.fresh_postgres("neuvo_race")
    engine = core.db.create_engine(url, pool_size=2)
    region = await common.build_region(engine, staff=40, bookings=0, first=FIRST, days=14)
    organisation_id = await _organisation(engine)
    await engine.dispose()
    token = await _operator(url, organisation_id)
    port = common.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NEUVO_ENV": "development",
        "NEUVO_DB_POOL_SIZE": "20",
    }
    env.pop("REDIS_URL", None)
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "neuvo-race-server.log"
    with log.open("w") as errors:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "neuvo"),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        # httpx's pool was itself the bottleneck at 200 concurrent requests (0.9-4 s for 200
        # /healthz calls that aiohttp makes in 0.03 s), so the load comes from aiohttp.
        async with aiohttp.ClientSession(
            f"http://127.0.0.1:{port}",
            connector=aiohttp.TCPConnector(limit=250),
            headers={"Authorization": f"Bearer {token}"},
            timeout=aiohttp.ClientTimeout(total=120),
        ) as client:
            await _ready(client)
            print(f"Machine speed before: {common.machine_speed():.0f} ms (a fixed loop)")
            refs = await _refs(client, region, advisors=40)
            contested = _take(refs, 20, per_advisor=1)
            statuses, took = await _fire(client, [r for r in contested for _ in range(10)], "1")
            made, errors = statuses[201], sum(n for s, n in statuses.items() if s >= 500)
            print(
                f"Race, {workers} worker(s): 200 requests for 20 slots in {took:.2f} s: "
                f"{made} bookings, {statuses[409]} conflicts, {errors} server errors "
                f"(statuses {dict(statuses)})"
            )
            # Warm up first: each new pooled connection prepares its statements once.
            await _fire(client, _take(refs, 200, per_advisor=16), "2")
            rates = []
            for burst in range(bursts):
                before = _cpu(server)
                statuses, took = await _fire(client, _take(refs, 200, per_advisor=16), f"3{burst}")
                rates.append(statuses[201] / took)
                print(
                    f"Distinct slots, {workers} worker(s), burst {burst + 1}: 200 requests at once "
                    f"in {took:.2f} s: {statuses[201]} bookings, {rates[-1]:.0f} bookings/s "
                    f"(statuses {dict(statuses)}); CPU ms per booking: "
                    f"{_split(before, _cpu(server), 200)}"
                )
            median = statistics.median(rates)
            print(f"Distinct slots, median of {bursts} bursts: {median:.0f} bookings/s")
            before = _cpu(server)
            statuses, took = await _fire(
                client, _take(refs, SUSTAINED, per_advisor=8), "4", concurrency=200
            )
            print(
                f"Distinct slots, sustained: {SUSTAINED} requests, 200 at a time, in {took:.2f} s: "
                f"{statuses[201]} bookings, {statuses[201] / took:.0f} bookings/s "
                f"(statuses {dict(statuses)}); CPU ms per booking: "
                f"{_split(before, _cpu(server), SUSTAINED)}"
            )
            print(f"Machine speed after: {common.machine_speed():.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=20)


async def _organisation(engine) -> Any:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return (await conn.exec_driver_sql("SELECT id FROM organisations LIMIT 1")).scalar()


async def _ready(client: aiohttp.ClientSession) -> None:
    for _ in range(100):
        try:
            async with client.get("/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    asyncio.run(main(parser.parse_args().workers))
