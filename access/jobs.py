"""Scheduled work of access, run by arq or by the in-process runner.

Each job takes the arq ``ctx`` (with ``sessions``, a session maker, and ``settings``),
re-reads what it needs, acts idempotently and commits.
"""

from datetime import timedelta
from typing import Any

from access import auth
from core import db


async def purge_staff_sessions(ctx: dict[str, Any]) -> int:
    """Delete ended staff sessions and stale log-in attempts; return how many sessions went."""
    settings = ctx["settings"]
    policy = auth.LoginPolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
    )
    async with db.transaction(ctx["sessions"]) as session:
        return await auth.purge_expired(session, policy=policy)
