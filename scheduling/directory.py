"""The directory: what every slot search and booking reads and staff seldom change (services,
municipalities, agreements, staff with their roles, languages and opening hours, date
overrides, absences), held in memory per database and schedule version.

Every write to those tables gives the database a new schedule version (``schedule_versions``,
replaced by triggers in the writer's own transaction; migration 0008). A reader takes the
version first, in its own transaction, then the copy made at that version, or loads one. So it
sees what its own queries would have shown, its own uncommitted writes included: a copy can
only be newer than its version, never older. A version is a random token, never reused, so a
copy made inside a transaction that rolled back is never seen again.

Each copy also remembers, for every set of opening hours that people share, the windows it
expanded to over the dates and channel asked for: most of a network keeps the same few hours.
"""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import LanguageLevel, Role, StaffLanguage, StaffMember, StaffRole
from scheduling import availability, intervals
from scheduling.errors import UnknownReference
from scheduling.intervals import Interval
from scheduling.models import (
    Absence,
    Agreement,
    AgreementService,
    AvailabilityOverride,
    AvailabilityRule,
    Municipality,
    ScheduleVersion,
    Service,
)

# The tables whose every write changes the version (the triggers of migration 0008); the
# interpreters package keeps its own copies of its two by the same version.
TRACKED = (
    "municipalities",
    "organisations",
    "services",
    "agreements",
    "agreement_services",
    "staff",
    "staff_roles",
    "staff_languages",
    "availability_rules",
    "availability_overrides",
    "absences",
    "interpreter_profiles",
    "interpreter_languages",
)
SPEAKING_LEVELS = frozenset({LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.WORKING})
KEPT = 8  # copies kept per process (a few versions of a few databases)
EXPANSIONS_KEPT = 4096  # expanded opening hours kept per copy
# Absences and overrides are loaded from a day before the earliest time asked for (a local
# date reaches a day either side of its UTC date); a later question is covered by the same.
SLACK = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ServiceTerms:
    """A service as search and booking see it."""

    id: UUID
    organisation_id: UUID
    names: dict[str, str]
    duration_minutes: int
    buffer_minutes: int
    channels: tuple[str, ...]
    min_notice_minutes: int
    horizon_days: int
    reminder_minutes: tuple[int, ...]
    peer_guidance: bool
    active: bool
    slot_step_minutes: int | None = None  # None: duration plus buffer

    @property
    def step(self) -> timedelta:
        """How far apart slots start."""
        return timedelta(
            minutes=self.slot_step_minutes or self.duration_minutes + self.buffer_minutes
        )


@dataclass(frozen=True, slots=True)
class Cover:
    """An agreement: ``organisation_id`` serves residents of a municipality, these dates."""

    organisation_id: UUID
    valid_from: date
    valid_to: date | None
    services: frozenset[UUID]


@dataclass(frozen=True, slots=True)
class Person:
    """A staff member with what search needs: roles, spoken languages and hours."""

    id: UUID
    organisation_id: UUID
    email: str
    active: bool
    roles: frozenset[Role]
    speaks: frozenset[str]  # languages spoken at a working level or better
    hours: int  # people with the same rules and overrides share this number
    rules: tuple[availability.WeeklyRule, ...]
    overrides: tuple[availability.DateOverride, ...]
    absences: tuple[Interval, ...]  # normalised


