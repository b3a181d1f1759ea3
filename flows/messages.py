"""The outbox's people: a failed message queued again is sent at once."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock
from flows.effects import SEND_OUTBOX, Done
from notifications import console
from notifications.models import Message


async def send_again(session: AsyncSession, *, actor: Actor, message_id: UUID) -> Done[Message]:
    """Queue a failed message again, once what was wrong has been put right."""
    message = await console.send_again(session, actor=actor, message_id=message_id, now=clock.now())
    return Done(message, (SEND_OUTBOX,))
