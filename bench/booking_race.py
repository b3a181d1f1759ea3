"""A booking race over HTTP against a running server on PostgreSQL.

Phase 1: 200 concurrent operator requests for 20 slots (10 clients per slot): exactly 20
bookings must be made, the rest answered 409, none 5xx.
Phase 2: 200 concurrent requests for 200 distinct slots: bookings per second.

Run: ``make bench`` or ``.venv/bin/python -m bench.booking_race [--workers 2]``.
"""

import argparse
import asyncio
import os
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
from bench import common
from core import tokens
from scheduling.models import StaffMember, StaffRole, StaffSession

FIRST = date(2027, 2, 1)  # a Monday; the server's clock is real, so this lies ahead


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
    client: aiohttp.ClientSession, region: common.Region, per_advisor: int, advisors: int
) -> list[str]:
    refs: list[str] = []
    for advisor in region.advisor_ids[:advisors]:
        params = {
            "service_id": str(region.service_id),
            "municipality": "564",
            "language": "fi",  # every advisor speaks it: no interpreter needed
            "channel": "video",
            "from": FIRST.isoformat(),
            "to": (FIRST + timedelta(days=4)).isoformat(),
            "staff_id": str(advisor),
        }
        async with client.get("/api/v1/slots", params=params) as response:
            found = (await response.json())["slots"]
        refs += [slot["slot"] for slot in found[:per_advisor]]
    return refs


async def _fire(client: aiohttp.ClientSession, refs: list[str], tag: str) -> tuple[Counter, float]:
    async def one(index: int, ref: str) -> int:
        body = {
            "slot": ref,
            "client": {"preferred_language": "fi", "phone": f"+35840{tag}{index:05d}"},
        }
        async with client.post("/api/v1/bookings", json=body) as response:
            await response.read()
            return response.status

    started = time.perf_counter()
    statuses = await asyncio.gather(*(one(i, ref) for i, ref in enumerate(refs)))
    return Counter(statuses), time.perf_counter() - started


async def main(workers: int) -> None:
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
            contested = await _refs(client, region, per_advisor=1, advisors=20)
            statuses, took = await _fire(client, [r for r in contested for _ in range(10)], "1")
            made, errors = statuses[201], sum(n for s, n in statuses.items() if s >= 500)
            print(
                f"Race, {workers} worker(s): 200 requests for 20 slots in {took:.2f} s: "
                f"{made} bookings, {statuses[409]} conflicts, {errors} server errors "
                f"(statuses {dict(statuses)})"
            )
            distinct = await _refs(client, region, per_advisor=16, advisors=40)
            distinct = [r for r in distinct if r not in set(contested)]
            # Warm up first: each new pooled connection prepares its statements once.
            await _fire(client, distinct[200:400], "3")
            cpu = _postgres_cpu()
            statuses, took = await _fire(client, distinct[:200], "2")
            cpu = _postgres_cpu() - cpu
            print(
                f"Distinct slots, {workers} worker(s): 200 requests in {took:.2f} s:"
                f" {statuses[201]} bookings, {statuses[201] / took:.0f} bookings/s "
                f"(statuses {dict(statuses)}); PostgreSQL used {cpu:.2f} CPU-s of it"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


def _postgres_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server processes (user + system)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(") ")[1].split()
            if "postgres" in (stat.parent / "comm").read_text():
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            continue
    return total


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
