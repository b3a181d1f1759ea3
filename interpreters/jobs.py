"""The offer rounds as a periodic job, run by arq or by the in-process runner."""

from datetime import timedelta
from typing import Any

from core import clock, db
from interpreters import offers


async def advance_offers(ctx: dict[str, Any]) -> int:
    """Open the next tier of offers where one is due, expire those past their deadline."""
    settings = ctx["settings"]
    async with db.transaction(ctx["sessions"]) as session:
        return await offers.advance(
            session,
            now=clock.now(),
            zone=settings.timezone,
            base_url=settings.base_url,
            tier_wait=timedelta(minutes=settings.offer_tier_minutes),
            deadline=timedelta(minutes=settings.interpreter_deadline_minutes),
        )
