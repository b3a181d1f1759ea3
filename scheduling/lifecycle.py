"""A booking after it is made: found by its client link or by staff, moved (same calendar
UID, raised SEQUENCE), cancelled (by whom, why), marked completed or no-show; every change
audited."""

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.errors import StaffNotFound
from access.models import Role, StaffMember
from core import clock, tokens
from notifications.models import MessageKind
from scheduling import bookings, claims, clients, localtime, notices
from scheduling.errors import BookingClosed, BookingNotFound, BookingTooSoon, SlotReferenceInvalid
from scheduling.models import Booking, BookingStatus, CancelledBy, Service
from scheduling.references import SlotRef
from scheduling.schemas import BookingRead


async def by_token(session: AsyncSession, *, token: str, now: datetime) -> Booking:
    """Return the booking a client link names; an unknown or expired token finds nothing."""
    booking = await session.scalar(
        select(Booking).where(Booking.client_token_hash == tokens.hash_token(token))
    )
    if booking is None or booking.client_token_expires_at <= now:
        raise BookingNotFound("this link does not lead to a booking (any more)")
    return booking


async def for_staff(session: AsyncSession, *, actor: Actor, booking_id: UUID) -> Booking:
    """Return a booking to its advisor or to staff of its organisation; others see nothing."""
    booking = await session.get(Booking, booking_id)
    if booking is None or not (
        actor.staff_id in (booking.advisor_id, booking.interpreter_id)
        or actor.sees(booking.organisation_id)
    ):
        raise BookingNotFound("no such booking", booking_id=booking_id)
    return booking


async def day(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, on: date, zone: str
) -> list[Booking]:
    """Return a staff member's sessions on a local date, to them or to their organisation."""
    member = await session.get(StaffMember, staff_id)
    if member is None or not (staff_id == actor.staff_id or actor.sees(member.organisation_id)):
        raise StaffNotFound("no such staff member", staff_id=staff_id)
    start, end = localtime.day_bounds(on, zone)
    return list(
        await session.scalars(
            select(Booking)
            .where(
                or_(Booking.advisor_id == staff_id, Booking.interpreter_id == staff_id),
                Booking.starts_at >= start,
                Booking.starts_at < end,
            )
            .order_by(Booking.starts_at)
        )
    )


async def coming_for_client(
    session: AsyncSession, *, actor: Actor, client_id: UUID, now: datetime
) -> list[Booking]:
    """Return a client's confirmed sessions not yet over, of the organisations the actor sees
    (the client look-up's own rules decide whether the actor may see the client at all)."""
    await clients.get(session, actor=actor, client_id=client_id)
    found = await session.scalars(
        select(Booking)
        .where(
            Booking.client_id == client_id,
            Booking.status == BookingStatus.CONFIRMED,
            Booking.ends_at > now,
        )
        .order_by(Booking.starts_at)
    )
    return [booking for booking in found if actor.sees(booking.organisation_id)]


def _open(booking: Booking, now: datetime) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingClosed(f"the booking is {booking.status.value.replace('_', ' ')}")
    if booking.starts_at <= now:
        raise BookingClosed("the session has already started")


def _touch(booking: Booking) -> None:
    booking.sequence += 1
    booking.updated_at = clock.now()


async def cancel(
    session: AsyncSession,
    *,
    booking: Booking,
    actor: Actor | None,
    reason: str | None,
    context: bookings.Context,
) -> Booking:
    """Cancel a coming session and free everyone's time; the client (actor None) or staff.
    Its reminders are taken back and everyone is told."""
    _open(booking, context.now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_by = CancelledBy.STAFF if actor else CancelledBy.CLIENT
    booking.cancel_reason = reason
    _touch(booking)
    await claims.release(session, booking_id=booking.id)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="cancel",
        entity="booking",
        entity_id=booking.id,
        client_id=booking.client_id,
        detail={"by": booking.cancelled_by.value},
    )
    await _tell(session, booking, MessageKind.CANCELLED, context)
    return booking


