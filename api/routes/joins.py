"""The interpreter joins a bridged phone session's call from her browser: her offer, her leg
followed and left; the advisor's browser answers it (flows.joins). No answer carries a number."""

from uuid import UUID

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from flows import joins as join_flows
from scheduling.schemas import BridgeOffer, BridgeRead

router = APIRouter(prefix="/api/v1/bookings/{booking_id}/bridge/{call_id}/joins", tags=["bookings"])


@router.post("", response_model=BridgeRead, status_code=201)
async def join(
    booking_id: UUID, call_id: UUID, body: BridgeOffer, actor: ActorDep, session: SessionDep
) -> BridgeRead:
    """The session's interpreter offers her browser's audio (ICE gathered) to join the client's
    live call ``call_id``; follow it with GET until the advisor's browser answered."""
    return await join_flows.join(
        session, actor=actor, booking_id=booking_id, call_id=call_id, offer_sdp=body.sdp
    )


@router.get("/{join_id}", response_model=BridgeRead)
async def follow(
    booking_id: UUID, call_id: UUID, join_id: UUID, actor: ActorDep, session: SessionDep
) -> BridgeRead:
    """How her leg goes, with the advisor's SDP answer once there."""
    return await join_flows.follow(session, actor=actor, booking_id=booking_id, join_id=join_id)


@router.post("/{join_id}/answer", response_model=BridgeRead)
async def answer(
    booking_id: UUID,
    call_id: UUID,
    join_id: UUID,
    body: BridgeOffer,
    actor: ActorDep,
    session: SessionDep,
) -> BridgeRead:
    """The advisor's browser answers her offer (its SDP answer, ICE gathered)."""
    return await join_flows.answer(
        session,
        actor=actor,
        booking_id=booking_id,
        call_id=call_id,
        join_id=join_id,
        answer_sdp=body.sdp,
    )


@router.post("/{join_id}/leave", response_model=BridgeRead)
async def leave(
    booking_id: UUID, call_id: UUID, join_id: UUID, actor: ActorDep, session: SessionDep
) -> BridgeRead:
    """Her leg ends (she leaves, or the advisor ends it); the client's call goes on."""
    return await join_flows.leave(session, actor=actor, booking_id=booking_id, join_id=join_id)
