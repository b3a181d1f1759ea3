"""Scheduled work of the scheduling domain, run by arq or by the in-process runner.

Each job takes the arq ``ctx`` (with ``sessions``, a session maker, and ``settings``),
re-reads what it needs, acts idempotently and commits.
"""

from typing import Any

from core import clock, db
from scheduling import busy, callbacks, feedback, short_codes


async def prune_busy_log(ctx: dict[str, Any]) -> int:
    """Delete the busy-time log older than the previous run (``busy.prune``); how many went."""
    async with db.transaction(ctx["sessions"]) as session:
        return await busy.prune(session)


async def forget_short_code_tries(ctx: dict[str, Any]) -> None:
    """Delete the wrong short codes older than their rate-limit window."""
    async with db.transaction(ctx["sessions"]) as session:
        await short_codes.purge(session, now=clock.now())


async def ask_for_feedback(ctx: dict[str, Any]) -> int:
    """Ask the clients of sessions just completed how they went (``feedback.ask``), once."""
    async with db.transaction(ctx["sessions"]) as session:
        return await feedback.ask(session, now=clock.now())


async def lapse_reminders(ctx: dict[str, Any]) -> int:
    """Close the reminders by a person whose sessions have begun (``callbacks.lapse_reminders``)."""
    async with db.transaction(ctx["sessions"]) as session:
        return await callbacks.lapse_reminders(session, now=clock.now())
