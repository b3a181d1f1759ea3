"""Scheduled work of the video domain, run by arq or by the in-process runner."""

from typing import Any

from core import clock, db
from video import rooms


async def purge_passes(ctx: dict[str, Any]) -> int:
    """Delete room passes whose room has closed; return how many went."""
    async with db.transaction(ctx["sessions"]) as session:
        return await rooms.purge_expired(session, now=clock.now())
