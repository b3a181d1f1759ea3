"""Async engine and sessions: SQLite (WAL, foreign keys, BEGIN IMMEDIATE writes) or PostgreSQL."""

import hashlib
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import TextClause, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option telling the SQLite "begin" hook to take the write lock at once.
WRITE = "neuvo_write"
# A pooled connection that sat unused this long is pinged before it is handed out.
IDLE_PING_SECONDS = 5.0


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Create the engine for ``url`` with the settings each backend needs to stay correct.

    On PostgreSQL the pool holds at most ``pool_size`` connections and keeps them: more
    requests at once wait their turn, rather than open connections that close again (a new
    backend costs more than the wait)."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    engine = create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=0, pool_recycle=1800
    )
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a connection before use only when it sat unused for ``IDLE_PING_SECONDS``.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout, and asyncpg's ping is three round
    trips (BEGIN, a no-op, ROLLBACK): a fifth of a booking's statements. A connection in use
    all along has just shown it works; one that sat idle may have been cut by a restart of
    the database or by the network, and is replaced before anyone uses it.
    """
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.pop("returned_at", None)
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool discards it and hands out a new one
            raise DisconnectionError("an idle connection no longer answers") from exc


def _sqlite_engine(url: str, *, echo: bool) -> AsyncEngine:
    memory = make_url(url).database in (None, "", ":memory:")
    extra: dict[str, Any] = {"poolclass": StaticPool} if memory else {}
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **extra
    )
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see "begin").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the lock when it begins, so two writers queue instead of failing
        # half-way with "database is locked" after one has read stale data.
        immediate = connection.get_execution_options().get(WRITE, True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def session_factory(engine: AsyncEngine, *, write: bool = True) -> async_sessionmaker[AsyncSession]:
    """Return a session maker; ``write=False`` lets SQLite readers run beside a writer."""
    bind = engine if write else engine.execution_options(**{WRITE: False})
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=False)


async def flush_pending(session: AsyncSession) -> None:
    """Write what the session holds unwritten, before a plain insert that may refer to it."""
    if session.new or session.dirty or session.deleted:
        await session.flush()


@asynccontextmanager
async def transaction(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Open a session, commit when the block ends cleanly, roll back when it raises."""
    async with maker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


_LOCKS: dict[int, TextClause] = {}


async def lock(session: AsyncSession, keys: Iterable[str]) -> None:
    """Hold a lock on each of ``keys`` until the transaction ends, so that a check and the
    write it allows are one step for all who lock the same key.

    PostgreSQL: advisory transaction locks, taken in one statement in one global order (so
    that no two lockers deadlock). SQLite: nothing more to do, since a writing transaction
    holds the database's one write lock from its start (``BEGIN IMMEDIATE``)."""
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        return
    numbers = sorted({_lock_number(key) for key in keys})
    if not numbers:
        return
    statement = _LOCKS.get(len(numbers))
    if statement is None:  # PostgreSQL evaluates a select list from left to right
        calls = ", ".join(f"pg_advisory_xact_lock(:k{i})" for i in range(len(numbers)))
        statement = _LOCKS[len(numbers)] = text(f"SELECT {calls}")
    await connection.execute(statement, {f"k{i}": number for i, number in enumerate(numbers)})


def _lock_number(key: str) -> int:
    """The 64-bit advisory lock number of ``key`` (a hash: unrelated keys rarely share one)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
