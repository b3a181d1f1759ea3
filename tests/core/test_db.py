"""Engines: SQLite in WAL with BEGIN IMMEDIATE writers; PostgreSQL pinging idle connections."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core import db


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    async with db.transaction(db.session_factory(engine)) as session:
        await session.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        await session.execute(text("INSERT INTO counter VALUES (1, 0)"))
    yield engine
    await engine.dispose()


async def count(engine: AsyncEngine, *, write: bool = True) -> int:
    async with db.transaction(db.session_factory(engine, write=write)) as session:
        return (await session.execute(text("SELECT n FROM counter WHERE id = 1"))).scalar_one()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("foreign_keys", 1), ("busy_timeout", db.SQLITE_BUSY_TIMEOUT_MS)],
)
async def test_sqlite_connections_are_configured(sqlite_engine: AsyncEngine, pragma, expected):
    async with sqlite_engine.connect() as connection:
        assert (await connection.exec_driver_sql(f"PRAGMA {pragma}")).scalar() == expected


async def test_sqlite_enforces_foreign_keys(sqlite_engine: AsyncEngine):
    maker = db.session_factory(sqlite_engine)
    async with db.transaction(maker) as session:
        await session.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        await session.execute(text("CREATE TABLE child (parent_id REFERENCES parent (id))"))
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        async with db.transaction(maker) as session:
            await session.execute(text("INSERT INTO child VALUES (42)"))


async def test_concurrent_read_modify_write_loses_nothing_on_sqlite(sqlite_engine: AsyncEngine):
    maker = db.session_factory(sqlite_engine)

    async def increment() -> None:
        async with db.transaction(maker) as session:
            seen = (await session.execute(text("SELECT n FROM counter WHERE id = 1"))).scalar_one()
            await asyncio.sleep(0.01)  # give the other writers every chance to interleave
            await session.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": seen + 1})

    await asyncio.gather(*(increment() for _ in range(10)))
    assert await count(sqlite_engine) == 10


async def test_sqlite_reader_runs_beside_an_open_writer(sqlite_engine: AsyncEngine):
    async with db.transaction(db.session_factory(sqlite_engine)) as writer:
        await writer.execute(text("UPDATE counter SET n = 99 WHERE id = 1"))
        # Well inside the busy timeout: a reader that queued behind the writer would fail here.
        assert await asyncio.wait_for(count(sqlite_engine, write=False), timeout=5) == 0
    assert await count(sqlite_engine, write=False) == 99


async def test_transaction_rolls_back_when_the_block_raises(sqlite_engine: AsyncEngine):
    with pytest.raises(RuntimeError):
        async with db.transaction(db.session_factory(sqlite_engine)) as session:
            await session.execute(text("UPDATE counter SET n = 7 WHERE id = 1"))
            raise RuntimeError
    assert await count(sqlite_engine) == 0


async def _backend(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def test_postgres_connection_cut_while_idle_is_replaced_before_use(
    engine: AsyncEngine, database_url: str, monkeypatch
):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL engine only")
    own = db.create_engine(database_url, pool_size=1)
    try:
        first = await _backend(own)
        async with engine.connect() as other:  # as a restart of the database would
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # it has been idle long enough
        assert await _backend(own) != first
    finally:
        await own.dispose()


async def test_postgres_connection_in_steady_use_is_not_pinged(
    engine: AsyncEngine, database_url: str, monkeypatch
):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL engine only")
    own = db.create_engine(database_url, pool_size=1)
    pings = []
    real = own.sync_engine.dialect.do_ping
    monkeypatch.setattr(own.sync_engine.dialect, "do_ping", lambda c: pings.append(c) or real(c))
    try:
        backends = {await _backend(own) for _ in range(5)}
        assert len(backends) == 1 and pings == []
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)
        await _backend(own)
        assert len(pings) == 1
    finally:
        await own.dispose()


async def test_postgres_pool_keeps_its_connections_through_a_burst(
    engine: AsyncEngine, database_url: str
):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL engine only")
    own = db.create_engine(database_url, pool_size=2)
    busiest = 0

    async def work() -> int:
        nonlocal busiest
        async with own.connect() as connection:
            busiest = max(busiest, own.pool.checkedout())
            await asyncio.sleep(0.02)
            return (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    try:
        backends = set(await asyncio.gather(*(work() for _ in range(8))))
        again = set(await asyncio.gather(*(work() for _ in range(8))))
        assert busiest == 2 and len(backends) == 2 and again == backends
    finally:
        await own.dispose()
