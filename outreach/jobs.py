"""Outreach's scheduled work: removing non-responders' data once a campaign's retention ends."""

from typing import Any

from core import clock, db
from outreach import retention


async def purge_newcomers(ctx: dict[str, Any]) -> int:
    """Erase the personal data of newcomers who did not book, past their campaign's retention."""
    async with db.transaction(ctx["sessions"]) as session:
        return await retention.purge(session, now=clock.now(), zone=ctx["settings"].timezone)