@dataclass(slots=True)
class Snapshot:
    token: str
    since: datetime  # absences and overrides are complete from here on
    services: dict[UUID, ServiceTerms]
    municipalities: frozenset[str]
    covers: dict[str, tuple[Cover, ...]]  # by municipality code
    people: dict[UUID, Person]
    _expanded: OrderedDict[tuple[int, date, date, str | None], tuple[Interval, ...]] = field(
        default_factory=OrderedDict
    )

    def require_municipality(self, code: str, *, field: str) -> None:
        """Refuse a municipality code that is not on the list."""
        if code not in self.municipalities:
            raise UnknownReference(f"no municipality has the code {code!r}", field=field)

    def active(self, role: Role) -> list[Person]:
        """The active staff members who have ``role``."""
        return [p for p in self.people.values() if p.active and role in p.roles]

    def serving(
        self, municipality_code: str, service_id: UUID, first: date, last: date
    ) -> dict[UUID, list[tuple[date, date]]]:
        """For each organisation serving ``service_id`` to the municipality's residents on
        some of ``first``..``last``, the local date spans (inclusive) its agreements cover."""
        served: dict[UUID, list[tuple[date, date]]] = defaultdict(list)
        for cover in self.covers.get(municipality_code, ()):
            if service_id not in cover.services or cover.valid_from > last:
                continue
            if cover.valid_to is not None and cover.valid_to < first:
                continue
            served[cover.organisation_id].append(
                (max(cover.valid_from, first), min(cover.valid_to or last, last))
            )
        return served

    def hours(
        self, person: Person, *, first: date, last: date, channel: str | None
    ) -> tuple[Interval, ...]:
        """A person's opening hours as UTC windows on local ``first``..``last`` for
        ``channel`` (rules and overrides; absences are the caller's to take out)."""
        key = (person.hours, first, last, channel)
        found = self._expanded.get(key)
        if found is None:
            found = tuple(
                availability.expand(
                    person.rules, person.overrides, (), first=first, last=last, channel=channel
                )
            )
            self._expanded[key] = found
            if len(self._expanded) > EXPANSIONS_KEPT:
                self._expanded.popitem(last=False)
        return found


_copies: OrderedDict[str, Snapshot] = OrderedDict()  # by version (random: unique to a database)
_VERSION = select(ScheduleVersion.token).where(ScheduleVersion.id == 1)


async def version(session: AsyncSession) -> str:
    """The schedule version this transaction sees."""
    token = await (await session.connection()).scalar(_VERSION)
    assert token is not None, "schedule_versions has no row: run the migrations"
    return token


async def current(session: AsyncSession, *, since: datetime) -> Snapshot:
    """The directory as this transaction sees it, complete for times from ``since`` on."""
    token = await version(session)
    copy = _copies.get(token)
    if copy is None or copy.since > since:
        copy = await _load(session, token=token, since=since - SLACK)
        _copies[token] = copy
        while len(_copies) > KEPT:
            _copies.popitem(last=False)
    return copy


async def _load(session: AsyncSession, *, token: str, since: datetime) -> Snapshot:
    connection = await session.connection()
    services = {
        row.id: ServiceTerms(
            id=row.id,
            organisation_id=row.organisation_id,
            names=dict(row.names),
            duration_minutes=row.duration_minutes,
            buffer_minutes=row.buffer_minutes,
            channels=tuple(row.channels),
            min_notice_minutes=row.min_notice_minutes,
            horizon_days=row.horizon_days,
            reminder_minutes=tuple(row.reminder_minutes),
            peer_guidance=row.peer_guidance,
            active=row.active,
            slot_step_minutes=row.slot_step_minutes,
        )
        for row in await connection.execute(select(*Service.__table__.columns))
    }
    municipalities = frozenset(await connection.scalars(select(Municipality.code)))
    return Snapshot(
        token=token,
        since=since,
        services=services,
        municipalities=municipalities,
        covers=await _covers(session),
        people=await _people(session, since=since),
    )


async def _covers(session: AsyncSession) -> dict[str, tuple[Cover, ...]]:
    rows = await (await session.connection()).execute(
        select(
            Agreement.id,
            Agreement.organisation_id,
            Agreement.municipality_code,
            Agreement.valid_from,
            Agreement.valid_to,
            AgreementService.service_id,
        ).outerjoin(AgreementService, AgreementService.agreement_id == Agreement.id)
    )
    agreements: dict[UUID, tuple[UUID, str, date, date | None]] = {}
    services: dict[UUID, set[UUID]] = defaultdict(set)
    for agreement_id, organisation_id, code, valid_from, valid_to, service_id in rows:
        agreements[agreement_id] = (organisation_id, code, valid_from, valid_to)
        if service_id is not None:
            services[agreement_id].add(service_id)
    covers: dict[str, list[Cover]] = defaultdict(list)
    for agreement_id, (organisation_id, code, valid_from, valid_to) in agreements.items():
        covers[code].append(
            Cover(organisation_id, valid_from, valid_to, frozenset(services[agreement_id]))
        )
    return {code: tuple(found) for code, found in covers.items()}


