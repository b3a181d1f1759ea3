"""Slot search for a region of 300 advisors over 14 days with 20,000 bookings, on SQLite and
PostgreSQL, in two regions: the spread one (the bookings over 56 days, so a search reads a
quarter of them) and the dense one of a busy season (all inside the fortnight searched, three
patterns of hours, about 9,200 busy intervals to read). For each: p50/p95 per search beside
the plain queries that fetch the same rows (the floor), the busy-time read and the computation
apart, the busy-time read when a booking elsewhere changed someone's time since the last
search, a search with slots every 15 minutes, and the first search after a change of opening
hours (which loads the directory again).

Run: ``make bench`` or ``.venv/bin/python -m bench.slot_search [--runs 50]``.
"""

import argparse
import asyncio
import random
import time
from datetime import date, datetime, timedelta

from sqlalchemy import select, text, update

import core.db
from access.models import Role
from bench import common, dense_region
from core import runtime
from scheduling import busy, directory, slots
from scheduling.models import BusyInterval, Channel, Service

FIRST = date(2027, 1, 4)  # a Monday
STAFF, BOOKINGS, DAYS_OF_BOOKINGS = 300, 20_000, 56
ZONE = "Europe/Helsinki"
NOW = datetime.fromisoformat("2027-01-01T08:00:00+00:00")

FLOOR_SQL = (
    "SELECT s.id, s.organisation_id FROM staff s JOIN staff_roles r ON r.staff_id = s.id "
    "WHERE r.role = 'advisor' AND s.active",
    "SELECT staff_id, weekday, starts, ends, timezone, channels FROM availability_rules",
    "SELECT person_id, starts_at, ends_at FROM busy_intervals WHERE active AND role = 'advisor' "
    "AND ends_at > :start AND starts_at < :end ORDER BY person_id, starts_at",
    "SELECT staff_id FROM staff_languages WHERE language = :language",
)


async def run(url: str, label: str, runs: int, *, dense: bool) -> list[str]:
    engine = core.db.create_engine(url, pool_size=5)
    try:
        if dense:
            region = await common.build_region(
                engine,
                staff=STAFF,
                bookings=BOOKINGS,
                first=FIRST,
                days=14,
                hours=dense_region.three_patterns,
                buffer_minutes=0,
                dense=True,
            )
        else:
            region = await common.build_region(
                engine, staff=STAFF, bookings=BOOKINGS, first=FIRST, days=DAYS_OF_BOOKINGS
            )
        if url.startswith("postgresql"):
            await common.settle(url)
        return await _measure(engine, region, label, runs)
    finally:
        await engine.dispose()


