"""An interpreter's offers: see them, accept (the first to accept wins), decline."""

from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep
from core import clock
from core.text import ShortText
from flows import offers as offer_flows
from interpreters import offers
from interpreters.schemas import OfferRead
from scheduling import lifecycle
from scheduling.schemas import BookingRead

router = APIRouter(prefix="/api/v1/offers", tags=["interpreters"])


class DeclineRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[ShortText | None, None] = None


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
    return await lifecycle.shown(session, found)


@router.get("", response_model=list[OfferRead])
async def my_offers(actor: ActorDep, session: SessionDep) -> list[OfferRead]:
    """The caller's offers, newest first, one per session: its time, length, way, language,
    service, organisation and advisor; never the client."""
    return await offers.described(session, await offers.mine(session, actor=actor))


@router.post("/{offer_id}/accept", response_model=OfferRead)
async def accept_offer(
    offer_id: UUID, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> OfferRead:
    """Take the session; 409 when another interpreter was first or the offer is closed."""
    done = await offer_flows.accept(
        uow.session,
        actor=actor,
        offer_id=offer_id,
        zone=settings.timezone,
        base_url=settings.base_url,
    )
    (shown,) = await offers.described(uow.session, [uow.after(done)])
    return shown


@router.post("/{offer_id}/decline", response_model=OfferRead)
async def decline_offer(
    offer_id: UUID, body: DeclineRequest, actor: ActorDep, session: SessionDep
) -> OfferRead:
    answered = await offer_flows.decline(
        session, actor=actor, offer_id=offer_id, reason=body.reason
    )
    (shown,) = await offers.described(session, [answered])
    return shown
