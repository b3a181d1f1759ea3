"""Bookings: made by clients (public) or staff, with Idempotency-Key; staff views and changes."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response, status
from fastapi.responses import JSONResponse

from api import headers
from api.deps import ActorDep, OptionalActorDep, SessionDep, SettingsDep, UnitDep
from core.dates import Day
from flows import bookings as booking_flows
from flows import bridges as bridge_flows
from flows import calls as call_flows
from scheduling import lifecycle
from scheduling.schemas import (
    BookingCreate,
    BookingCreated,
    BookingRead,
    BridgeOffer,
    BridgeRead,
    CallCreate,
    CancelRequest,
    DayBookingRead,
    MovedRead,
    MoveRequest,
    PhoneCallRead,
    StatusChange,
)

router = APIRouter(prefix="/api/v1/bookings", tags=["bookings"])

IdempotencyKey = Annotated[str | None, Header(max_length=200, min_length=8)]


@router.post("", response_model=BookingCreated, status_code=status.HTTP_201_CREATED)
async def create_booking(
    request: Request,
    body: BookingCreate,
    uow: UnitDep,
    settings: SettingsDep,
    actor: OptionalActorDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Book a slot found by a search; the same Idempotency-Key returns the first booking."""
    made = uow.after(
        await booking_flows.book(
            uow.session,
            settings=settings,
            body=body,
            actor=actor,
            address=request.client.host if request.client else "unknown",
            idempotency_key=idempotency_key,
            invitation=headers.invitation_of(request),
        )
    )
    replayed = {"Idempotent-Replayed": "true"} if made.replayed else None
    return JSONResponse(made.created.model_dump(mode="json"), status_code=201, headers=replayed)


@router.get("", response_model=list[DayBookingRead])
async def day_view(
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
    on: Day,
    staff_id: UUID | None = None,
) -> list[DayBookingRead]:
    """A staff member's sessions on a local date (default: the caller's own); a session held
    by phone says how to call, the client's number only to those who may call."""
    return await call_flows.day(
        session,
        actor=actor,
        staff_id=staff_id or actor.staff_id,
        on=on,
        zone=settings.timezone,
        settings=settings,
    )


@router.get("/{booking_id}", response_model=BookingRead)
async def get_booking(booking_id: UUID, actor: ActorDep, session: SessionDep) -> BookingRead:
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    (shown,) = await lifecycle.shown(session, [booking])
    return shown


@router.post("/{booking_id}/cancel", response_model=BookingRead)
async def cancel_booking(
    booking_id: UUID, body: CancelRequest, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> BookingRead:
    booking = uow.after(
        await booking_flows.cancel_by_staff(
            uow.session, settings=settings, actor=actor, booking_id=booking_id, reason=body.reason
        )
    )
    return BookingRead.model_validate(booking)


@router.post("/{booking_id}/move", response_model=MovedRead)
async def move_booking(
    booking_id: UUID, body: MoveRequest, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> MovedRead:
    """Move to a slot found by a search; the answer says whether the interpreter who accepted
    keeps the session (``interpreter_change``: kept) or it is offered again (reoffered)."""
    moved = uow.after(
        await booking_flows.move_by_staff(
            uow.session, settings=settings, actor=actor, booking_id=booking_id, slot=body.slot
        )
    )
    (shown,) = await lifecycle.shown(uow.session, [moved.booking])
    change = moved.interpreter.value if moved.interpreter is not None else None
    return MovedRead(**shown.model_dump(), interpreter_change=change)


@router.post("/{booking_id}/status", response_model=BookingRead)
async def mark_booking(
    booking_id: UUID, body: StatusChange, actor: ActorDep, session: SessionDep
) -> BookingRead:
    """Mark a session that has started as completed or no-show."""
    booking = await booking_flows.mark(
        session, actor=actor, booking_id=booking_id, status=body.status
    )
    return BookingRead.model_validate(booking)


@router.post("/{booking_id}/calls", response_model=PhoneCallRead, status_code=201)
async def record_call(
    booking_id: UUID, body: CallCreate, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> PhoneCallRead:
    """One try to call a phone session's client: reached, no answer or wrong number."""
    return await call_flows.record_call(
        session, actor=actor, booking_id=booking_id, outcome=body.outcome, settings=settings
    )


@router.post("/{booking_id}/bridge", response_model=BridgeRead, status_code=201)
async def dial(
    booking_id: UUID, body: BridgeOffer, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> BridgeRead:
    """Neuvo dials a phone session's client through its SIP connection and connects the
    caller's browser (its SDP offer) to the call; follow it with GET until it is answered."""
    return await bridge_flows.dial(
        session, settings=settings, actor=actor, booking_id=booking_id, offer_sdp=body.sdp
    )


@router.post("/{booking_id}/bridge/interpreter", response_model=BridgeRead, status_code=201)
async def dial_interpreter(
    booking_id: UUID, body: BridgeOffer, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> BridgeRead:
    """Neuvo dials the session's interpreter (who joins by phone) into the client's live call,
    a second leg answering the browser's second offer; follow and end it like the client's."""
    return await bridge_flows.dial_interpreter(
        session, settings=settings, actor=actor, booking_id=booking_id, offer_sdp=body.sdp
    )


@router.get("/{booking_id}/bridge/{call_id}", response_model=BridgeRead)
async def follow_call(
    booking_id: UUID, call_id: UUID, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> BridgeRead:
    """How the call goes (and the SDP answer once the phone answered); keeps it alive."""
    return await bridge_flows.follow(
        session, settings=settings, actor=actor, booking_id=booking_id, call_id=call_id
    )


@router.post("/{booking_id}/bridge/{call_id}/hangup", response_model=BridgeRead)
async def hang_up(
    booking_id: UUID, call_id: UUID, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> BridgeRead:
    """End the call, or stop it ringing."""
    return await bridge_flows.hang_up(
        session, settings=settings, actor=actor, booking_id=booking_id, call_id=call_id
    )
