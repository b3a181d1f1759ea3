"""Bookings: made by a client or by staff on the client's behalf, moved, cancelled, closed.

No person is ever in two active bookings that overlap: every booking records each person's
busy interval; on PostgreSQL an exclusion constraint refuses overlaps whatever the
concurrency, and on SQLite writes are serialised (``BEGIN IMMEDIATE``) and checked first.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core import tokens
from notifications import links
from notifications.models import MessageKind
from scheduling import assignment, audit, clients, notices, references, slots
from scheduling.actors import Actor
from scheduling.errors import (
    BookingTooSoon,
    ClientBusy,
    ClientNotFound,
    SlotReferenceInvalid,
    SlotUnavailable,
    TooManyActiveBookings,
    UnknownReference,
)
from scheduling.models import (
    Booking,
    BookingStatus,
    BusyInterval,
    BusyRole,
    Client,
    Service,
    StaffMember,
    busy_during,
)
from scheduling.references import SlotRef
from scheduling.schemas import ClientCreate

PUBLIC_ACTIVE_LIMIT = 3  # future bookings one phone number may hold through public booking
SOURCE_ACTIVE_LIMIT = 10  # ... and one network address
LINK_GRACE = timedelta(days=1)  # the client link works until a day after the session
NEXT_SLOTS = 5


@dataclass(frozen=True, slots=True)
class Booked:
    booking: Booking
    token: str  # the client link's token, shown once and never stored


@dataclass(frozen=True, slots=True)
class Context:
    """What every booking change needs besides the session: time, zone and the signing key."""

    now: datetime
    zone: str
    secret: str
    base_url: str = "http://127.0.0.1:8000"  # for the addresses in messages and invitations
    # Keeps a slot needing an interpreter only while one is free (given by the API layer).
    helpers: slots.HelperCheck | None = None


async def book(
    session: AsyncSession,
    *,
    ref: SlotRef,
    actor: Actor | None,
    client_data: ClientCreate | None,
    client_id: UUID | None,
    context: Context,
    source_hash: str | None = None,
) -> Booked:
    """Book the slot ``ref`` names for a new or known client, with the fairest free advisor."""
    if actor is not None:
        actor.require(*clients.CLIENT_ROLES)
    service = await bookable_service(session, ref=ref, now=context.now)
    client = await _client(session, ref=ref, actor=actor, data=client_data, client_id=client_id)
    if actor is None:
        await _check_public_limits(session, client=client, source_hash=source_hash, now=context.now)
    starts_at = ref.starts_at
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    await _check_client_free(session, client_id=client.id, starts_at=starts_at, ends_at=ends_at)
    booking_id, salt = uuid4(), tokens.new_salt()
    token = client_token(context.secret, booking_id=booking_id, salt=salt)
    fields = {
        "id": booking_id,
        "service_id": service.id,
        "client_id": client.id,
        "municipality_code": ref.municipality_code,
        "channel": ref.channel,
        "language": ref.language,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "created_by_staff_id": actor.staff_id if actor else None,
        "calendar_uid": f"{booking_id}@neuvo",
        "client_token_salt": salt,
        "client_token_hash": tokens.hash_token(token),
        "client_token_expires_at": ends_at + LINK_GRACE,
        "source_hash": source_hash,
    }
    booking = await _place(session, fields=fields, service=service, ref=ref, context=context)
    await audit.record(
        session,
        actor=actor,
        action="book",
        entity="booking",
        entity_id=booking.id,
        client_id=client.id,
        detail={"channel": booking.channel, "starts_at": starts_at.isoformat()},
    )
    await notices.booking_changed(
        session,
        booking=booking,
        kind=MessageKind.CONFIRMATION,
        now=context.now,
        zone=context.zone,
        base_url=context.base_url,
    )
    return Booked(booking=booking, token=token)


def client_token(secret: str, *, booking_id: UUID, salt: str) -> str:
    """The token of a booking's client link, derived so that it never needs storing."""
    return links.client_token(secret, booking_id=booking_id, salt=salt)


def link_token(secret: str, booking: Booking) -> str:
    """The client link token of an existing booking."""
    return client_token(secret, booking_id=booking.id, salt=booking.client_token_salt)


async def _place(
    session: AsyncSession,
    *,
    fields: dict[str, object],
    service: Service,
    ref: SlotRef,
    context: Context,
) -> Booking:
    """Give the booking the first free advisor that the database accepts; else 409."""
    slot, ordered = await _candidates(session, ref=ref, context=context)
    for advisor_id, organisation_id in ordered:
        booking = Booking(
            **fields,
            advisor_id=advisor_id,
            organisation_id=organisation_id,
            own_language=advisor_id in slot.own_language,
        )
        if await _claim(session, booking=booking, buffer=service.buffer_minutes, new=True):
            return booking
        await _check_client_free(
            session,
            client_id=booking.client_id,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
        )
    raise await _unavailable(session, ref=ref, context=context)


