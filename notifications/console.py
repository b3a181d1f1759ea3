"""The outbox as the console shows it: what was sent, what waits, and putting a failed
message back in the queue once a person has put right what was wrong."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role
from notifications.errors import MessageNotFailed, MessageNotFound
from notifications.models import Message, MessageStatus

VIEWERS = (Role.ADMIN, Role.OPERATOR)


async def listing(
    session: AsyncSession,
    *,
    actor: Actor,
    status: MessageStatus | None,
    booking_id: UUID | None,
    limit: int,
) -> list[Message]:
    """The outbox of the actor's organisation (every one for a platform admin), newest due
    first: what was sent, what waits, and what failed and needs a person."""
    actor.require(*VIEWERS)
    query = select(Message).order_by(Message.due_at.desc(), Message.id).limit(limit)
    if not actor.is_platform_admin:
        query = query.where(Message.organisation_id == actor.organisation_id)
    if status is not None:
        query = query.where(Message.status == status)
    if booking_id is not None:
        query = query.where(Message.booking_id == booking_id)
    return list(await session.scalars(query))


async def send_again(
    session: AsyncSession, *, actor: Actor, message_id: UUID, now: datetime
) -> Message:
    """Put a failed message back in the queue (after a person fixed what was wrong)."""
    actor.require(*VIEWERS)
    message = await session.get(Message, message_id)
    if message is None or not (
        actor.is_platform_admin or message.organisation_id == actor.organisation_id
    ):
        raise MessageNotFound("no such message", message_id=message_id)
    if message.status not in (
        MessageStatus.FAILED,
        MessageStatus.UNDELIVERABLE,
        MessageStatus.NOT_SENT,
    ):
        raise MessageNotFailed(f"the message is {message.status.value}, not failed")
    message.status = MessageStatus.PENDING
    message.due_at = now
    message.attempts = 0
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="send_again",
        entity="message",
        entity_id=message.id,
        client_id=None,
    )
    return message
