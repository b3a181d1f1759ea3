"""The outbox, for the operators and admins who make sure every message arrives."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import ActorDep, SessionDep, UnitDep
from flows import messages as message_flows
from notifications import console, dispatch
from notifications.models import MessageStatus
from notifications.schemas import MessageRead

router = APIRouter(prefix="/api/v1/messages", tags=["messages"])


@router.get("", response_model=list[MessageRead])
async def list_messages(
    actor: ActorDep,
    session: SessionDep,
    status: MessageStatus | None = None,
    booking_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MessageRead]:
    """Messages of the caller's organisation, newest due first; ``status=failed`` lists the
    ones that need a person."""
    found = await console.listing(
        session, actor=actor, status=status, booking_id=booking_id, limit=limit
    )
    return [MessageRead.from_message(message, dispatch.preview(message)) for message in found]


@router.post("/{message_id}/send-again", response_model=MessageRead)
async def send_again(message_id: UUID, actor: ActorDep, uow: UnitDep) -> MessageRead:
    """Queue a failed message again, once what was wrong has been put right."""
    message = uow.after(
        await message_flows.send_again(uow.session, actor=actor, message_id=message_id)
    )
    return MessageRead.from_message(message, dispatch.preview(message))