async def replace(
    session: AsyncSession, *, booking: Booking, service: Service, ref: SlotRef, context: Context
) -> None:
    """Put an existing booking (its time already released) at the slot ``ref`` names,
    keeping its advisor when they are free then."""
    ends_at = ref.starts_at + timedelta(minutes=service.duration_minutes)
    await _check_client_free(
        session, client_id=booking.client_id, starts_at=ref.starts_at, ends_at=ends_at
    )
    slot, ordered = await _candidates(session, ref=ref, context=context)
    ordered.sort(key=lambda pair: pair[0] != booking.advisor_id)
    for advisor_id, organisation_id in ordered:
        trial = Booking(
            id=booking.id,
            advisor_id=advisor_id,
            client_id=booking.client_id,
            starts_at=ref.starts_at,
            ends_at=ends_at,
        )
        if await _claim(session, booking=trial, buffer=service.buffer_minutes, new=False):
            booking.advisor_id, booking.organisation_id = advisor_id, organisation_id
            booking.own_language = advisor_id in slot.own_language
            booking.starts_at, booking.ends_at, booking.channel = (
                ref.starts_at,
                ends_at,
                ref.channel,
            )
            booking.client_token_expires_at = ends_at + LINK_GRACE
            return
    raise await _unavailable(session, ref=ref, context=context)


async def _candidates(
    session: AsyncSession, *, ref: SlotRef, context: Context
) -> tuple[slots.Slot, list[tuple[UUID, UUID]]]:
    """The slot as a fresh search sees it, and its free advisors (with their organisation)
    in the order they should get it."""
    slot = await _find_slot(session, ref=ref, context=context)
    if slot is None:
        raise await _unavailable(session, ref=ref, context=context)
    ordered = await assignment.order(session, slot=slot, zone=context.zone)
    organisations = dict(
        (
            await session.execute(
                select(StaffMember.id, StaffMember.organisation_id).where(
                    StaffMember.id.in_(ordered)
                )
            )
        ).all()
    )
    return slot, [(advisor_id, organisations[advisor_id]) for advisor_id in ordered]


async def _unavailable(session: AsyncSession, *, ref: SlotRef, context: Context) -> SlotUnavailable:
    return SlotUnavailable(
        "that time is no longer free; here are the next free ones",
        next_slots=await next_slots(session, ref=ref, context=context),
    )


async def _claim(session: AsyncSession, *, booking: Booking, buffer: int, new: bool) -> bool:
    """Record the advisor's and the client's busy time (and a new booking) in a savepoint;
    False when either would overlap another active booking."""
    advisor_end = booking.ends_at + timedelta(minutes=buffer)
    await _queue_for(session, booking.advisor_id)
    try:
        async with session.begin_nested():
            if await _overlaps(session, booking.advisor_id, booking.starts_at, advisor_end):
                return False
            if new:
                session.add(booking)
                await session.flush()
            session.add_all(
                [
                    BusyInterval(
                        booking_id=booking.id,
                        person_id=booking.advisor_id,
                        role=BusyRole.ADVISOR,
                        starts_at=booking.starts_at,
                        ends_at=advisor_end,
                    ),
                    BusyInterval(
                        booking_id=booking.id,
                        person_id=booking.client_id,
                        role=BusyRole.CLIENT,
                        starts_at=booking.starts_at,
                        ends_at=booking.ends_at,
                    ),
                ]
            )
            await session.flush()
    except DBAPIError as exc:
        if not _is_overlap(exc):
            raise
        return False
    return True


async def _queue_for(session: AsyncSession, person_id: UUID) -> None:
    """On PostgreSQL, make writers for one advisor take turns until their transaction ends.

    Without it two transactions inserting overlapping intervals each find the other's
    uncommitted row in the exclusion constraint's index and wait for each other: a deadlock
    that PostgreSQL breaks by failing one of them. Queued, the later one sees the committed
    row and steps aside. SQLite serialises every writer already.
    """
    if session.bind.dialect.name == "postgresql":
        key = int.from_bytes(person_id.bytes[:8], "big", signed=True)
        await session.execute(select(func.pg_advisory_xact_lock(key)))


# 23P01: the exclusion constraint refused an overlap. 40P01: a deadlock between overlapping
# writers (left possible when one client races two bookings at once); the victim steps aside.
OVERLAP_STATES = frozenset({"23P01", "40P01"})


