"""The joint slot search on PostgreSQL: a region of 300 advisors (20,000 bookings) and 200
interpreters (each with 10 sessions of their own) over 14 days; the client speaks a language
no advisor speaks ("kmr"), so every slot must find a free matching interpreter.

Run: ``make bench`` or ``.venv/bin/python -m bench.joint_search [--runs 50]``.
"""

import argparse
import asyncio
import random
import uuid
from datetime import UTC, datetime

from sqlalchemy import insert, text

import core.db
from access.models import StaffLanguage, StaffMember, StaffRole
from bench import common
from bench.slot_search import BOOKINGS, DAYS_OF_BOOKINGS, FIRST, STAFF, ZONE
from core import runtime
from interpreters.models import InterpreterLanguage, InterpreterProfile
from interpreters.search import JointCheck
from scheduling import slots
from scheduling.models import AvailabilityRule, BusyInterval, Channel

INTERPRETERS = 200
LANGUAGE = "kmr"  # Kurmanji: in no advisor's list (bench.common.LANGUAGES)


async def _interpreters(engine, organisation_id, rng) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    people = [uuid.uuid4() for _ in range(INTERPRETERS)]
    profiles = [uuid.uuid4() for _ in people]
    async with engine.begin() as conn:
        await conn.execute(
            insert(StaffMember),
            [
                dict(
                    id=p,
                    organisation_id=organisation_id,
                    email=f"interpreter{i}@bench.fi",
                    display_name=f"Interpreter {i}",
                    active=True,
                    is_platform_admin=False,
                    timezone=ZONE,
                    created_at=now,
                )
                for i, p in enumerate(people)
            ],
        )
        await conn.execute(
            insert(StaffRole), [dict(staff_id=p, role="interpreter") for p in people]
        )
        await conn.execute(
            insert(StaffLanguage), [dict(staff_id=p, language="fi", level="fluent") for p in people]
        )
        await conn.execute(
            insert(InterpreterProfile),
            [
                dict(
                    id=profile,
                    staff_id=p,
                    kind="interpreter",
                    into_languages=["fi"] + (["en"] if i % 2 else []),
                    modes=["phone", "video"],
                    regions=[],
                    qualifications=[],
                    freelance=bool(i % 3),
                    created_at=now,
                    updated_at=now,
                )
                for i, (p, profile) in enumerate(zip(people, profiles, strict=True))
            ],
        )
        # A quarter speak the client's language (with a dialect for some); all speak another.
        await conn.execute(
            insert(InterpreterLanguage),
            [
                dict(
                    id=uuid.uuid4(),
                    profile_id=profile,
                    language=code,
                    dialect=dialect,
                    created_at=now,
                )
                for i, profile in enumerate(profiles)
                for code, dialect in (
                    [(LANGUAGE, "TR" if i % 8 == 0 else None)] if i % 4 == 0 else []
                )
                + [(rng.choice(["ar", "so", "prs", "ckb"]), None)]
            ],
        )
        await conn.execute(
            insert(AvailabilityRule),
            [
                dict(
                    id=uuid.uuid4(),
                    staff_id=p,
                    weekday=d,
                    starts=common.wall(8),
                    ends=common.wall(16),
                    timezone=ZONE,
                    channels=["video", "phone"],
                    created_at=now,
                )
                for p in people
                for d in range(5)
            ],
        )
        # Ten sessions each, on existing bookings' times (so the exclusion constraint holds).
        booked = (await conn.execute(text("SELECT id, starts_at, ends_at FROM bookings"))).all()
        rows = []
        for p in people:
            for booking_id, starts_at, ends_at in rng.sample(booked, 40):
                if any(
                    r["starts_at"] < ends_at and starts_at < r["ends_at"]
                    for r in rows
                    if r["person_id"] == p
                ):
                    continue
                rows.append(
                    dict(
                        id=uuid.uuid4(),
                        booking_id=booking_id,
                        person_id=p,
                        role="interpreter",
                        starts_at=starts_at,
                        ends_at=ends_at,
                        active=True,
                        created_at=now,
                    )
                )
                if sum(1 for r in rows if r["person_id"] == p) == 10:
                    break
        await conn.execute(insert(BusyInterval), rows)


async def main(runs: int = 50) -> None:
    url = await common.fresh_postgres("neuvo_joint")
    engine = core.db.create_engine(url, pool_size=5)
    try:
        region = await common.build_region(
            engine, staff=STAFF, bookings=BOOKINGS, first=FIRST, days=DAYS_OF_BOOKINGS
        )
        async with engine.connect() as conn:
            organisation_id = (
                await conn.exec_driver_sql("SELECT id FROM organisations LIMIT 1")
            ).scalar()
        rng = random.Random(5)
        await _interpreters(engine, organisation_id, rng)
        await common.settle(url)
        maker = core.db.session_factory(engine, write=False)
        now = datetime.fromisoformat("2027-01-01T08:00:00+00:00")
        check = JointCheck()
        counts: list[int] = []

        async def search() -> None:
            query = slots.SlotQuery(
                service_id=region.service_id,
                municipality_code=rng.choice(["564", "615"]),
                language=LANGUAGE,
                channel=Channel.VIDEO.value,
                first=region.first,
                last=region.last,
            )
            async with maker() as session:
                result = await slots.search(
                    session, query=query, now=now, zone=ZONE, interpreter_check=check
                )
            assert result.slots and all(slot.interpreters for slot in result.slots)
            counts.append(len(result.slots))

        runtime.tune_gc()
        searched = await common.timed(runs, search)
        print(
            common.summary(
                "PostgreSQL: joint slot search (300 advisors, 200 interpreters)", searched
            )
        )
        print(f"  slots found per search: {min(counts)}–{max(counts)}; target p95 ≤ 80 ms")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    asyncio.run(main(parser.parse_args().runs))
