"""Phone sessions in the day view: what the advisor needs to call the client (the number, the
service, how the interpreter joins, with her number to conference her in, by hand or by
Neuvo's bridge), what the interpreter needs (never the client's number), and each try's outcome.

A session is held by phone when it was booked so, or when its advisor switched the video
session to the phone (``video.rooms``): composed here, as both packages are needed."""

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import StaffMember
from core import clock, phones
from core.config import Settings
from interpreters import profiles
from scheduling import calls, joins, lifecycle
from scheduling.errors import BookingNotFound
from scheduling.models import (
    Booking,
    BookingCall,
    BookingStatus,
    CallOutcome,
    CallParty,
    Client,
    Service,
)
from scheduling.schemas import CallRead, DayBookingRead, PhoneCallRead
from video import rooms, turn


async def day(
    session: AsyncSession,
    *,
    actor: Actor,
    staff_id: UUID,
    on: date,
    zone: str,
    settings: Settings | None = None,
) -> list[DayBookingRead]:
    """A staff member's sessions on a local date, each with its service, its advisor and, when
    held by phone, how to call: the numbers only to those who may call (``calls.may_call``)."""
    found = await lifecycle.day(session, actor=actor, staff_id=staff_id, on=on, zone=zone)
    tries = await calls.of(session, booking_ids=[b.id for b in found])
    interpreters = {b.interpreter_id for b in found if b.interpreter_id is not None}
    names = await _names(session, {b.advisor_id for b in found} | interpreters | _callers(tries))
    bridge = _bridge(settings, actor=actor)
    return [
        await _read(
            session, actor=actor, booking=b, tries=tries.get(b.id, []), names=names, bridge=bridge
        )
        for b in found
    ]


def _bridge(settings: Settings | None, *, actor: Actor) -> dict | None:
    """What the caller's browser needs to call through Neuvo (ICE servers), or None when
    no SIP connection is configured."""
    if settings is None or not settings.phone_bridge:
        return None
    servers = turn.ice_servers(
        stun_urls=settings.stun_urls,
        turn_urls=settings.turn_urls,
        turn_secret=settings.turn_secret,
        participant=str(actor.staff_id),
        now=clock.now(),
        ttl_seconds=settings.turn_ttl_seconds,
    )
    return {"bridge": True, "ice_servers": servers}


async def record_call(
    session: AsyncSession,
    *,
    actor: Actor,
    booking_id: UUID,
    outcome: CallOutcome,
    settings: Settings | None = None,
) -> PhoneCallRead:
    """Keep one try to call a phone session's client; the session's phone facts afterwards
    (as the day view has them). Not the actor's to call: 404; not held by phone: 409."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    switched = await rooms.switched_to_phone(session, booking.id)
    await calls.record(
        session,
        actor=actor,
        booking=booking,
        outcome=outcome,
        switched_at=switched,
        now=clock.now(),
    )
    tries = (await calls.of(session, booking_ids=[booking.id]))[booking.id]
    names = await _names(session, _callers({booking.id: tries}))
    phone = await _phone(
        session, actor=actor, booking=booking, switched=switched, tries=tries, names=names
    )
    if phone is None:  # calls.record refused such a session already
        raise BookingNotFound("no such booking", booking_id=booking_id)
    bridge = _bridge(settings, actor=actor)
    return phone.model_copy(update=bridge) if bridge else phone


def _callers(tries: dict[UUID, list[BookingCall]]) -> set[UUID]:
    return {c.staff_id for found in tries.values() for c in found if c.staff_id}


async def _names(session: AsyncSession, ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(ids))
    )
    return {row.id: row.display_name for row in rows}


async def _read(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    tries: list[BookingCall],
    names: dict[UUID, str],
    bridge: dict | None,
) -> DayBookingRead:
    service = await session.get(Service, booking.service_id)
    switched = await rooms.switched_to_phone(session, booking.id)
    phone = await _phone(
        session, actor=actor, booking=booking, switched=switched, tries=tries, names=names
    )
    if phone is not None and bridge and phone.client_phone:  # only those who may call
        # Neuvo dials the interpreter itself (flows.bridges); her number stays beside it for
        # the advisor to call her by hand should the bridge fail.
        phone = phone.model_copy(update=bridge)
    elif phone is not None and bridge and joins.is_hers(actor, booking):
        # Hers to join from her browser while Neuvo has the client on the line; no number.
        live = await calls.live(session, booking_id=booking.id)
        answered = live is not None and live.answered_at is not None
        phone = phone.model_copy(
            update={
                "joinable": booking.status == BookingStatus.CONFIRMED,
                "join_call": live.id if live is not None and answered else None,
                "ice_servers": bridge["ice_servers"] if answered else [],
            }
        )
    return DayBookingRead.model_validate(booking).model_copy(
        update={
            "service_names": service.names if service else {},
            "advisor_name": names.get(booking.advisor_id, ""),
            "interpreter_name": names.get(booking.interpreter_id)
            if booking.interpreter_id
            else None,
            "phone": phone,
        }
    )


async def _phone(
    session: AsyncSession,
    *,
    actor: Actor,
    booking: Booking,
    switched: datetime | None,
    tries: list[BookingCall],
    names: dict[UUID, str],
) -> PhoneCallRead | None:
    """How a session held by phone is held, as ``actor`` may see it; None for one that is not."""
    if not calls.by_phone(booking, switched_at=switched):
        return None
    joins, interpreter_name, interpreter_phone = None, None, None
    if booking.interpreter_id is not None:
        interpreter = await session.get(StaffMember, booking.interpreter_id)
        interpreter_phone = await profiles.phone_number(session, staff_id=booking.interpreter_id)
        joins = "phone" if interpreter_phone else "room"
        interpreter_name = interpreter.display_name if interpreter else None
    read = PhoneCallRead(
        switched_to_phone_at=switched,
        interpreter_joins=joins,
        interpreter_name=interpreter_name,
    )
    if not calls.may_call(actor, booking):
        return read  # the interpreter (or anyone else) learns how she joins, not the numbers
    client = await session.get(Client, booking.client_id)
    number = client.phone_e164 if client else None
    if client is not None:  # every look at a client's data is audited
        await audit.record(
            session,
            actor=actor,
            action="read",
            entity="client",
            entity_id=client.id,
            client_id=client.id,
            detail={"for": "call", "booking_id": str(booking.id)},
        )
    return read.model_copy(
        update={
            "client_phone": number,
            "client_phone_label": phones.national(number) if number else None,
            "interpreter_phone": interpreter_phone,
            "calls": [
                CallRead.model_validate(c).model_copy(
                    update={"staff_name": names.get(c.staff_id, "") if c.staff_id else ""}
                )
                for c in tries
            ],
            # The interpreter's legs are no tries at the client.
            "unanswered": sum(
                c.outcome == CallOutcome.NO_ANSWER and c.party == CallParty.CLIENT for c in tries
            ),
        }
    )
