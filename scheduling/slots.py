"""Slot search: the times any advisor of the network can serve a client from a municipality.

Candidates are the advisors of organisations whose cooperation agreement covers the client's
municipality and the service on that date. Each advisor's weekly rules expand per local date
(see ``availability``), lose their busy time, and are cut into slots of the service's length
plus buffer; the pools of all advisors merge by start. Loading is a handful of plain queries;
``compute`` is pure, so it can be tested and benchmarked alone.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol
from uuid import UUID

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling import availability, intervals, localtime
from scheduling.errors import InvalidValue, UnknownReference
from scheduling.intervals import Interval
from scheduling.models import (
    Absence,
    Agreement,
    AgreementService,
    AvailabilityOverride,
    AvailabilityRule,
    BusyInterval,
    LanguageLevel,
    Municipality,
    Role,
    Service,
    StaffLanguage,
    StaffMember,
    StaffRole,
    busy_during,
)

MAX_DAYS = 62
SPEAKING_LEVELS = (LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.WORKING)


@dataclass(frozen=True, slots=True)
class SlotQuery:
    service_id: UUID
    municipality_code: str
    language: str
    channel: str
    first: date
    last: date
    staff_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    advisors: tuple[UUID, ...]
    own_language: tuple[UUID, ...]  # the free advisors who speak the client's language
    helpers: tuple[UUID, ...] = ()  # free interpreters who could join, best first


@dataclass(slots=True)
class Candidate:
    """One advisor's inputs to ``compute``: open windows, busy time, and their language."""

    windows: list[Interval]
    busy: list[Interval] = field(default_factory=list)
    speaks: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    service: Service
    slots: list[Slot]
    reason: str | None = None  # why there are none, in plain words


def compute(
    candidates: dict[UUID, Candidate],
    *,
    duration: timedelta,
    buffer: timedelta,
    earliest: datetime,
    latest: datetime,
) -> list[Slot]:
    """Cut every candidate's free windows into slots and merge them by start time."""
    length = duration + buffer
    free: dict[datetime, list[UUID]] = defaultdict(list)
    speakers: dict[datetime, list[UUID]] = defaultdict(list)
    grids: dict[tuple[Interval, ...], list[datetime]] = {}  # most advisors share their hours
    for advisor_id, candidate in candidates.items():
        key = tuple(candidate.windows)
        starts = grids.get(key)
        if starts is None:
            starts = grids[key] = [
                start
                for start in intervals.cut(key, length=length, step=length)
                if earliest <= start <= latest
            ]
        for start in _free_starts(starts, candidate.busy, length):
            free[start].append(advisor_id)
            if candidate.speaks:
                speakers[start].append(advisor_id)
    return [
        Slot(start, start + duration, tuple(free[start]), tuple(speakers.get(start, ())))
        for start in sorted(free)
    ]


def _free_starts(starts: list[datetime], busy: list[Interval], length: timedelta) -> list[datetime]:
    """The sorted ``starts`` whose ``[start, start + length)`` misses every interval of the
    sorted, non-overlapping ``busy``: one linear sweep over both lists."""
    if not busy:
        return starts
    found: list[datetime] = []
    index, count = 0, len(busy)
    for start in starts:
        while index < count and busy[index][1] <= start:
            index += 1
        if index < count and busy[index][0] < start + length:
            continue
        found.append(start)
    return found


class HelperCheck(Protocol):
    """Keeps only the slots needing an interpreter for which one is free (and says who),
    given by a higher layer: scheduling knows nothing of interpreters."""

    async def __call__(
        self, session: AsyncSession, query: SlotQuery, found: list[Slot], zone: str
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
    helpers: HelperCheck | None = None,
) -> SearchResult:
    """Return the free slots for ``query``, or none with the reason why. With ``helpers``, a
    slot that needs an interpreter stays only while one is free then."""
    validate_range(query.first, query.last)
    service = await _service(session, query)
    earliest = now + timedelta(minutes=service.min_notice_minutes)
    latest = now + timedelta(days=service.horizon_days)
    served = await _served_days(session, query, zone)
    if not served:
        return SearchResult(
            service, [], "no organisation serves this municipality for this service on these dates"
        )
    # Peer guidance is given by peer counsellors in the client's own language, never through
    # an interpreter; every other service by advisors, with one where needed.
    peer = service.peer_guidance
    candidates = await _candidates(
        session,
        query,
        served,
        zone,
        role=Role.PEER_COUNSELLOR if peer else Role.ADVISOR,
        speakers_only=peer,
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
    )
    if slots and helpers is not None and not peer:
        slots = await helpers(session, query, slots, zone)
        if not slots:
            return SearchResult(
                service, [], f"no interpreter of {query.language} is free when an advisor is"
            )
    return SearchResult(service, slots, None if slots else "every time is taken in this range")


