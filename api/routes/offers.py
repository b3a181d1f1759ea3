"""An interpreter's offers: see them, accept (the first to accept wins), decline."""

from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep
from core import clock
from core.text import ShortText
from flows import offers as offer_flows
from interpreters import offers
from scheduling.schemas import BookingRead

router = APIRouter(prefix="/api/v1/offers", tags=["interpreters"])


class OfferRead(BaseModel):
    id: UUID
    booking_id: UUID
    status: str
    tier: int
    offered_at: datetime
    answered_at: datetime | None
    starts_at: datetime
    ends_at: datetime
    channel: str
    language: str


class DeclineRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[ShortText | None, None] = None


def _read(offer, booking) -> OfferRead:  # type: ignore[no-untyped-def]
    return OfferRead(
        id=offer.id,
        booking_id=booking.id,
        status=offer.status.value,
        tier=offer.tier,
        offered_at=offer.created_at,
        answered_at=offer.answered_at,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        channel=str(booking.channel),
        language=booking.language,
    )


@router.get("/missing", response_model=list[BookingRead])
async def missing_interpreters(
    actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> list[BookingRead]:
    """Coming sessions that still have no interpreter at their deadline (operators' alert)."""
    found = await offers.missing(
        session,
        actor=actor,
        now=clock.now(),
        deadline=timedelta(minutes=settings.interpreter_deadline_minutes),
    )
    return [BookingRead.model_validate(booking) for booking in found]


@router.get("", response_model=list[OfferRead])
async def my_offers(actor: ActorDep, session: SessionDep) -> list[OfferRead]:
    """The caller's offers, newest first: the session's time, way and language, no names."""
    return [_read(offer, booking) for offer, booking in await offers.mine(session, actor=actor)]


@router.post("/{offer_id}/accept", response_model=OfferRead)
async def accept_offer(
    offer_id: UUID, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> OfferRead:
    """Take the session; 409 when another interpreter was first or the offer is closed."""
    done = await offer_flows.accept(
        uow.session, actor=actor, offer_id=offer_id, zone=settings.timezone
    )
    return _read(*uow.after(done))


@router.post("/{offer_id}/decline", response_model=OfferRead)
async def decline_offer(
    offer_id: UUID, body: DeclineRequest, actor: ActorDep, session: SessionDep
) -> OfferRead:
    return _read(
        *await offer_flows.decline(session, actor=actor, offer_id=offer_id, reason=body.reason)
    )
