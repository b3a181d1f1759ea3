"""Slot search: the times any advisor of the network can serve a client from a municipality.

Candidates are the advisors of organisations whose cooperation agreement covers the client's
municipality and the service on that date. Each advisor's weekly rules expand per local date
(see ``availability``) and are cut into slots of the service's length plus buffer, starting
every ``slot_step_minutes`` (back to back when the service sets none); a slot stays for each
advisor whose busy time misses it, and the pools of all advisors merge by start. Who serves,
and when they are open, comes from the in-memory ``directory`` at the version this
transaction sees; busy time from ``busy`` (in memory, brought up to date on every search), or
for a booking's re-check of one slot by the plain query in its own transaction. ``compute``
is pure, so it can be tested and benchmarked alone.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from scheduling import busy, directory, intervals, localtime
from scheduling.errors import InvalidValue, UnknownReference
from scheduling.intervals import Interval

MAX_DAYS = 62
BusyRead = Callable[[AsyncSession, list[UUID], Interval], Awaitable[dict[UUID, list[Interval]]]]


@dataclass(frozen=True, slots=True)
class SlotQuery:
    service_id: UUID
    municipality_code: str
    language: str
    channel: str
    first: date
    last: date
    staff_id: UUID | None = None
    # Only the slot that starts at this instant (a booking's re-check): busy time is then
    # read for that slot alone.
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    advisors: tuple[UUID, ...]
    own_language: tuple[UUID, ...]  # the free advisors who speak the client's language
    interpreters: tuple[UUID, ...] = ()  # free interpreters who could join, best first


@dataclass(slots=True)
class Candidate:
    """One advisor's inputs to ``compute``: open windows, busy time, and their language."""

    windows: list[Interval]
    busy: list[Interval] = field(default_factory=list)
    speaks: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    service: directory.ServiceTerms
    slots: list[Slot]
    reason: str | None = None  # why there are none, in plain words


def compute(
    candidates: dict[UUID, Candidate],
    *,
    duration: timedelta,
    buffer: timedelta,
    earliest: datetime,
    latest: datetime,
    step: timedelta | None = None,
) -> list[Slot]:
    """Cut every candidate's free windows into slots (every ``step``, back to back unless
    given) and merge them by start time, advisors in the order of ``candidates``."""
    length = duration + buffer
    at: dict[datetime, tuple[list[UUID], list[UUID]]] = {}  # who is free, who speaks, by start
    grids: dict[int, _Grid] = {}  # by the windows list: advisors of shared hours share it
    for advisor_id, candidate in candidates.items():
        windows = candidate.windows
        grid = grids.get(id(windows))
        if grid is None:
            starts = [
                start
                for start in intervals.cut(windows, length=length, step=step or length)
                if earliest <= start <= latest
            ]
            grid = grids[id(windows)] = _Grid(windows, starts, length, at)
        grid.add(advisor_id, candidate.busy, candidate.speaks)
    return [
        Slot(start, start + duration, tuple(free), tuple(speakers))
        for start, (free, speakers) in sorted(at.items())
        if free
    ]


class _Grid:
    """The slot starts of one set of windows, each with the lists of who is free then (shared
    with every grid that has the same start, so advisors stay in the order they came)."""

    __slots__ = ("ends", "free", "speakers", "starts", "windows")

    def __init__(
        self,
        windows: list[Interval],
        starts: list[datetime],
        length: timedelta,
        at: dict[datetime, tuple[list[UUID], list[UUID]]],
    ):
        self.windows = windows  # held, so that its id is not reused while the grid lives
        self.starts = starts
        self.ends = [start + length for start in starts]
        lists = [at.get(start) or at.setdefault(start, ([], [])) for start in starts]
        self.free = [free for free, _ in lists]
        self.speakers = [speakers for _, speakers in lists]

    def add(self, advisor_id: UUID, busy: list[Interval], speaks: bool) -> None:
        """Add the advisor to every start whose slot misses all of the sorted ``busy``: each
        busy interval blocks the slots that end after it starts and start before it ends,
        found by bisection, so the walk is per busy interval, not per start."""
        starts, ends = self.starts, self.ends
        count, position = len(starts), 0
        open_ranges = []
        for busy_start, busy_end in busy:
            blocked = bisect_right(ends, busy_start, position)
            if blocked >= count:
                break
            if blocked > position:
                open_ranges.append(range(position, blocked))
            position = bisect_left(starts, busy_end, blocked)
        if position < count:
            open_ranges.append(range(position, count))
        for found in (self.free, self.speakers) if speaks else (self.free,):
            for slots in open_ranges:
                for slot in slots:
                    found[slot].append(advisor_id)


class InterpreterCheck(Protocol):
    """Keeps only the slots needing an interpreter for which one is free (and says who),
    given by a higher layer: scheduling knows nothing of interpreters."""

    async def __call__(
        self,
        session: AsyncSession,
        query: SlotQuery,
        found: list[Slot],
        zone: str,
        snapshot: directory.Snapshot,
    ) -> list[Slot]: ...


