"""Each staff member's availability: weekly rules, date overrides and absences, kept by the
person themselves or an admin of their organisation."""

from dataclasses import dataclass
from datetime import date, time
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.errors import StaffNotFound
from access.models import StaffMember
from scheduling import localtime
from scheduling.errors import InvalidValue, OpeningOverlaps
from scheduling.models import Absence, AvailabilityOverride, AvailabilityRule
from scheduling.schemas import AbsenceIn, OverrideIn, RuleIn


@dataclass(frozen=True, slots=True)
class Availability:
    rules: list[AvailabilityRule]
    overrides: list[AvailabilityOverride]
    absences: list[Absence]


async def _member(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> StaffMember:
    """The staff member whose calendar this is, if the actor may keep it."""
    member = await session.get(StaffMember, staff_id)
    hidden = StaffNotFound("no such staff member", staff_id=staff_id)
    if member is None:
        raise hidden
    if member.id != actor.staff_id:
        actor.require_manager(member.organisation_id, hidden=hidden)
    return member


async def get(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> Availability:
    """Return a staff member's rules, overrides and absences."""
    await _member(session, actor=actor, staff_id=staff_id)
    rules = await session.scalars(
        select(AvailabilityRule)
        .where(AvailabilityRule.staff_id == staff_id)
        .order_by(AvailabilityRule.weekday, AvailabilityRule.starts)
    )
    overrides = await session.scalars(
        select(AvailabilityOverride)
        .where(AvailabilityOverride.staff_id == staff_id)
        .order_by(AvailabilityOverride.day, AvailabilityOverride.starts)
    )
    absences = await session.scalars(
        select(Absence).where(Absence.staff_id == staff_id).order_by(Absence.starts_at)
    )
    return Availability(list(rules), list(overrides), list(absences))


async def replace_rules(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, rules: list[RuleIn]
) -> list[AvailabilityRule]:
    """Replace all weekly rules of a staff member (zone: the rule's, else the person's)."""
    member = await _member(session, actor=actor, staff_id=staff_id)
    await session.execute(delete(AvailabilityRule).where(AvailabilityRule.staff_id == staff_id))
    rows = [
        AvailabilityRule(
            staff_id=staff_id,
            weekday=rule.weekday,
            starts=rule.starts,
            ends=rule.ends,
            timezone=rule.timezone or member.timezone,
            channels=list(dict.fromkeys(channel.value for channel in rule.channels)),
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
        )
        for rule in rules
    ]
    session.add_all(rows)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="replace_rules",
        entity="staff",
        entity_id=staff_id,
        detail={"rules": len(rows)},
    )
    return rows


async def add_override(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, data: OverrideIn
) -> AvailabilityOverride:
    """Add a date override; its local times must exist on that day, exactly once (an offset
    given with one says which: only the first of a repeated hour can be kept)."""
    member = await _member(session, actor=actor, staff_id=staff_id)
    zone = data.timezone or member.timezone
    walls = {}
    for name in ("starts", "ends"):
        wall = getattr(data, name)
        if wall is not None:
            localtime.resolve_wall(data.day, wall, zone, field=name)
            walls[name] = wall.replace(tzinfo=None)  # what the offset meant, as a wall time
    if not data.closed:
        await _refuse_overlap(session, staff_id=staff_id, day=data.day, zone=zone, walls=walls)
    row = AvailabilityOverride(
        staff_id=staff_id,
        day=data.day,
        closed=data.closed,
        starts=walls.get("starts"),
        ends=walls.get("ends"),
        timezone=zone,
        channels=[channel.value for channel in data.channels],
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session, actor=actor, action="add_override", entity="staff", entity_id=staff_id
    )
    return row


async def _refuse_overlap(
    session: AsyncSession, *, staff_id: UUID, day: date, zone: str, walls: dict[str, time]
) -> None:
    """Refuse an extra opening that overlaps another one of the same person on that date
    (compared as instants, so openings kept in different zones compare rightly)."""
    starts = localtime.lenient(day, walls["starts"], zone)
    ends = localtime.lenient(day, walls["ends"], zone)
    others = await session.scalars(
        select(AvailabilityOverride).where(
            AvailabilityOverride.staff_id == staff_id,
            AvailabilityOverride.day == day,
            AvailabilityOverride.closed.is_(False),
        )
    )
    for other in others:
        if other.starts is None or other.ends is None:
            continue
        other_starts = localtime.lenient(other.day, other.starts, other.timezone)
        other_ends = localtime.lenient(other.day, other.ends, other.timezone)
        if starts < other_ends and other_starts < ends:
            raise OpeningOverlaps(
                f"the opening overlaps another opening on {day.isoformat()} "
                f"({other.starts:%H:%M}–{other.ends:%H:%M})",
                field="starts",
                override_id=other.id,
            )


async def add_absence(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, data: AbsenceIn
) -> Absence:
    """Add an absence; both ends must carry a UTC offset that is right for the person's zone."""
    member = await _member(session, actor=actor, staff_id=staff_id)
    starts_at = localtime.check_offset(data.starts_at, member.timezone, field="starts_at")
    ends_at = localtime.check_offset(data.ends_at, member.timezone, field="ends_at")
    if ends_at <= starts_at:
        raise InvalidValue("the absence ends before it starts", field="ends_at")
    row = Absence(staff_id=staff_id, starts_at=starts_at, ends_at=ends_at)
    session.add(row)
    await session.flush()
    await audit.record(
        session, actor=actor, action="add_absence", entity="staff", entity_id=staff_id
    )
    return row


async def remove(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, kind: str, item_id: UUID
) -> None:
    """Remove one override or absence of a staff member."""
    await _member(session, actor=actor, staff_id=staff_id)
    model = {"overrides": AvailabilityOverride, "absences": Absence}[kind]
    row = await session.get(model, item_id)
    if row is None or row.staff_id != staff_id:
        raise StaffNotFound(f"no such {kind[:-1]}", field="id")
    await session.delete(row)
    await session.flush()
    await audit.record(
        session, actor=actor, action=f"remove_{kind[:-1]}", entity="staff", entity_id=staff_id
    )
