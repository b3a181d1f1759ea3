"""Slot search for a region of 300 advisors over 14 days with 20,000 bookings, on SQLite and
PostgreSQL: p50/p95 per search beside the plain queries that fetch the same rows (the floor),
and the first search after a change of opening hours (which loads the directory again).

Run: ``make bench`` or ``.venv/bin/python -m bench.slot_search [--runs 50]``.
"""

import argparse
import asyncio
import random
from datetime import date, datetime, timedelta

from sqlalchemy import text

import core.db
from bench import common
from core import runtime
from scheduling import slots
from scheduling.models import Channel

FIRST = date(2027, 1, 4)  # a Monday
STAFF, BOOKINGS, DAYS_OF_BOOKINGS = 300, 20_000, 56
ZONE = "Europe/Helsinki"

FLOOR_SQL = (
    "SELECT s.id, s.organisation_id FROM staff s JOIN staff_roles r ON r.staff_id = s.id "
    "WHERE r.role = 'advisor' AND s.active",
    "SELECT staff_id, weekday, starts, ends, timezone, channels FROM availability_rules",
    "SELECT person_id, starts_at, ends_at FROM busy_intervals WHERE active AND role = 'advisor' "
    "AND ends_at > :start AND starts_at < :end ORDER BY person_id, starts_at",
    "SELECT staff_id FROM staff_languages WHERE language = :language",
)


async def run(url: str, label: str, runs: int) -> list[str]:
    engine = core.db.create_engine(url, pool_size=5)
    try:
        region = await common.build_region(
            engine, staff=STAFF, bookings=BOOKINGS, first=FIRST, days=DAYS_OF_BOOKINGS
        )
        if url.startswith("postgresql"):
            await common.settle(url)
        maker = core.db.session_factory(engine, write=False)
        rng = random.Random(3)
        now = datetime.fromisoformat("2027-01-01T08:00:00+00:00")

        async def search() -> None:
            query = slots.SlotQuery(
                service_id=region.service_id,
                municipality_code=rng.choice(["564", "615"]),
                language=rng.choice(common.LANGUAGES),
                channel=Channel.VIDEO.value,
                first=region.first,
                last=region.last,
            )
            async with maker() as session:
                result = await slots.search(session, query=query, now=now, zone=ZONE)
            assert result.slots

        start = datetime.fromisoformat("2027-01-03T22:00:00+00:00")
        params = {"start": start, "end": start + timedelta(days=14), "language": "ar"}

        async def floor() -> None:
            async with maker() as session:
                for sql in FLOOR_SQL:
                    (await session.execute(text(sql), params)).all()

        writer = core.db.session_factory(engine)

        async def after_a_change() -> None:
            # An admin saves opening hours: the next search loads the directory again.
            async with writer() as session:
                await session.execute(
                    text(
                        "UPDATE availability_rules SET ends = ends WHERE id = "
                        "(SELECT id FROM availability_rules LIMIT 1)"
                    )
                )
                await session.commit()
            await search()

        runtime.tune_gc()  # as the API process does after start-up
        searched = await common.timed(runs, search)
        floored = await common.timed(runs, floor)
        changed = await common.timed(max(10, runs // 4), after_a_change)
        ratio = common.percentile(searched, 0.95) / common.percentile(floored, 0.95)
        return [
            common.summary(f"{label}: slot search", searched),
            common.summary(f"{label}: floor (plain queries)", floored),
            f"{label}: p95 search / p95 floor = {ratio:.2f}",
            common.summary(f"{label}: first search after a change", changed),
        ]
    finally:
        await engine.dispose()


async def main(runs: int) -> None:
    print(
        f"Slot search: {STAFF} advisors, 14 days, {BOOKINGS} bookings over "
        f"{DAYS_OF_BOOKINGS} days, {runs} runs each"
    )
    sqlite_url = await common.fresh_sqlite("/tmp/neuvo-bench.db")
    for line in await run(sqlite_url, "SQLite", runs):
        print(line)
    pg_url = await common.fresh_postgres("neuvo_bench")
    for line in await run(pg_url, "PostgreSQL", runs):
        print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    asyncio.run(main(parser.parse_args().runs))