async def move(
    session: AsyncSession,
    *,
    booking: Booking,
    ref: SlotRef,
    actor: Actor | None,
    context: bookings.Context,
) -> Booking:
    """Move a coming session to the slot ``ref`` names; its calendar UID stays the same.
    Everyone's busy time is taken anew but the interpreter's (the caller decides whether she
    keeps the session), and nobody is told until the caller calls ``moved``."""
    _open(booking, context.now)
    if (ref.service_id, ref.municipality_code, ref.language) != (
        booking.service_id,
        booking.municipality_code,
        booking.language,
    ):
        raise SlotReferenceInvalid("the slot was found for another service or client", field="slot")
    snapshot = await bookings.directory_for(session, ref=ref, zone=context.zone)
    service = bookings.bookable_service(snapshot, ref=ref, now=context.now)
    before = booking.starts_at
    await claims.release(session, booking_id=booking.id)
    await session.flush()
    await bookings.replace(
        session, booking=booking, service=service, ref=ref, context=context, snapshot=snapshot
    )
    _touch(booking)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="move",
        entity="booking",
        entity_id=booking.id,
        client_id=booking.client_id,
        detail={"from": before.isoformat(), "to": ref.starts_at.isoformat()},
    )
    return booking


async def moved(session: AsyncSession, *, booking: Booking, context: bookings.Context) -> None:
    """Tell everyone of a move (once its interpreter is settled): the client, the advisor and
    the interpreter who keeps it, with the new calendar invitation."""
    await _tell(session, booking, MessageKind.MOVED, context)


async def _tell(
    session: AsyncSession, booking: Booking, kind: MessageKind, context: bookings.Context
) -> None:
    await notices.booking_changed(
        session,
        booking=booking,
        kind=kind,
        now=context.now,
        zone=context.zone,
        base_url=context.base_url,
        voice=context.voice,
    )


async def mark(
    session: AsyncSession,
    *,
    booking: Booking,
    actor: Actor,
    status: BookingStatus,
    now: datetime,
) -> Booking:
    """Mark a session that has started as completed or no-show (its advisor or an admin)."""
    if status not in (BookingStatus.COMPLETED, BookingStatus.NO_SHOW):
        raise ValueError(status)
    if booking.advisor_id != actor.staff_id:
        actor.require_manager(booking.organisation_id, hidden=BookingNotFound("no such booking"))
    if booking.status not in (
        BookingStatus.CONFIRMED,
        BookingStatus.COMPLETED,
        BookingStatus.NO_SHOW,
    ):
        raise BookingClosed(f"the booking is {booking.status.value}")
    if booking.starts_at > now:
        raise BookingTooSoon("the session has not started yet", field="status")
    booking.status = status
    booking.updated_at = clock.now()
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action=f"mark_{status.value}",
        entity="booking",
        entity_id=booking.id,
        client_id=booking.client_id,
    )
    return booking


async def shown(session: AsyncSession, found: list[Booking]) -> list[BookingRead]:
    """Bookings as staff who may see them read them: with the name of each one's interpreter."""
    ids = {booking.interpreter_id for booking in found if booking.interpreter_id is not None}
    names = (
        dict(
            (
                await session.execute(
                    select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(ids))
                )
            ).all()
        )
        if ids
        else {}
    )
    return [
        BookingRead.model_validate(booking).model_copy(
            update={"interpreter_name": names.get(booking.interpreter_id)}
        )
        for booking in found
    ]


def local_start(booking: Booking, zone: str) -> datetime:
    """The booking's start in ``zone``, for the edges that show it to a person."""
    return booking.starts_at.astimezone(ZoneInfo(zone))


async def service_of(session: AsyncSession, booking: Booking) -> Service:
    """Return the service a booking is for."""
    service = await session.get(Service, booking.service_id)
    assert service is not None
    return service


EDITABLE_BY = (Role.ADMIN, Role.ADVISOR, Role.OPERATOR)
TOKEN_GRACE = timedelta(days=1)
