"""The outbox, for the operators and admins who make sure every message arrives."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import WRITES, ActorDep, SessionDep, SettingsDep, UnitDep
from flows import messages as message_flows
from notifications import dispatch
from notifications.models import MessageStatus
from notifications.schemas import LinkAgain, MessageRead

router = APIRouter(prefix="/api/v1/messages", tags=["messages"])


@router.get("", response_model=list[MessageRead], dependencies=[WRITES])
async def list_messages(
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
    status: MessageStatus | None = None,
    booking_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MessageRead]:
    """Messages of the caller's organisation, newest due first; ``status=failed`` lists the
    ones that need a person. A client's number and the booking's short code are shown to
    those who may see the client (the look is audited); the link never is."""
    return await message_flows.listing(
        session,
        actor=actor,
        settings=settings,
        status=status,
        booking_id=booking_id,
        limit=limit,
    )


@router.post("/{message_id}/send-again", response_model=MessageRead)
async def send_again(message_id: UUID, actor: ActorDep, uow: UnitDep) -> MessageRead:
    """Queue a failed message again, once what was wrong has been put right."""
    message = uow.after(
        await message_flows.send_again(uow.session, actor=actor, message_id=message_id)
    )
    return MessageRead.from_message(message, dispatch.preview(message))


@router.post("/link-again", response_model=MessageRead, status_code=201)
async def send_link_again(
    body: LinkAgain, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> MessageRead:
    """Send a booking's confirmation, with the client's link, once more by SMS to the
    client's number (its status says whether it left: without a gateway it is not sent)."""
    return uow.after(
        await message_flows.send_link_again(
            uow.session, actor=actor, booking_id=body.booking_id, settings=settings
        )
    )