async def windows_of(
    session: AsyncSession, staff_ids: list[UUID], query: SlotQuery, zone: str
) -> dict[UUID, Candidate]:
    """The open windows and busy time of any staff members (interpreters, say) over the
    query's dates and channel, without agreements: they serve wherever they are asked."""
    if not staff_ids:
        return {}
    ids = select(StaffMember.id).where(StaffMember.id.in_(staff_ids))
    start, end = (
        localtime.day_bounds(query.first, zone)[0],
        localtime.day_bounds(query.last, zone)[1],
    )
    rules, overrides, absences = await _schedules(session, ids, query, start, end)
    busy = await _busy(session, ids, start, end)
    found: dict[UUID, Candidate] = {}
    # People with the same hours share one expansion (most have the same few).
    expanded: dict[tuple[object, ...], list[Interval]] = {}
    for staff_id in staff_ids:
        key = (tuple(rules.get(staff_id, ())), tuple(overrides.get(staff_id, ())))
        windows = expanded.get(key)
        if windows is None:
            windows = expanded[key] = availability.expand(
                key[0], key[1], (), first=query.first, last=query.last, channel=query.channel
            )
        if staff_id in absences:
            windows = intervals.subtract(windows, absences[staff_id])
        if windows:
            found[staff_id] = Candidate(windows, busy.get(staff_id, []))
    return found


async def _service(session: AsyncSession, query: SlotQuery) -> Service:
    service = await session.get(Service, query.service_id)
    if service is None or not service.active:
        raise UnknownReference("no such service", field="service_id")
    if await session.get(Municipality, query.municipality_code) is None:
        raise UnknownReference(
            f"no municipality has the code {query.municipality_code!r}", field="municipality"
        )
    if query.channel not in service.channels:
        allowed = ", ".join(service.channels)
        raise InvalidValue(f"this service is offered by {allowed} only", field="channel")
    return service


async def _served_days(
    session: AsyncSession, query: SlotQuery, zone: str
) -> dict[UUID, list[Interval]]:
    """For each serving organisation, the UTC spans of the days its agreements cover."""
    rows = await (await session.connection()).execute(
        select(Agreement.organisation_id, Agreement.valid_from, Agreement.valid_to)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .where(
            Agreement.municipality_code == query.municipality_code,
            AgreementService.service_id == query.service_id,
            Agreement.valid_from <= query.last,
            or_(Agreement.valid_to.is_(None), Agreement.valid_to >= query.first),
        )
    )
    served: dict[UUID, list[Interval]] = defaultdict(list)
    for organisation_id, valid_from, valid_to in rows:
        first = max(valid_from, query.first)
        last = min(valid_to or query.last, query.last)
        served[organisation_id].append(
            (localtime.day_bounds(first, zone)[0], localtime.day_bounds(last, zone)[1])
        )
    return {org: intervals.normalise(spans) for org, spans in served.items()}


async def _candidates(
    session: AsyncSession,
    query: SlotQuery,
    served: dict[UUID, list[Interval]],
    zone: str,
    *,
    role: Role = Role.ADVISOR,
    speakers_only: bool = False,
) -> dict[UUID, Candidate]:
    connection = await session.connection()
    chosen = (
        select(StaffMember.id, StaffMember.organisation_id)
        .join(StaffRole, StaffRole.staff_id == StaffMember.id)
        .where(
            StaffRole.role == role,
            StaffMember.active.is_(True),
            StaffMember.organisation_id.in_(list(served)),
            *([StaffMember.id == query.staff_id] if query.staff_id else []),
        )
    )
    advisors = dict((await connection.execute(chosen)).all())
    if not advisors:
        return {}
    # The later queries name the advisors by this subquery, not by hundreds of parameters.
    ids = chosen.with_only_columns(StaffMember.id)
    start, end = (
        localtime.day_bounds(query.first, zone)[0],
        localtime.day_bounds(query.last, zone)[1],
    )
    rules, overrides, absences = await _schedules(session, ids, query, start, end)
    busy = await _busy(session, ids, start, end)
    speakers = set(
        await connection.scalars(
            select(StaffLanguage.staff_id).where(
                StaffLanguage.staff_id.in_(ids),
                StaffLanguage.language == query.language,
                StaffLanguage.level.in_(SPEAKING_LEVELS),
            )
        )
    )
    candidates: dict[UUID, Candidate] = {}
    # Advisors with the same rules in the same organisation share one expansion.
    expanded: dict[tuple[object, ...], list[Interval]] = {}
    for advisor_id, organisation_id in advisors.items():
        if speakers_only and advisor_id not in speakers:
            continue
        key = (
            tuple(rules.get(advisor_id, ())),
            tuple(overrides.get(advisor_id, ())),
            organisation_id,
        )
        windows = expanded.get(key)
        if windows is None:
            windows = expanded[key] = intervals.intersect(
                availability.expand(
                    key[0], key[1], (), first=query.first, last=query.last, channel=query.channel
                ),
                served[organisation_id],
            )
        if advisor_id in absences:
            windows = intervals.subtract(windows, absences[advisor_id])
        if windows:
            candidates[advisor_id] = Candidate(
                windows, busy.get(advisor_id, []), advisor_id in speakers
            )
    return candidates