def validate_range(first: date, last: date) -> None:
    """Refuse a range that ends before it starts or spans more than ``MAX_DAYS`` days."""
    if last < first:
        raise InvalidValue("the end date is before the start date", field="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidValue(f"a search may span at most {MAX_DAYS} days", field="to")


async def search(
    session: AsyncSession,
    *,
    query: SlotQuery,
    now: datetime,
    zone: str,
    interpreter_check: InterpreterCheck | None = None,
    snapshot: directory.Snapshot | None = None,
) -> SearchResult:
    """Return the free slots for ``query``, or none with the reason why. With
    ``interpreter_check``, a slot that needs an interpreter stays only while one is free then.
    ``snapshot``: the directory, when the caller has it already for the query's first day."""
    validate_range(query.first, query.last)
    span = _span(query, zone)  # where busy time matters
    if snapshot is None:
        snapshot = await directory.current(session, since=span[0])
    service = _service(snapshot, query)
    earliest = now + timedelta(minutes=service.min_notice_minutes)
    latest = now + timedelta(days=service.horizon_days)
    length = timedelta(minutes=service.duration_minutes + service.buffer_minutes)
    # A booking's re-check reads busy time for its one slot, in its own transaction.
    read = busy.of
    if query.at is not None:
        read = busy.plain
        earliest, latest = max(earliest, query.at), min(latest, query.at)
        span = (query.at, query.at + length)
    served = _served_days(snapshot, query, zone)
    if not served:
        return SearchResult(
            service, [], "no organisation serves this municipality for this service on these dates"
        )
    # Peer guidance is given by peer counsellors in the client's own language, never through
    # an interpreter; every other service by advisors, with one where needed.
    peer = service.peer_guidance
    candidates = await _candidates(
        session,
        snapshot,
        query,
        served,
        span,
        role=Role.PEER_COUNSELLOR if peer else Role.ADVISOR,
        speakers_only=peer,
        read=read,
    )
    if not candidates:
        if peer:
            reason = f"no peer counsellor of the serving organisations speaks {query.language}"
            return SearchResult(service, [], reason)
        return SearchResult(service, [], "no advisor of the serving organisations is available")
    slots = compute(
        candidates,
        duration=timedelta(minutes=service.duration_minutes),
        buffer=timedelta(minutes=service.buffer_minutes),
        earliest=earliest,
        latest=latest,
        step=service.step,
    )
    if slots and interpreter_check is not None and not peer:
        slots = await interpreter_check(session, query, slots, zone, snapshot)
        if not slots:
            return SearchResult(
                service, [], f"no interpreter of {query.language} is free when an advisor is"
            )
    return SearchResult(service, slots, None if slots else "every time is taken in this range")


async def windows_of(
    session: AsyncSession,
    staff_ids: list[UUID],
    query: SlotQuery,
    zone: str,
    snapshot: directory.Snapshot | None = None,
) -> dict[UUID, Candidate]:
    """The open windows and busy time of any staff members (interpreters, say) over the
    query's dates and channel, without agreements: they serve wherever they are asked."""
    if not staff_ids:
        return {}
    span = _span(query, zone)
    if snapshot is None:
        snapshot = await directory.current(session, since=span[0])
    people = [snapshot.people[staff_id] for staff_id in staff_ids if staff_id in snapshot.people]
    if not people:
        return {}
    taken = await busy.of(session, [person.id for person in people], span)
    found: dict[UUID, Candidate] = {}
    for person in people:
        windows: Sequence[Interval] = snapshot.hours(
            person, first=query.first, last=query.last, channel=query.channel
        )
        if person.absences:
            windows = intervals.subtract(windows, person.absences)
        if windows:
            found[person.id] = Candidate(list(windows), taken.get(person.id, []))
    return found


def _span(query: SlotQuery, zone: str) -> Interval:
    """The UTC span of the query's local dates."""
    return localtime.day_bounds(query.first, zone)[0], localtime.day_bounds(query.last, zone)[1]


def _service(snapshot: directory.Snapshot, query: SlotQuery) -> directory.ServiceTerms:
    service = snapshot.services.get(query.service_id)
    if service is None or not service.active:
        raise UnknownReference("no such service", field="service_id")
    snapshot.require_municipality(query.municipality_code, field="municipality")
    if query.channel not in service.channels:
        allowed = ", ".join(service.channels)
        raise InvalidValue(f"this service is offered by {allowed} only", field="channel")
    return service


def _served_days(
    snapshot: directory.Snapshot, query: SlotQuery, zone: str
) -> dict[UUID, list[Interval]]:
    """For each serving organisation, the UTC spans of the days its agreements cover."""
    served = snapshot.serving(query.municipality_code, query.service_id, query.first, query.last)
    return {
        organisation_id: intervals.normalise(
            (localtime.day_bounds(first, zone)[0], localtime.day_bounds(last, zone)[1])
            for first, last in spans
        )
        for organisation_id, spans in served.items()
    }


async def _candidates(
    session: AsyncSession,
    snapshot: directory.Snapshot,
    query: SlotQuery,
    served: dict[UUID, list[Interval]],
    span: Interval,
    *,
    role: Role = Role.ADVISOR,
    speakers_only: bool = False,
    read: BusyRead = busy.of,
) -> dict[UUID, Candidate]:
    people = [
        person
        for person in snapshot.active(role)
        if person.organisation_id in served
        and (query.staff_id is None or person.id == query.staff_id)
        and (not speakers_only or query.language in person.speaks)
    ]
    if not people:
        return {}
    taken = await read(session, [person.id for person in people], span)
    candidates: dict[UUID, Candidate] = {}
    # Advisors with the same hours whose organisations serve the same days share one
    # intersection (and so one grid of starts in ``compute``).
    same_days: dict[tuple[Interval, ...], int] = {}
    served_as = {
        organisation_id: same_days.setdefault(tuple(days), len(same_days))
        for organisation_id, days in served.items()
    }
    served_hours: dict[tuple[int, int], list[Interval]] = {}
    for person in people:
        key = (person.hours, served_as[person.organisation_id])
        windows = served_hours.get(key)
        if windows is None:
            windows = served_hours[key] = intervals.intersect(
                snapshot.hours(person, first=query.first, last=query.last, channel=query.channel),
                served[person.organisation_id],
            )
        if person.absences:
            windows = intervals.subtract(windows, person.absences)
        if windows:
            candidates[person.id] = Candidate(
                windows, taken.get(person.id, []), query.language in person.speaks
            )
    return candidates
