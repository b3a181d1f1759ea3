"""Busy time as search reads it: each staff member's merged busy intervals over a span, from
an in-memory copy per database that is brought up to date on every read, or by the plain
query where the copy cannot answer.

Every statement that writes busy time logs the staff members it touched, in the writer's own
transaction (``busy_changes``, triggers of migration 0012). A read takes the log's horizon
and the people changed since the copy's horizon, in one statement; reads those people again,
and any it has not held yet; and answers from the copy. On PostgreSQL the horizon is the
``xmin`` of the statement's snapshot: every transaction below it had ended, so any change the
copy could not have seen belongs to a transaction at or above it, and is in the log by the
time it is visible, whatever order transactions commit in. On SQLite writers are serialised,
so the log's ids follow commit order, and the horizon is the next id. Either way a read sees
every booking that committed before it began (and may see later ones); the booking's own
claim stays the judge of whether a time is free.

The copy holds only what committed: a transaction that has written anything (PostgreSQL: it
has a transaction id; SQLite: a writing session) reads by the plain query, which sees its own
writes. A copy is dropped when the log was pruned past its horizon, when the table was
truncated (a new epoch), or after an hour (so that old intervals do not pile up).
"""

import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Uuid,
    any_,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

import core.db
from scheduling import intervals
from scheduling.intervals import Interval
from scheduling.models import (
    BUSY_SPAN,
    BusyChange,
    BusyClock,
    BusyInterval,
    busy_during,
    busy_params,
)

KEPT = 4  # copies kept per process (one per database)
RELOAD_SECONDS = 3600.0  # a copy older than this is read again in full
SLACK = timedelta(days=1)  # a copy holds busy time from a day before the first span asked
FOREVER = datetime.fromisoformat("9999-01-01T00:00:00+00:00")
_NONE_SINCE = 2**62  # a horizon above every real one: "no changes wanted"


@dataclass(frozen=True, slots=True)
class _Held:
    """One person's merged busy intervals, with their ends apart for bisection."""

    spans: tuple[Interval, ...]
    starts: list[datetime]
    ends: list[datetime]

    def within(self, start: datetime, end: datetime) -> list[Interval]:
        low = bisect_right(self.ends, start)  # the first that ends after ``start``
        high = bisect_left(self.starts, end, low)  # the first that starts at ``end`` or later
        if low >= high:
            return []
        found = list(self.spans[low:high])
        if found[0][0] < start:
            found[0] = (start, found[0][1])
        if found[-1][1] > end:
            found[-1] = (found[-1][0], end)
        return found


_EMPTY = _Held((), [], [])


@dataclass(frozen=True, slots=True)
class _Copy:
    epoch: str
    horizon: int  # changes at or above this may be missing from ``people``
    since: datetime  # every interval ending after this is held
    loaded: float  # time.monotonic() of the full read this copy grew from
    people: dict[UUID, _Held]  # never changed once the copy is published


_copies: dict[str, _Copy] = {}  # by epoch (random: unique to a database)
_last: list[str] = []  # the epoch last read


async def of(
    session: AsyncSession, person_ids: list[UUID], span: Interval
) -> dict[UUID, list[Interval]]:
    """Each staff member's busy time within ``span``: merged, clipped to it; people with none
    are left out. The same as ``plain`` gives, at the speed of memory."""
    connection = await session.connection()
    if not person_ids:
        return {}
    postgres = connection.dialect.name == "postgresql"
    writer = connection.sync_connection.get_execution_options().get(core.db.WRITE, True)
    if not postgres and writer:
        return await plain(session, person_ids, span)
    clock = await _clock(connection, postgres, span[0])
    if clock is None:
        return await plain(session, person_ids, span)
    copy, changed = clock
    missing = [p for p in person_ids if p not in copy.people or p in changed]
    # Changed people not asked for now are dropped: the new horizon is past their change.
    stale = [p for p in changed if p in copy.people]
    if missing or stale:
        people = dict(copy.people)
        for person_id in stale:
            del people[person_id]
        for person_id in missing:
            people[person_id] = _EMPTY
        for person_id, spans in (await _read(connection, missing, copy.since)).items():
            people[person_id] = _hold(spans)
        copy = _Copy(copy.epoch, copy.horizon, copy.since, copy.loaded, people)
    _publish(copy)
    found: dict[UUID, list[Interval]] = {}
    start, end = span
    for person_id in person_ids:
        within = copy.people[person_id].within(start, end)
        if within:
            found[person_id] = within
    return found


