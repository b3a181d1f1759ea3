"""Outreach's scheduled work: removing non-responders' data once a campaign's retention ends,
and laying out the batches of letters asked for in the console."""

from typing import Any

from core import clock, db
from outreach import batches, retention


async def purge_newcomers(ctx: dict[str, Any]) -> int:
    """Erase the personal data of newcomers who did not book, past their campaign's retention."""
    async with db.transaction(ctx["sessions"]) as session:
        return await retention.purge(session, now=clock.now(), zone=ctx["settings"].timezone)


async def print_letters(ctx: dict[str, Any]) -> int:
    """Lay out every batch of letters asked for in the console, one after another."""
    settings = ctx["settings"]
    printed = 0
    while await batches.print_one(
        ctx["sessions"],
        ctx.get("read_sessions", ctx["sessions"]),
        base_url=settings.base_url,
        secret=settings.secret_key,
        now=clock.now(),
    ):
        printed += 1
    return printed