async def _people(session: AsyncSession, *, since: datetime) -> dict[UUID, Person]:
    connection = await session.connection()
    roles: dict[UUID, set[Role]] = defaultdict(set)
    for staff_id, role in await connection.execute(select(StaffRole.staff_id, StaffRole.role)):
        roles[staff_id].add(Role(role))
    speaks: dict[UUID, set[str]] = defaultdict(set)
    for staff_id, language, level in await connection.execute(
        select(StaffLanguage.staff_id, StaffLanguage.language, StaffLanguage.level)
    ):
        if level in SPEAKING_LEVELS:
            speaks[staff_id].add(language)
    rules, overrides, absences = await _hours(session, since=since)
    shared: dict[tuple[object, ...], int] = {}
    people: dict[UUID, Person] = {}
    for staff_id, organisation_id, email, active in await connection.execute(
        select(StaffMember.id, StaffMember.organisation_id, StaffMember.email, StaffMember.active)
    ):
        own_rules = tuple(sorted(rules.get(staff_id, ()), key=_rule_order))
        own_overrides = tuple(sorted(overrides.get(staff_id, ()), key=_override_order))
        hours = shared.setdefault((own_rules, own_overrides), len(shared))
        people[staff_id] = Person(
            id=staff_id,
            organisation_id=organisation_id,
            email=email,
            active=active,
            roles=frozenset(roles.get(staff_id, ())),
            speaks=frozenset(speaks.get(staff_id, ())),
            hours=hours,
            rules=own_rules,
            overrides=own_overrides,
            absences=tuple(intervals.normalise(absences.get(staff_id, ()))),
        )
    return people


async def _hours(
    session: AsyncSession, *, since: datetime
) -> tuple[
    dict[UUID, list[availability.WeeklyRule]],
    dict[UUID, list[availability.DateOverride]],
    dict[UUID, list[Interval]],
]:
    connection = await session.connection()
    rules: dict[UUID, list[availability.WeeklyRule]] = defaultdict(list)
    for row in await connection.execute(
        select(
            AvailabilityRule.staff_id,
            AvailabilityRule.weekday,
            AvailabilityRule.starts,
            AvailabilityRule.ends,
            AvailabilityRule.timezone,
            AvailabilityRule.channels,
            AvailabilityRule.valid_from,
            AvailabilityRule.valid_to,
        )
    ):
        staff_id, weekday, starts, ends, zone, channels, valid_from, valid_to = row
        rules[staff_id].append(
            availability.WeeklyRule(
                weekday, starts, ends, zone, frozenset(channels), valid_from, valid_to
            )
        )
    overrides: dict[UUID, list[availability.DateOverride]] = defaultdict(list)
    for staff_id, day, zone, closed, starts, ends, channels in await connection.execute(
        select(
            AvailabilityOverride.staff_id,
            AvailabilityOverride.day,
            AvailabilityOverride.timezone,
            AvailabilityOverride.closed,
            AvailabilityOverride.starts,
            AvailabilityOverride.ends,
            AvailabilityOverride.channels,
        ).where(AvailabilityOverride.day >= since.date() - SLACK)
    ):
        overrides[staff_id].append(
            availability.DateOverride(day, zone, closed, starts, ends, frozenset(channels))
        )
    absences: dict[UUID, list[Interval]] = defaultdict(list)
    for staff_id, starts_at, ends_at in await connection.execute(
        select(Absence.staff_id, Absence.starts_at, Absence.ends_at).where(Absence.ends_at > since)
    ):
        absences[staff_id].append((starts_at, ends_at))
    return rules, overrides, absences


def _rule_order(rule: availability.WeeklyRule) -> tuple[object, ...]:
    """A total order, so that people with the same rules get the same tuple."""
    return (
        rule.weekday,
        rule.starts,
        rule.ends,
        rule.zone,
        sorted(rule.channels),
        rule.valid_from or date.min,
        rule.valid_to or date.max,
    )


def _override_order(override: availability.DateOverride) -> tuple[object, ...]:
    midnight = datetime.min.time()
    return (
        override.on,
        override.zone,
        override.closed,
        override.starts or midnight,
        override.ends or midnight,
        sorted(override.channels),
    )