def _is_overlap(exc: DBAPIError) -> bool:
    """Tell whether the database refused the interval because another one overlaps it."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in OVERLAP_STATES or "busy_intervals_no_overlap" in str(exc.orig)


async def _overlaps(
    session: AsyncSession, person_id: UUID, starts_at: datetime, ends_at: datetime
) -> bool:
    query = select(BusyInterval.id).where(
        BusyInterval.person_id == person_id, *busy_during(starts_at, ends_at)
    )
    return await session.scalar(query.limit(1)) is not None


async def _check_client_free(
    session: AsyncSession, *, client_id: UUID, starts_at: datetime, ends_at: datetime
) -> None:
    if await _overlaps(session, client_id, starts_at, ends_at):
        raise ClientBusy("the client already has a session at that time")


async def _find_slot(session: AsyncSession, *, ref: SlotRef, context: Context) -> slots.Slot | None:
    day = ref.starts_at.astimezone(ZoneInfo(context.zone)).date()
    result = await slots.search(
        session,
        query=_query(ref, day, day, at=ref.starts_at),
        now=context.now,
        zone=context.zone,
        helpers=context.helpers,
    )
    return next((slot for slot in result.slots if slot.starts_at == ref.starts_at), None)


def _query(ref: SlotRef, first: date, last: date, at: datetime | None = None) -> slots.SlotQuery:
    return slots.SlotQuery(
        service_id=ref.service_id,
        municipality_code=ref.municipality_code,
        language=ref.language,
        channel=ref.channel,
        first=first,
        last=last,
        staff_id=ref.staff_id,
        at=at,
    )


async def next_slots(
    session: AsyncSession, *, ref: SlotRef, context: Context
) -> list[dict[str, str]]:
    """The next few free slots after ``ref``'s day, for a 409 answer to offer instead."""
    zone = ZoneInfo(context.zone)
    first = max(ref.starts_at, context.now).astimezone(zone).date()
    result = await slots.search(
        session,
        query=_query(ref, first, first + timedelta(days=13)),
        now=context.now,
        zone=context.zone,
        helpers=context.helpers,
    )
    found = [slot for slot in result.slots if slot.starts_at > ref.starts_at][:NEXT_SLOTS]
    return [
        {
            "starts_at": slot.starts_at.astimezone(zone).isoformat(),
            "ends_at": slot.ends_at.astimezone(zone).isoformat(),
            "slot": references.encode(
                context.secret,
                SlotRef(
                    ref.service_id,
                    ref.municipality_code,
                    ref.language,
                    ref.channel,
                    slot.starts_at,
                    ref.staff_id,
                ),
            ),
        }
        for slot in found
    ]


async def bookable_service(session: AsyncSession, *, ref: SlotRef, now: datetime) -> Service:
    service = await session.get(Service, ref.service_id)
    if service is None or not service.active:
        raise UnknownReference("the service of this slot is no longer offered", field="slot")
    if ref.channel not in service.channels:
        raise SlotReferenceInvalid("the slot's channel is not offered", field="slot")
    if ref.starts_at <= now:
        raise BookingTooSoon("that time has already passed", field="slot")
    if ref.starts_at < now + timedelta(minutes=service.min_notice_minutes):
        hours = service.min_notice_minutes / 60
        raise BookingTooSoon(f"this service is booked at least {hours:g} hours ahead", field="slot")
    if ref.starts_at > now + timedelta(days=service.horizon_days):
        raise BookingTooSoon(
            f"this service is booked at most {service.horizon_days} days ahead", field="slot"
        )
    return service


async def _client(
    session: AsyncSession,
    *,
    ref: SlotRef,
    actor: Actor | None,
    data: ClientCreate | None,
    client_id: UUID | None,
) -> Client:
    if client_id is not None:
        if actor is None:
            raise ClientNotFound("no such client", field="client_id")
        client = await clients.get(session, actor=actor, client_id=client_id)
    elif data is not None:
        if data.home_municipality_code is None:
            data = data.model_copy(update={"home_municipality_code": ref.municipality_code})
        # The same phone (or e-mail) is the same client, so that their busy time protects
        # them from double booking; what a public caller sends never changes a stored client.
        known = await clients.find_for_booking(session, data=data) if actor is None else None
        client = known or await clients.create(session, actor=actor, data=data)
    else:
        raise UnknownReference("give the client's details or a client id", field="client")
    if client.home_municipality_code != ref.municipality_code:
        raise SlotReferenceInvalid(
            "the slot was found for residents of another municipality", field="slot"
        )
    if ref.language not in (client.preferred_language, client.second_language):
        raise SlotReferenceInvalid("the slot was found for another language", field="slot")
    return client


async def _check_public_limits(
    session: AsyncSession, *, client: Client, source_hash: str | None, now: datetime
) -> None:
    active = (
        select(func.count())
        .select_from(Booking)
        .where(Booking.status == BookingStatus.CONFIRMED, Booking.ends_at > now)
    )
    if client.phone_e164:
        held = await session.scalar(
            active.join(Client, Client.id == Booking.client_id).where(
                Client.phone_e164 == client.phone_e164
            )
        )
        if (held or 0) >= PUBLIC_ACTIVE_LIMIT:
            raise TooManyActiveBookings(
                f"this phone number already holds {PUBLIC_ACTIVE_LIMIT} coming sessions; "
                "cancel one or call the guidance service",
                field="client.phone",
            )
    if source_hash:
        held = await session.scalar(active.where(Booking.source_hash == source_hash))
        if (held or 0) >= SOURCE_ACTIVE_LIMIT:
            raise TooManyActiveBookings("too many coming sessions were booked from here")


async def release(session: AsyncSession, *, booking_id: UUID) -> None:
    """Free every person's time in a booking (on cancel, and before a move re-places it)."""
    await session.execute(
        update(BusyInterval).where(BusyInterval.booking_id == booking_id).values(active=False)
    )
