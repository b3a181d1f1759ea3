"""Bookings: made by clients (public) or staff, with Idempotency-Key; staff views and changes."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response, status
from fastapi.responses import JSONResponse

from access.actors import Actor
from api import jobs
from api.deps import ActorDep, OptionalActorDep, SessionDep, SettingsDep
from api.routes.invitations import credit_booking
from core import clock, tokens
from core.config import Settings
from core.dates import Day
from interpreters import offers
from interpreters.search import JointCheck
from scheduling import bookings, idempotency, lifecycle, references
from scheduling.models import Booking, BookingStatus
from scheduling.schemas import (
    BookingCreate,
    BookingCreated,
    BookingRead,
    CancelRequest,
    MoveRequest,
    StatusChange,
)

router = APIRouter(prefix="/api/v1/bookings", tags=["bookings"])

IdempotencyKey = Annotated[str | None, Header(max_length=200, min_length=8)]


def context(settings: Settings) -> bookings.Context:
    return bookings.Context(
        now=clock.now(),
        zone=settings.timezone,
        secret=settings.secret_key,
        base_url=settings.base_url,
        interpreter_check=JointCheck(),
    )


def created(settings: Settings, booking: Booking) -> BookingCreated:
    token = bookings.link_token(settings.secret_key, booking)
    return BookingCreated(
        booking=BookingRead.model_validate(booking),
        client_link=f"{settings.base_url.rstrip('/')}/b/{token}",
    )


@router.post("", response_model=BookingCreated, status_code=status.HTTP_201_CREATED)
async def create_booking(
    request: Request,
    body: BookingCreate,
    session: SessionDep,
    settings: SettingsDep,
    actor: OptionalActorDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Book a slot found by a search; the same Idempotency-Key returns the first booking."""
    scope = f"staff:{actor.staff_id}" if actor else "public"
    if idempotency_key:
        body_hash = idempotency.request_hash(body.model_dump(mode="json"))
        earlier = await idempotency.claim(
            session, scope=scope, key=idempotency_key, body_hash=body_hash
        )
        if earlier is not None:
            booking = await session.get(Booking, earlier)
            assert booking is not None
            replay = created(settings, booking).model_dump(mode="json")
            return JSONResponse(replay, status_code=201, headers={"Idempotent-Replayed": "true"})
    ref = references.decode(settings.secret_key, body.slot)
    address = request.client.host if request.client else "unknown"
    booked = await bookings.book(
        session,
        ref=ref,
        actor=actor,
        client_data=body.client,
        client_id=body.client_id,
        context=context(settings),
        source_hash=None if actor else tokens.sign(settings.secret_key, f"source:{address}"),
    )
    await offers.open_for(
        session,
        booking=booked.booking,
        now=clock.now(),
        zone=settings.timezone,
        base_url=settings.base_url,
    )
    if actor is None:  # booked through an outreach invitation's link, perhaps
        await credit_booking(request, session, settings, booked.booking.id)
    if idempotency_key:
        await idempotency.complete(
            session, scope=scope, key=idempotency_key, resource_id=booked.booking.id
        )
    await session.commit()
    await jobs.kick(request.app)
    return JSONResponse(created(settings, booked.booking).model_dump(mode="json"), status_code=201)


@router.get("", response_model=list[BookingRead])
async def day_view(
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
    on: Day,
    staff_id: UUID | None = None,
) -> list[BookingRead]:
    """A staff member's sessions on a local date (default: the caller's own)."""
    found = await lifecycle.day(
        session, actor=actor, staff_id=staff_id or actor.staff_id, on=on, zone=settings.timezone
    )
    return [BookingRead.model_validate(booking) for booking in found]


@router.get("/{booking_id}", response_model=BookingRead)
async def get_booking(booking_id: UUID, actor: ActorDep, session: SessionDep) -> BookingRead:
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    return BookingRead.model_validate(booking)


async def _staff_booking(session, actor: Actor, booking_id: UUID) -> Booking:  # type: ignore[no-untyped-def]
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    actor.require(*lifecycle.EDITABLE_BY)
    return booking


@router.post("/{booking_id}/cancel", response_model=BookingRead)
async def cancel_booking(
    booking_id: UUID,
    body: CancelRequest,
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
) -> BookingRead:
    booking = await _staff_booking(session, actor, booking_id)
    await lifecycle.cancel(
        session, booking=booking, actor=actor, reason=body.reason, context=context(settings)
    )
    await offers.booking_cancelled(
        session, booking=booking, now=clock.now(), zone=settings.timezone
    )
    await session.commit()
    await jobs.kick(request.app)
    return BookingRead.model_validate(booking)


@router.post("/{booking_id}/move", response_model=BookingRead)
async def move_booking(
    booking_id: UUID,
    body: MoveRequest,
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
) -> BookingRead:
    booking = await _staff_booking(session, actor, booking_id)
    ref = references.decode(settings.secret_key, body.slot)
    await lifecycle.move(session, booking=booking, ref=ref, actor=actor, context=context(settings))
    await offers.booking_moved(
        session,
        booking=booking,
        now=clock.now(),
        zone=settings.timezone,
        base_url=settings.base_url,
    )
    await session.commit()
    await jobs.kick(request.app)
    return BookingRead.model_validate(booking)


@router.post("/{booking_id}/status", response_model=BookingRead)
async def mark_booking(
    booking_id: UUID, body: StatusChange, actor: ActorDep, session: SessionDep
) -> BookingRead:
    """Mark a session that has started as completed or no-show."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    await lifecycle.mark(
        session, booking=booking, actor=actor, status=BookingStatus(body.status), now=clock.now()
    )
    await session.commit()
    return BookingRead.model_validate(booking)