async def _measure(engine, region: common.Region, label: str, runs: int) -> list[str]:  # type: ignore[no-untyped-def]
    maker = core.db.session_factory(engine, write=False)
    writer = core.db.session_factory(engine)
    rng = random.Random(3)

    def query() -> slots.SlotQuery:
        return slots.SlotQuery(
            service_id=region.service_id,
            municipality_code=rng.choice(["564", "615"]),
            language=rng.choice(common.LANGUAGES),
            channel=Channel.VIDEO.value,
            first=region.first,
            last=region.last,
        )

    async def search() -> None:
        async with maker() as session:
            result = await slots.search(session, query=query(), now=NOW, zone=ZONE)
        assert result.slots

    span = (
        datetime.fromisoformat("2027-01-03T22:00:00+00:00"),
        datetime.fromisoformat("2027-01-17T22:00:00+00:00"),
    )
    people = region.advisor_ids
    candidates = await _candidates(maker, region, span)

    async def read(how=busy.of) -> None:  # type: ignore[no-untyped-def]
        async with maker() as session:
            await how(session, people, span)

    async def plain() -> None:
        await read(busy.plain)

    def compute() -> None:
        slots.compute(
            candidates,
            duration=timedelta(minutes=45),
            buffer=timedelta(minutes=region.buffer),
            earliest=NOW,
            latest=NOW + timedelta(days=365),
        )

    async def computed() -> None:
        compute()

    params = {"start": span[0], "end": span[1], "language": "ar"}

    async def floor() -> None:
        async with maker() as session:
            for sql in FLOOR_SQL:
                (await session.execute(text(sql), params)).all()

    async def book_elsewhere() -> None:
        # Another process cancels or restores a session: one advisor's busy time changes.
        async with writer() as session:
            one = select(BusyInterval.id).where(BusyInterval.person_id == rng.choice(people))
            await session.execute(
                update(BusyInterval)
                .where(BusyInterval.id == one.limit(1).scalar_subquery())
                .values(active=~BusyInterval.active)
            )
            await session.commit()

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

    async def every_quarter() -> None:
        async with writer() as session:
            await session.execute(
                update(Service).where(Service.id == region.service_id).values(slot_step_minutes=15)
            )
            await session.commit()

    runtime.tune_gc()  # as the API process does after start-up
    cpu = {name: await _cpu(runs, work) for name, work in (("search", search), ("read", read))}
    cpu["computation"] = await _cpu(runs, computed)
    searched = await common.timed(runs, search)
    read_figures = await common.timed(runs, read)
    plain_figures = await common.timed(runs, plain)
    computed_figures = await common.timed(runs, computed)
    after_booking = await _timed_after(runs, book_elsewhere, read)
    floored = await common.timed(runs, floor)
    changed = await common.timed(max(10, runs // 4), after_a_change)
    await every_quarter()
    quarter = await common.timed(runs, search)
    ratio = common.percentile(searched, 0.95) / common.percentile(floored, 0.95)
    return [
        common.summary(f"{label}: slot search", searched),
        common.summary(f"{label}:   busy-time read", read_figures),
        common.summary(f"{label}:   busy read, plain query", plain_figures),
        common.summary(f"{label}:   busy read after a booking", after_booking),
        common.summary(f"{label}:   computation", computed_figures),
        common.summary(f"{label}: floor (plain queries)", floored),
        f"{label}: p95 search / p95 floor = {ratio:.2f}",
        common.summary(f"{label}: first search after a change", changed),
        common.summary(f"{label}: search, a slot every 15 min", quarter),
        f"{label}: CPU of this process per run (mean): "
        + ", ".join(f"{name} {ms:.2f} ms" for name, ms in cpu.items()),
    ]


async def _cpu(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    """This process's CPU milliseconds per run of ``work``: unlike wall time, hardly moved by
    the other tenants of a shared machine."""
    await work()
    started = time.process_time()
    for _ in range(runs):
        await work()
    return (time.process_time() - started) * 1000 / runs


async def _candidates(maker, region: common.Region, span):  # type: ignore[no-untyped-def]
    """The inputs ``compute`` gets in a search of all the region's advisors."""
    async with maker() as session:
        snapshot = await directory.current(session, since=span[0])
        taken = await busy.plain(session, region.advisor_ids, span)
    found = {}
    shared: dict[tuple, list] = {}  # as search shares them: by hours and organisation
    for person in snapshot.active(Role.ADVISOR):
        key = (person.hours, person.organisation_id)
        windows = shared.get(key) or shared.setdefault(
            key, list(snapshot.hours(person, first=region.first, last=region.last, channel="video"))
        )
        found[person.id] = slots.Candidate(windows, taken.get(person.id, []), "ar" in person.speaks)
    return found


async def _timed_after(runs: int, before, work) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds of ``work`` each time after ``before`` (not timed)."""
    figures = []
    for _ in range(runs):
        await before()
        started = time.perf_counter()
        await work()
        figures.append((time.perf_counter() - started) * 1000)
    return figures


async def main(runs: int) -> None:
    for dense in (False, True):
        where = "all inside the 14 days searched" if dense else f"over {DAYS_OF_BOOKINGS} days"
        print(
            f"Slot search, {'dense' if dense else 'spread'} region: {STAFF} advisors, 14 days, "
            f"{BOOKINGS} bookings {where}, {runs} runs each"
        )
        sqlite_url = await common.fresh_sqlite("/tmp/neuvo-bench.db")
        for line in await run(sqlite_url, "SQLite", runs, dense=dense):
            print(line)
        pg_url = await common.fresh_postgres("neuvo_bench")
        for line in await run(pg_url, "PostgreSQL", runs, dense=dense):
            print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    asyncio.run(main(parser.parse_args().runs))
