"""Bookings: made by a client or by staff on the client's behalf, moved, cancelled, closed.

No person is ever in two active bookings that overlap: every booking records each person's
busy interval (``claims``). A booking is the hottest write path: the directory answers what it
can, and rows are written with plain inserts rather than the ORM's unit of work.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from core import tokens
from core.models import new_row
from notifications import links, templates
from notifications.models import MessageKind
from scheduling import (
    assignment,
    claims,
    clients,
    directory,
    limits,
    localtime,
    notices,
    references,
    short_codes,
    slots,
)
from scheduling.errors import (
    BookingTooSoon,
    ClientBusy,
    ClientNotFound,
    SlotReferenceInvalid,
    SlotUnavailable,
    UnknownReference,
)
from scheduling.models import Booking, BusyRole, Client, ReminderWay
from scheduling.references import SlotRef
from scheduling.schemas import ClientCreate

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
    interpreter_check: slots.InterpreterCheck | None = None
    # Whether a telephone connection can place calls (``Settings.voice_calls``): without one
    # no message goes by call. True keeps callers that do not know it as they were.
    voice: bool = True


async def book(
    session: AsyncSession,
    *,
    ref: SlotRef,
    actor: Actor | None,
    client_data: ClientCreate | None,
    client_id: UUID | None,
    context: Context,
    source_hash: str | None = None,
    reminder_by: ReminderWay | None = None,
) -> Booked:
    """Book the slot ``ref`` names for a new or known client, with the fairest free advisor
    (``reminder_by``: how the client chose to be reminded, if they chose)."""
    if actor is not None:
        actor.require(*clients.CLIENT_ROLES)
    snapshot = await directory_for(session, ref=ref, zone=context.zone)
    service = bookable_service(snapshot, ref=ref, now=context.now)
    events: list[dict[str, Any]] = []  # audit events, written together at the end
    if actor is None:  # the limits' counts and this booking, one at a time per key
        await limits.hold(session, data=client_data, source_hash=source_hash)
    client, new = await _client(
        session,
        ref=ref,
        actor=actor,
        data=client_data,
        client_id=client_id,
        snapshot=snapshot,
        events=events,
    )
    if actor is None:
        await limits.check(session, client=client, source_hash=source_hash, now=context.now)
    starts_at = ref.starts_at
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    if not new:  # a client made just now has no other session
        await _check_client_free(session, client_id=client.id, starts_at=starts_at, ends_at=ends_at)
    booking_id, salt = uuid4(), tokens.new_salt()
    token = client_token(context.secret, booking_id=booking_id, salt=salt)
    code_salt, code_hash = await short_codes.assign(
        session, secret=context.secret, booking_id=booking_id
    )
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
        "short_code_salt": code_salt,
        "short_code_hash": code_hash,
        "source_hash": source_hash,
        "reminder_by": reminder_by,
    }
    booking = await _place(
        session, fields=fields, service=service, ref=ref, context=context, snapshot=snapshot
    )
    events.append(
        audit.event(
            actor=actor,
            action="book",
            entity="booking",
            entity_id=booking.id,
            client_id=client.id,
            detail={"channel": booking.channel, "starts_at": starts_at.isoformat()},
        )
    )
    await audit.write(session, events)
    await notices.booking_changed(
        session,
        booking=booking,
        kind=MessageKind.CONFIRMATION,
        now=context.now,
        zone=context.zone,
        base_url=context.base_url,
        client=client,
        snapshot=snapshot,
        voice=context.voice,
    )
    return Booked(booking=booking, token=token)


async def directory_for(session: AsyncSession, *, ref: SlotRef, zone: str) -> directory.Snapshot:
    """The directory as this transaction sees it, complete for the day of ``ref``'s slot."""
    day = ref.starts_at.astimezone(ZoneInfo(zone)).date()
    return await directory.current(session, since=localtime.day_bounds(day, zone)[0])


def client_token(secret: str, *, booking_id: UUID, salt: str) -> str:
    """The token of a booking's client link, derived so that it never needs storing."""
    return links.client_token(secret, booking_id=booking_id, salt=salt)


def link_token(secret: str, booking: Booking) -> str:
    """The client link token of an existing booking."""
    return client_token(secret, booking_id=booking.id, salt=booking.client_token_salt)


async def _place(
    session: AsyncSession,
    *,
    fields: dict[str, Any],
    service: directory.ServiceTerms,
    ref: SlotRef,
    context: Context,
    snapshot: directory.Snapshot,
) -> Booking:
    """Give the booking the first free advisor that the database accepts; else 409."""
    slot, ordered = await _candidates(session, ref=ref, context=context, snapshot=snapshot)
    buffer = timedelta(minutes=service.buffer_minutes)
    for advisor_id in ordered:
        row = new_row(
            Booking,
            **fields,
            advisor_id=advisor_id,
            organisation_id=snapshot.people[advisor_id].organisation_id,
            own_language=advisor_id in slot.own_language,
        )
        if await _claim(session, row=row, buffer=buffer, new=True):
            return Booking(**row)
        await _check_client_free(
            session, client_id=row["client_id"], starts_at=row["starts_at"], ends_at=row["ends_at"]
        )
    raise await _unavailable(session, ref=ref, context=context)


