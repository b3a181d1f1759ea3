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
from uuid import UUID

from sqlalchemy import and_, or_, select
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
    for advisor_id, candidate in candidates.items():
        busy = candidate.busy
        for start in intervals.cut(candidate.windows, length=length, step=length):
            if (
                start < earliest
                or start > latest
                or intervals.overlaps(busy, start, start + length)
            ):
                continue
            free[start].append(advisor_id)
            if candidate.speaks:
                speakers[start].append(advisor_id)
    return [
        Slot(start, start + duration, tuple(free[start]), tuple(speakers.get(start, ())))
        for start in sorted(free)
    ]


def validate_range(first: date, last: date) -> None:
    """Refuse a range that ends before it starts or spans more than ``MAX_DAYS`` days."""
    if last < first:
        raise InvalidValue("the end date is before the start date", field="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidValue(f"a search may span at most {MAX_DAYS} days", field="to")


async def search(
    session: AsyncSession, *, query: SlotQuery, now: datetime, zone: str
) -> SearchResult:
    """Return the free slots for ``query``, or none with the reason why."""
    validate_range(query.first, query.last)
    service = await _service(session, query)
    earliest = now + timedelta(minutes=service.min_notice_minutes)
    latest = now + timedelta(days=service.horizon_days)
    served = await _served_days(session, query, zone)
    if not served:
        return SearchResult(
            service, [], "no organisation serves this municipality for this service on these dates"
        )
    candidates = await _candidates(session, query, served, zone)
    if not candidates:
        return SearchResult(service, [], "no advisor of the serving organisations is available")
    slots = compute(
        candidates,
        duration=timedelta(minutes=service.duration_minutes),
        buffer=timedelta(minutes=service.buffer_minutes),
        earliest=earliest,
        latest=latest,
    )
    return SearchResult(service, slots, None if slots else "every time is taken in this range")


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
    rows = await session.execute(
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
    session: AsyncSession, query: SlotQuery, served: dict[UUID, list[Interval]], zone: str
) -> dict[UUID, Candidate]:
    advisors = dict(
        (
            await session.execute(
                select(StaffMember.id, StaffMember.organisation_id)
                .join(StaffRole, StaffRole.staff_id == StaffMember.id)
                .where(
                    StaffRole.role == Role.ADVISOR,
                    StaffMember.active.is_(True),
                    StaffMember.organisation_id.in_(list(served)),
                    *([StaffMember.id == query.staff_id] if query.staff_id else []),
                )
            )
        ).all()
    )
    if not advisors:
        return {}
    ids = list(advisors)
    start, end = (
        localtime.day_bounds(query.first, zone)[0],
        localtime.day_bounds(query.last, zone)[1],
    )
    rules, overrides, absences = await _schedules(session, ids, query, start, end)
    busy = await _busy(session, ids, start, end)
    speakers = set(
        await session.scalars(
            select(StaffLanguage.staff_id).where(
                StaffLanguage.staff_id.in_(ids),
                StaffLanguage.language == query.language,
                StaffLanguage.level.in_(SPEAKING_LEVELS),
            )
        )
    )
    candidates: dict[UUID, Candidate] = {}
    for advisor_id, organisation_id in advisors.items():
        windows = availability.expand(
            rules.get(advisor_id, ()),
            overrides.get(advisor_id, ()),
            absences.get(advisor_id, ()),
            first=query.first,
            last=query.last,
            channel=query.channel,
        )
        windows = intervals.intersect(windows, served[organisation_id])
        if windows:
            candidates[advisor_id] = Candidate(
                windows, busy.get(advisor_id, []), advisor_id in speakers
            )
    return candidates


async def _schedules(
    session: AsyncSession, ids: list[UUID], query: SlotQuery, start: datetime, end: datetime
) -> tuple[
    dict[UUID, list[availability.WeeklyRule]],
    dict[UUID, list[availability.DateOverride]],
    dict[UUID, list[Interval]],
]:
    rules: dict[UUID, list[availability.WeeklyRule]] = defaultdict(list)
    rule_rows = await session.execute(
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
    for staff_id, weekday, starts, ends, zone, channels, valid_from, valid_to in rule_rows:
        rules[staff_id].append(
            availability.WeeklyRule(
                weekday, starts, ends, zone, frozenset(channels), valid_from, valid_to
            )
        )
    overrides: dict[UUID, list[availability.DateOverride]] = defaultdict(list)
    override_rows = await session.execute(
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
    for staff_id, day, zone, closed, starts, ends, channels in override_rows:
        overrides[staff_id].append(
            availability.DateOverride(day, zone, closed, starts, ends, frozenset(channels))
        )
    absences: dict[UUID, list[Interval]] = defaultdict(list)
    absence_rows = await session.execute(
        select(Absence.staff_id, Absence.starts_at, Absence.ends_at).where(
            Absence.staff_id.in_(ids), Absence.ends_at > start, Absence.starts_at < end
        )
    )
    for staff_id, starts_at, ends_at in absence_rows:
        absences[staff_id].append((starts_at, ends_at))
    return rules, overrides, absences


async def _busy(
    session: AsyncSession, ids: list[UUID], start: datetime, end: datetime
) -> dict[UUID, list[Interval]]:
    rows = await session.execute(
        select(BusyInterval.person_id, BusyInterval.starts_at, BusyInterval.ends_at)
        .where(
            and_(
                BusyInterval.person_id.in_(ids),
                BusyInterval.active.is_(True),
                BusyInterval.ends_at > start,
                BusyInterval.starts_at < end,
            )
        )
        .order_by(BusyInterval.person_id, BusyInterval.starts_at)
    )
    busy: dict[UUID, list[Interval]] = defaultdict(list)
    for person_id, starts_at, ends_at in rows:
        busy[person_id].append((starts_at, ends_at))
    return {person: intervals.normalise(spans) for person, spans in busy.items()}
