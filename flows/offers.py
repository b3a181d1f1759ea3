"""An interpreter's answer to an offer: accepting takes the session (the first wins) and tells
the advisor and the operator who booked it; declining passes it on."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock
from flows.effects import SEND_OUTBOX, Done
from interpreters import offers
from interpreters.models import InterpreterOffer
from scheduling.models import Booking


async def accept(
    session: AsyncSession, *, actor: Actor, offer_id: UUID, zone: str, base_url: str
) -> Done[tuple[InterpreterOffer, Booking]]:
    """Take the session; another interpreter's earlier acceptance or a closed offer refuses.
    She gets the calendar invitation; the advisor and the operator who booked are told."""
    offer = await offers.accept(
        session, actor=actor, offer_id=offer_id, now=clock.now(), zone=zone, base_url=base_url
    )
    return Done((offer, await offers.booking_of(session, offer)), (SEND_OUTBOX,))


async def decline(
    session: AsyncSession, *, actor: Actor, offer_id: UUID, reason: str | None
) -> tuple[InterpreterOffer, Booking]:
    """Say no to an offer; it goes to the next interpreter in line."""
    offer = await offers.decline(
        session, actor=actor, offer_id=offer_id, reason=reason, now=clock.now()
    )
    return offer, await offers.booking_of(session, offer)
