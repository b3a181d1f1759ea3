"""Booking, moving, cancelling and marking a guidance session: each composes scheduling's
rules with the interpreters' offers and outreach's credit, and asks for the outbox to be sent
once the booking's transaction has committed."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock, tokens
from core.config import Settings
from flows.effects import SEND_OUTBOX, Done
from interpreters import offers
from interpreters.search import JointCheck
from outreach import invitations
from scheduling import (
    bookings,
    calendars,
    callbacks,
    idempotency,
    lifecycle,
    references,
    short_codes,
    unreached,
)
from scheduling.models import Booking, BookingStatus, Client
from scheduling.schemas import BookingCreate, BookingCreated, BookingRead


@dataclass(frozen=True, slots=True)
class Made:
    """A booking's answer, and whether it is the first one given again for a retried key."""

    created: BookingCreated
    replayed: bool = False


def context(settings: Settings) -> bookings.Context:
    """What every booking change needs besides the session, for now."""
    return bookings.Context(
        now=clock.now(),
        zone=settings.timezone,
        secret=settings.secret_key,
        base_url=settings.base_url,
        interpreter_check=JointCheck(),
        voice=settings.voice_calls,
    )


def created(settings: Settings, booking: Booking) -> BookingCreated:
    """The booking and the client's own link to it."""
    token = bookings.link_token(settings.secret_key, booking)
    return BookingCreated(
        booking=BookingRead.model_validate(booking),
        client_link=f"{settings.base_url.rstrip('/')}/b/{token}",
        short_code=short_codes.code_of(settings.secret_key, booking),
    )


async def book(
    session: AsyncSession,
    *,
    settings: Settings,
    body: BookingCreate,
    actor: Actor | None,
    address: str,
    idempotency_key: str | None = None,
    invitation: str | None = None,
) -> Done[Made]:
    """Book a slot found by a search and open its interpreter offers; a public booking made
    from an outreach invitation's link (``invitation``, signed) is credited to it; a staff
    booking made from a call-back request (``callback_request_id``) closes it in the same
    transaction (closed already, or not the actor's organisation's: nothing is booked). The
    same ``idempotency_key`` gives the first booking back and changes nothing."""
    scope = f"staff:{actor.staff_id}" if actor else "public"
    if idempotency_key:
        body_hash = idempotency.request_hash(body.model_dump(mode="json"))
        earlier = await idempotency.claim(
            session, scope=scope, key=idempotency_key, body_hash=body_hash
        )
        if earlier is not None:
            booking = await session.get(Booking, earlier)
            assert booking is not None
            return Done(Made(created(settings, booking), replayed=True))
    ref = references.decode(settings.secret_key, body.slot)
    now = clock.now()
    answered = None  # the call-back request this booking answers, locked until it commits
    if body.callback_request_id is not None:
        answered = await callbacks.claim_for_booking(
            session, actor=actor, request_id=body.callback_request_id
        )
    booked = await bookings.book(
        session,
        ref=ref,
        actor=actor,
        client_data=body.client,
        client_id=body.client_id,
        context=context(settings),
        source_hash=None if actor else tokens.sign(settings.secret_key, f"source:{address}"),
        reminder_by=body.reminder_by,
    )
    await offers.open_for(
        session, booking=booked.booking, now=now, zone=settings.timezone, base_url=settings.base_url
    )
    if answered is not None and actor is not None:
        client = await session.get(Client, booked.booking.client_id)
        assert client is not None
        callbacks.close_booked(
            answered, actor=actor, booking=booked.booking, client=client, now=now
        )
    newcomer_id = invitations.read_reference(settings.secret_key, invitation or "")
    if actor is None and newcomer_id is not None:
        await invitations.record_booking(
            session, newcomer_id=newcomer_id, booking_id=booked.booking.id, now=now
        )
    if idempotency_key:
        await idempotency.complete(
            session, scope=scope, key=idempotency_key, resource_id=booked.booking.id
        )
    return Done(Made(created(settings, booked.booking)), (SEND_OUTBOX,))


async def cancel(
    session: AsyncSession,
    *,
    settings: Settings,
    booking: Booking,
    actor: Actor | None,
    reason: str | None,
) -> Done[Booking]:
    """Cancel the session (by staff, or by the client's link when ``actor`` is None): its
    messages are taken back and told, its interpreter offers withdrawn."""
    await lifecycle.cancel(
        session, booking=booking, actor=actor, reason=reason, context=context(settings)
    )
    await offers.booking_cancelled(
        session, booking=booking, now=clock.now(), zone=settings.timezone
    )
    return Done(booking, (SEND_OUTBOX,))


@dataclass(frozen=True, slots=True)
class Moved:
    """A moved booking, and what became of its interpreter (None: none is needed)."""

    booking: Booking
    interpreter: offers.Moved | None


async def move(
    session: AsyncSession,
    *,
    settings: Settings,
    booking: Booking,
    slot: str,
    actor: Actor | None,
) -> Done[Moved]:
    """Move the session to a slot found by a search (``slot``, signed). The interpreter who
    accepted keeps it when she is free at the new time (and is told the new time with
    everyone else); else it is offered again."""
    ref = references.decode(settings.secret_key, slot)
    now, terms = clock.now(), context(settings)
    was = offers.Was(booking.starts_at, booking.ends_at)
    if booking.interpreter_id is not None:  # her calendar drops it if she cannot come
        was = offers.Was(
            booking.starts_at,
            booking.ends_at,
            await calendars.cancelled_params(
                session, booking=booking, zone=settings.timezone, base_url=settings.base_url
            ),
        )
    await lifecycle.move(session, booking=booking, ref=ref, actor=actor, context=terms)
    outcome = await offers.booking_moved(
        session,
        booking=booking,
        was=was,
        now=now,
        zone=settings.timezone,
        base_url=settings.base_url,
    )
    await lifecycle.moved(session, booking=booking, context=terms)
    return Done(Moved(booking, outcome), (SEND_OUTBOX,))


async def staff_booking(session: AsyncSession, *, actor: Actor, booking_id: UUID) -> Booking:
    """A booking the staff member may change (404 outside their reach, 403 without the role)."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    actor.require(*lifecycle.EDITABLE_BY)
    return booking


async def cancel_by_staff(
    session: AsyncSession,
    *,
    settings: Settings,
    actor: Actor,
    booking_id: UUID,
    reason: str | None,
) -> Done[Booking]:
    """A staff member cancels a session of their reach."""
    booking = await staff_booking(session, actor=actor, booking_id=booking_id)
    return await cancel(session, settings=settings, booking=booking, actor=actor, reason=reason)


async def move_by_staff(
    session: AsyncSession,
    *,
    settings: Settings,
    actor: Actor,
    booking_id: UUID,
    slot: str,
) -> Done[Moved]:
    """A staff member moves a session of their reach to another slot."""
    booking = await staff_booking(session, actor=actor, booking_id=booking_id)
    return await move(session, settings=settings, booking=booking, slot=slot, actor=actor)


async def mark(session: AsyncSession, *, actor: Actor, booking_id: UUID, status: str) -> Booking:
    """Mark a session that has started as completed or no-show; a phone session's client
    marked no-show after an unanswered call is put on the call-back queue (once)."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    now = clock.now()
    await lifecycle.mark(
        session, booking=booking, actor=actor, status=BookingStatus(status), now=now
    )
    await unreached.open_after_no_show(session, booking=booking, now=now)
    await unreached.close_after_correction(session, booking=booking, actor=actor, now=now)
    return booking