async def _clock(
    connection: AsyncConnection, postgres: bool, first: datetime
) -> tuple[_Copy, set[UUID]] | None:
    """The copy to answer from, at the horizon of this statement, and who changed since the
    copy's own horizon (to be read again); None when only the plain query may answer."""
    # Most processes have one database: ask for the changes since its copy's horizon in the
    # same statement as the horizon itself.
    guess = _copies.get(_last[0]) if _last else None
    asked = guess.horizon if guess is not None else _NONE_SINCE
    if postgres:
        row = (await connection.execute(_PG_CLOCK, {"since": asked})).one()
        epoch, pruned_below, horizon, clean, changed_ids = row
        if not clean:
            return None
    else:
        epoch, pruned_below, horizon = (await connection.execute(_SQLITE_CLOCK)).one()
        changed_ids = None
    _last[:] = [epoch]
    copy = _copies.get(epoch)
    if (
        copy is None
        or copy.since > first
        or copy.horizon < pruned_below
        or time.monotonic() - copy.loaded > RELOAD_SECONDS
    ):
        return _Copy(epoch, horizon, first - SLACK, time.monotonic(), {}), set()
    # Changes from ``asked`` on hold every change from the copy's horizon on when ``asked`` is
    # no later; otherwise (another database's guess, or an older copy published since) ask.
    if not postgres or asked > copy.horizon:
        statement = _PG_CHANGED if postgres else _SQLITE_CHANGED
        changed_ids = (await connection.execute(statement, {"since": copy.horizon})).scalars()
    # The new horizon is this statement's: whatever the copy holds unchanged has no change
    # visible here, so any change it lacks was not yet visible, and is at or above it.
    return _Copy(epoch, horizon, copy.since, copy.loaded, copy.people), set(changed_ids or ())


def _publish(copy: _Copy) -> None:
    """Keep ``copy`` unless a copy of the same database at a later horizon is there already
    (two reads may finish out of order; either copy is right, the later one reads less)."""
    current = _copies.get(copy.epoch)
    if current is not None and current.horizon > copy.horizon:
        return
    _copies[copy.epoch] = copy
    while len(_copies) > KEPT:
        del _copies[next(iter(_copies))]


def _hold(spans: list[Interval]) -> _Held:
    merged = tuple(intervals.normalise(spans))
    return _Held(merged, [s for s, _ in merged], [e for _, e in merged])


async def _read(
    connection: AsyncConnection, person_ids: list[UUID], since: datetime
) -> dict[UUID, list[Interval]]:
    """Every active busy interval of these people that ends after ``since``."""
    rows = await connection.execute(
        _BUSY_OF[connection.dialect.name], {"ids": person_ids, **busy_params(since, FOREVER)}
    )
    found: dict[UUID, list[Interval]] = defaultdict(list)
    for person_id, starts_at, ends_at in rows.all():
        found[person_id].append((starts_at, ends_at))
    return found


async def plain(
    session: AsyncSession, person_ids: list[UUID], span: Interval
) -> dict[UUID, list[Interval]]:
    """Each person's busy time within ``span`` by the plain query: merged, clipped to it."""
    if not person_ids:
        return {}
    connection = await session.connection()
    rows = await connection.execute(
        _BUSY_OF[connection.dialect.name], {"ids": person_ids, **busy_params(*span)}
    )
    busy: dict[UUID, list[Interval]] = defaultdict(list)
    for person_id, starts_at, ends_at in rows.all():
        busy[person_id].append((starts_at, ends_at))
    return {person: _hold(spans).within(*span) for person, spans in busy.items() if spans}


async def prune(session: AsyncSession) -> int:
    """Delete the log's rows older than the previous prune's horizon (so every copy brought
    up to date since then keeps what it needs); return how many went."""
    connection = await session.connection()
    postgres = connection.dialect.name == "postgresql"
    horizon = _PG_HORIZON if postgres else _SQLITE_HORIZON
    below = await connection.scalar(
        update(BusyClock)
        .where(BusyClock.id == 1)
        .values(pruned_below=BusyClock.prune_mark, prune_mark=horizon)
        .returning(BusyClock.pruned_below)
    )
    key = BusyChange.xid if postgres else BusyChange.id
    result = await connection.execute(delete(BusyChange).where(key < below))
    return result.rowcount or 0


_PG_HORIZON = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", BigInteger)
_SQLITE_HORIZON = select(func.coalesce(func.max(BusyChange.id), 0) + 1).scalar_subquery()
_PG_CHANGED = select(BusyChange.person_id).where(BusyChange.xid >= bindparam("since")).distinct()
_SQLITE_CHANGED = select(BusyChange.person_id).where(BusyChange.id >= bindparam("since")).distinct()
_PG_CLOCK = select(
    BusyClock.epoch,
    BusyClock.pruned_below,
    _PG_HORIZON,
    literal_column("pg_current_xact_id_if_assigned() IS NULL"),
    select(postgresql.array_agg(BusyChange.person_id.distinct()))
    .where(BusyChange.xid >= bindparam("since"))
    .scalar_subquery(),
).where(BusyClock.id == 1)
_SQLITE_CLOCK = select(BusyClock.epoch, BusyClock.pruned_below, _SQLITE_HORIZON).where(
    BusyClock.id == 1
)
_BUSY_COLUMNS = select(BusyInterval.person_id, BusyInterval.starts_at, BusyInterval.ends_at)
_BUSY_ORDER = (BusyInterval.person_id, BusyInterval.starts_at)
# Who is named by one array parameter on PostgreSQL (one statement however many people), by
# a list elsewhere.
_BUSY_OF = {
    "postgresql": _BUSY_COLUMNS.where(
        BusyInterval.person_id == any_(bindparam("ids", type_=postgresql.ARRAY(Uuid))),
        *busy_during(*BUSY_SPAN),
    ).order_by(*_BUSY_ORDER),
    "sqlite": _BUSY_COLUMNS.where(
        BusyInterval.person_id.in_(bindparam("ids", expanding=True)), *busy_during(*BUSY_SPAN)
    ).order_by(*_BUSY_ORDER),
}