async def replace(
    session: AsyncSession,
    *,
    booking: Booking,
    service: directory.ServiceTerms,
    ref: SlotRef,
    context: Context,
    snapshot: directory.Snapshot,
) -> None:
    """Put an existing booking (its time already released) at the slot ``ref`` names,
    keeping its advisor when they are free then."""
    ends_at = ref.starts_at + timedelta(minutes=service.duration_minutes)
    await _check_client_free(
        session, client_id=booking.client_id, starts_at=ref.starts_at, ends_at=ends_at
    )
    slot, ordered = await _candidates(session, ref=ref, context=context, snapshot=snapshot)
    ordered.sort(key=lambda advisor_id: advisor_id != booking.advisor_id)
    buffer = timedelta(minutes=service.buffer_minutes)
    for advisor_id in ordered:
        trial = {
            "id": booking.id,
            "advisor_id": advisor_id,
            "client_id": booking.client_id,
            "starts_at": ref.starts_at,
            "ends_at": ends_at,
        }
        if await _claim(session, row=trial, buffer=buffer, new=False):
            booking.advisor_id = advisor_id
            booking.organisation_id = snapshot.people[advisor_id].organisation_id
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
    session: AsyncSession, *, ref: SlotRef, context: Context, snapshot: directory.Snapshot
) -> tuple[slots.Slot, list[UUID]]:
    """The slot as a fresh search sees it, and its free advisors in the order they should
    get it."""
    slot = await _find_slot(session, ref=ref, context=context, snapshot=snapshot)
    if slot is None:
        raise await _unavailable(session, ref=ref, context=context)
    return slot, await assignment.order(session, slot=slot, zone=context.zone)


async def _unavailable(session: AsyncSession, *, ref: SlotRef, context: Context) -> SlotUnavailable:
    return SlotUnavailable(
        "that time is no longer free; here are the next free ones",
        next_slots=await next_slots(session, ref=ref, context=context),
    )


async def _claim(
    session: AsyncSession, *, row: dict[str, Any], buffer: timedelta, new: bool
) -> bool:
    """Record the advisor's and the client's busy time (and, when ``new``, the booking
    ``row``); False when either would overlap another active booking."""
    starts_at, ends_at = row["starts_at"], row["ends_at"]
    return await claims.take(
        session,
        booking_id=row["id"],
        booking_row=row if new else None,
        holds=[  # always the advisor first: racing claims then queue in one order
            claims.Hold(row["advisor_id"], BusyRole.ADVISOR, starts_at, ends_at + buffer),
            claims.Hold(row["client_id"], BusyRole.CLIENT, starts_at, ends_at),
        ],
    )


async def _check_client_free(
    session: AsyncSession, *, client_id: UUID, starts_at: datetime, ends_at: datetime
) -> None:
    if await claims.overlaps(session, client_id, starts_at, ends_at):
        raise ClientBusy("the client already has a session at that time")


async def _find_slot(
    session: AsyncSession, *, ref: SlotRef, context: Context, snapshot: directory.Snapshot
) -> slots.Slot | None:
    day = ref.starts_at.astimezone(ZoneInfo(context.zone)).date()
    result = await slots.search(
        session,
        query=_query(ref, day, day, at=ref.starts_at),
        now=context.now,
        zone=context.zone,
        interpreter_check=context.interpreter_check,
        snapshot=snapshot,
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
) -> list[dict[str, str | bool]]:
    """The next few free slots after ``ref``'s day, for a 409 answer to offer instead."""
    zone = ZoneInfo(context.zone)
    first = max(ref.starts_at, context.now).astimezone(zone).date()
    result = await slots.search(
        session,
        query=_query(ref, first, first + timedelta(days=13)),
        now=context.now,
        zone=context.zone,
        interpreter_check=context.interpreter_check,
    )
    found = [slot for slot in result.slots if slot.starts_at > ref.starts_at][:NEXT_SLOTS]
    return [
        {
            "starts_at": slot.starts_at.astimezone(zone).isoformat(),
            "ends_at": slot.ends_at.astimezone(zone).isoformat(),
            # As the SMS would write it, for the page to show and say.
            "label": templates.spoken_when(
                slot.starts_at, language=ref.language, zone=context.zone
            ).label,
            # As the slot search says it: an advisor who speaks the language, or an interpreter.
            "own_language": bool(slot.own_language),
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


def bookable_service(
    snapshot: directory.Snapshot, *, ref: SlotRef, now: datetime
) -> directory.ServiceTerms:
    """The service of ``ref``, if it can be booked at the slot's time now."""
    service = snapshot.services.get(ref.service_id)
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
    snapshot: directory.Snapshot,
    events: list[dict[str, Any]],
) -> tuple[Client, bool]:
    """The booking's client, and whether they were recorded just now.

    Details name a person by their phone number (or e-mail): the person's stored row is
    used, unchanged, so that their busy time protects them from double booking; the slot
    must fit the details given (the booking keeps its own municipality and language)."""
    if client_id is not None:
        if actor is None:
            raise ClientNotFound("no such client", field="client_id")
        client = await clients.get(session, actor=actor, client_id=client_id)
        new = False
        municipality = client.home_municipality_code
        languages = (client.preferred_language, client.second_language)
    elif data is not None:
        if data.home_municipality_code is None:
            data = data.model_copy(update={"home_municipality_code": ref.municipality_code})
        client, new = await clients.identify(
            session, actor=actor, data=data, snapshot=snapshot, events=events
        )
        municipality = data.home_municipality_code
        languages = (data.preferred_language, data.second_language)
    else:
        raise UnknownReference("give the client's details or a client id", field="client")
    if municipality != ref.municipality_code:
        raise SlotReferenceInvalid(
            "the slot was found for residents of another municipality", field="slot"
        )
    if ref.language not in languages:
        raise SlotReferenceInvalid("the slot was found for another language", field="slot")
    return client, new