async def _schedules(
    session: AsyncSession,
    ids: Select[tuple[UUID]],
    query: SlotQuery,
    start: datetime,
    end: datetime,
) -> tuple[
    dict[UUID, list[availability.WeeklyRule]],
    dict[UUID, list[availability.DateOverride]],
    dict[UUID, list[Interval]],
]:
    rules: dict[UUID, list[availability.WeeklyRule]] = defaultdict(list)
    rule_rows = await (await session.connection()).execute(
        select(
            AvailabilityRule.staff_id,
            AvailabilityRule.weekday,
            AvailabilityRule.starts,
            AvailabilityRule.ends,
            AvailabilityRule.timezone,
            AvailabilityRule.channels,
            AvailabilityRule.valid_from,
            AvailabilityRule.valid_to,
        ).where(
            AvailabilityRule.staff_id.in_(ids),
            or_(AvailabilityRule.valid_from.is_(None), AvailabilityRule.valid_from <= query.last),
            or_(AvailabilityRule.valid_to.is_(None), AvailabilityRule.valid_to >= query.first),
        )
    )
    for staff_id, weekday, starts, ends, zone, channels, valid_from, valid_to in rule_rows.all():
        rules[staff_id].append(
            availability.WeeklyRule(
                weekday, starts, ends, zone, frozenset(channels), valid_from, valid_to
            )
        )
    overrides: dict[UUID, list[availability.DateOverride]] = defaultdict(list)
    override_rows = await (await session.connection()).execute(
        select(
            AvailabilityOverride.staff_id,
            AvailabilityOverride.day,
            AvailabilityOverride.timezone,
            AvailabilityOverride.closed,
            AvailabilityOverride.starts,
            AvailabilityOverride.ends,
            AvailabilityOverride.channels,
        ).where(
            AvailabilityOverride.staff_id.in_(ids),
            AvailabilityOverride.day.between(query.first, query.last),
        )
    )
    for staff_id, day, zone, closed, starts, ends, channels in override_rows.all():
        overrides[staff_id].append(
            availability.DateOverride(day, zone, closed, starts, ends, frozenset(channels))
        )
    absences: dict[UUID, list[Interval]] = defaultdict(list)
    absence_rows = await (await session.connection()).execute(
        select(Absence.staff_id, Absence.starts_at, Absence.ends_at).where(
            Absence.staff_id.in_(ids), Absence.ends_at > start, Absence.starts_at < end
        )
    )
    for staff_id, starts_at, ends_at in absence_rows.all():
        absences[staff_id].append((starts_at, ends_at))
    return rules, overrides, absences


async def _busy(
    session: AsyncSession, ids: Select[tuple[UUID]], start: datetime, end: datetime
) -> dict[UUID, list[Interval]]:
    rows = await (await session.connection()).execute(
        select(BusyInterval.person_id, BusyInterval.starts_at, BusyInterval.ends_at)
        .where(and_(BusyInterval.person_id.in_(ids), *busy_during(start, end)))
        .order_by(BusyInterval.person_id, BusyInterval.starts_at)
    )
    busy: dict[UUID, list[Interval]] = defaultdict(list)
    for person_id, starts_at, ends_at in rows.all():
        busy[person_id].append((starts_at, ends_at))
    return {person: intervals.normalise(spans) for person, spans in busy.items()}
