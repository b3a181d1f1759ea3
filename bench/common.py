"""Shared by the benchmarks: fresh databases, a synthetic region, percentiles."""

import asyncio
import random
import socket
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
from sqlalchemy import insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations
from access.models import StaffLanguage, StaffMember, StaffRole
from core import tokens
from scheduling.models import (
    Agreement,
    AgreementService,
    AvailabilityRule,
    Booking,
    BusyInterval,
    Client,
    Municipality,
    Organisation,
    Service,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
LANGUAGES = ("fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru")
MUNICIPALITIES = (
    ("564", "Oulu"),
    ("615", "Pudasjärvi"),
    ("244", "Kempele"),
    ("425", "Liminka"),
    ("139", "Ii"),
    ("494", "Muhos"),
)


def machine_speed() -> float:
    """Milliseconds of CPU for a fixed pure-Python loop, best of three: how fast this machine
    is at the moment (on these shared machines it varies by half from minute to minute)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.process_time() - started)
    return best * 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def fresh_postgres(name: str) -> str:
    """Drop and create database ``name``; return its async URL, migrated to head."""
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(PG_ADMIN).set(drivername="postgresql+asyncpg", database=name)
    text = url.render_as_string(hide_password=False)
    await asyncio.to_thread(migrations.upgrade, text)
    return text


async def settle(url: str) -> None:
    """VACUUM ANALYZE a freshly loaded PostgreSQL database, as autovacuum soon would in
    production: otherwise the planner guesses blind on tables it has never seen."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def fresh_sqlite(path: str) -> str:
    import pathlib

    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(path + suffix).unlink(missing_ok=True)
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(migrations.upgrade, url)
    return url


@dataclass
class Region:
    service_id: uuid.UUID
    advisor_ids: list[uuid.UUID]
    first: date
    last: date
    buffer: int = 15  # minutes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def timed(runs: int, work: Callable[[], Awaitable[Any]]) -> list[float]:
    """Milliseconds of each of ``runs`` runs of ``work``, after two warm-up runs."""
    for _ in range(2):
        await work()
    figures = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        figures.append((time.perf_counter() - started) * 1000)
    return figures


def summary(name: str, figures: list[float]) -> str:
    return (
        f"{name:<34} p50 {percentile(figures, 0.5):7.2f} ms   p95 "
        f"{percentile(figures, 0.95):7.2f} ms   mean {statistics.fmean(figures):7.2f} ms"
    )


Hours = Callable[[int], list[tuple[wall, wall]]]


def eight_to_four(_index: int) -> list[tuple[wall, wall]]:
    return [(wall(8), wall(16))]


async def build_region(
    engine: AsyncEngine,
    *,
    staff: int,
    bookings: int,
    first: date,
    days: int,
    seed: int = 7,
    hours: Hours = eight_to_four,
    buffer_minutes: int = 15,
    dense: bool = False,
) -> Region:
    """A region of ``staff`` advisors in five organisations serving six municipalities,
    working weekdays (08:00–16:00 unless ``hours`` says otherwise), with ``bookings``
    sessions spread over the weeks: on the hour, or with ``dense`` at any five minutes of
    the advisor's hours, overlapping ones merged into one busy interval (as after moves and
    cancellations)."""
    rng = random.Random(seed)
    orgs = [
        dict(
            id=uuid.uuid4(),
            name=f"Organisation {i}",
            kind="municipality",
            timezone="Europe/Helsinki",
            created_at=_now(),
        )
        for i in range(5)
    ]
    service_id = uuid.uuid4()
    advisors = [uuid.uuid4() for _ in range(staff)]
    async with engine.begin() as conn:
        await conn.execute(
            insert(Municipality),
            [dict(code=c, name_fi=n, name_sv=n, created_at=_now()) for c, n in MUNICIPALITIES],
        )
        await conn.execute(insert(Organisation), orgs)
        await conn.execute(
            insert(Service),
            [
                dict(
                    id=service_id,
                    organisation_id=orgs[0]["id"],
                    slug="guidance",
                    names={"fi": "Ohjaus ja neuvonta"},
                    duration_minutes=45,
                    buffer_minutes=buffer_minutes,
                    channels=["video", "phone"],
                    min_notice_minutes=0,
                    horizon_days=365,
                    peer_guidance=False,
                    active=True,
                    created_at=_now(),
                )
            ],
        )
        for org in orgs:
            for code, _ in MUNICIPALITIES:
                agreement_id = uuid.uuid4()
                await conn.execute(
                    insert(Agreement),
                    [
                        dict(
                            id=agreement_id,
                            organisation_id=org["id"],
                            municipality_code=code,
                            valid_from=date(2026, 1, 1),
                            created_at=_now(),
                        )
                    ],
                )
                await conn.execute(
                    insert(AgreementService),
                    [dict(agreement_id=agreement_id, service_id=service_id)],
                )
        await _staff(conn, rng, advisors, orgs, hours)
        if dense:
            from bench import dense_region

            await dense_region.bookings(
                conn, rng, advisors, service_id, orgs, count=bookings, first=first, hours=hours
            )
        else:
            await _bookings(
                conn, rng, advisors, service_id, orgs, count=bookings, first=first, days=days
            )
    return Region(service_id, advisors, first, first + timedelta(days=13), buffer_minutes)


def _now() -> datetime:
    return datetime.now(HELSINKI)


async def _staff(conn, rng, advisors, orgs, hours) -> None:  # type: ignore[no-untyped-def]
    await conn.execute(
        insert(StaffMember),
        [
            dict(
                id=a,
                organisation_id=orgs[i % len(orgs)]["id"],
                email=f"advisor{i}@bench.fi",
                display_name=f"Advisor {i}",
                active=True,
                is_platform_admin=False,
                timezone="Europe/Helsinki",
                created_at=_now(),
            )
            for i, a in enumerate(advisors)
        ],
    )
    await conn.execute(insert(StaffRole), [dict(staff_id=a, role="advisor") for a in advisors])
    await conn.execute(
        insert(StaffLanguage),
        [
            dict(staff_id=a, language=code, level="fluent")
            for a in advisors
            for code in {"fi", rng.choice(LANGUAGES), rng.choice(LANGUAGES)}
        ],
    )
    await conn.execute(
        insert(AvailabilityRule),
        [
            dict(
                id=uuid.uuid4(),
                staff_id=a,
                weekday=d,
                starts=starts,
                ends=ends,
                timezone="Europe/Helsinki",
                channels=["video", "phone"],
                created_at=_now(),
            )
            for i, a in enumerate(advisors)
            for d in range(5)
            for starts, ends in hours(i)
        ],
    )


async def _bookings(conn, rng, advisors, service_id, orgs, *, count, first, days) -> None:  # type: ignore[no-untyped-def]
    """Book ``count`` distinct (advisor, weekday slot) pairs over ``days`` days."""
    weekdays = [
        first + timedelta(days=d) for d in range(days) if (first + timedelta(days=d)).weekday() < 5
    ]
    taken: set[tuple[int, date, int]] = set()
    clients, rows, busy = [], [], []
    while len(taken) < count:
        key = (rng.randrange(len(advisors)), rng.choice(weekdays), rng.randrange(8))
        if key in taken:
            continue
        taken.add(key)
        index, day, hour = key
        start = datetime.combine(day, wall(8 + hour), HELSINKI).astimezone(UTC)
        client_id, booking_id = uuid.uuid4(), uuid.uuid4()
        clients.append(client_row(client_id))
        rows.append(
            booking_row(
                booking_id,
                service_id,
                client_id,
                advisors[index],
                orgs[index % len(orgs)]["id"],
                start,
                timedelta(minutes=45),
            )
        )
        busy.append(
            dict(
                id=uuid.uuid4(),
                booking_id=booking_id,
                person_id=advisors[index],
                role="advisor",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                active=True,
                created_at=_now(),
            )
        )
        busy.append(
            dict(
                id=uuid.uuid4(),
                booking_id=booking_id,
                person_id=client_id,
                role="client",
                starts_at=start,
                ends_at=start + timedelta(minutes=45),
                active=True,
                created_at=_now(),
            )
        )
    for chunk in range(0, count, 2000):
        await conn.execute(insert(Client), clients[chunk : chunk + 2000])
        await conn.execute(insert(Booking), rows[chunk : chunk + 2000])
        await conn.execute(insert(BusyInterval), busy[chunk * 2 : chunk * 2 + 4000])


def client_row(client_id: uuid.UUID) -> dict[str, Any]:
    return dict(
        id=client_id,
        preferred_language="ar",
        prefers_audio=False,
        home_municipality_code="564",
        created_at=_now(),
    )


def booking_row(
    booking_id: uuid.UUID,
    service_id: uuid.UUID,
    client_id: uuid.UUID,
    advisor_id: uuid.UUID,
    organisation_id: uuid.UUID,
    start: datetime,
    length: timedelta,
) -> dict[str, Any]:
    return dict(
        id=booking_id,
        service_id=service_id,
        client_id=client_id,
        advisor_id=advisor_id,
        organisation_id=organisation_id,
        municipality_code="564",
        channel="video",
        language="ar",
        own_language=False,
        starts_at=start,
        ends_at=start + length,
        status="confirmed",
        calendar_uid=f"{booking_id}@bench",
        sequence=0,
        client_token_salt="0" * 32,
        client_token_hash=tokens.hash_token(str(booking_id)),
        client_token_expires_at=start + timedelta(days=1),
        created_at=_now(),
        updated_at=_now(),
    )


async def until_healthy(client: httpx.AsyncClient, tries: int = 100) -> None:
    """Wait (up to ``tries`` tenths of a second) until a server just started answers /healthz."""
    for _ in range(tries):
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            await asyncio.sleep(0.1)
