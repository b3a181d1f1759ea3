"""A video session that goes on by phone: recorded, then (after the commit) everyone in the
room is told and let go."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock
from flows.effects import Done, TellRoom
from video import rooms
from video.protocol import Close


async def switch_to_phone(
    session: AsyncSession, *, actor: Actor, room_id: UUID, reason: str | None
) -> Done[rooms.Facts]:
    """The advisor goes on by phone; the room's facts afterwards."""
    now = clock.now()
    await rooms.switch_to_phone(session, actor=actor, room_id=room_id, now=now, reason=reason)
    closed = TellRoom(
        room_id,
        {"type": "room_closed", "reason": "switched_to_phone"},
        close=(Close.ROOM_CLOSED, "the session goes on by phone"),
    )
    return Done(await rooms.facts(session, actor=actor, room_id=room_id, now=now), (closed,))
