"""Liveness and readiness for load balancers and orchestration."""

import asyncio
from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from api.errors import NotReady

router = APIRouter(tags=["health"])

# Each backing service gets this long to answer, all at once, so that /readyz answers within
# a second even when one of them hangs (a paused Redis accepts connections and never replies).
CHECK_SECONDS = 0.5
NAMES = {"database": "the database", "redis": "Redis"}


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> dict[str, str]:
    """The database (and Redis, when configured) answer, each within half a second."""
    state = request.app.state
    checks: dict[str, Awaitable[Any]] = {"database": _database(state)}
    if state.redis is not None:
        checks["redis"] = state.redis.ping()
    results = await asyncio.gather(
        *(asyncio.wait_for(check, CHECK_SECONDS) for check in checks.values()),
        return_exceptions=True,
    )
    down = {name: r for name, r in zip(checks, results, strict=True) if isinstance(r, Exception)}
    if down:
        names = " and ".join(NAMES[name] for name in down)
        verb = "does" if len(down) == 1 else "do"
        raise NotReady(f"{names} {verb} not answer") from next(iter(down.values()))
    return {"status": "ok", **dict.fromkeys(checks, "ok")}


async def _database(state: Any) -> None:
    async with state.read_sessions() as session:
        await session.execute(text("SELECT 1"))
