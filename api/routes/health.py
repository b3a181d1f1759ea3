"""Liveness and readiness for load balancers and orchestration."""

from fastapi import APIRouter, Request
from sqlalchemy import text

from api.errors import NotReady

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> dict[str, str]:
    """The database (and Redis, when configured) answer."""
    state = request.app.state
    checks: dict[str, str] = {}
    try:
        async with state.read_sessions() as session:
            await session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        raise NotReady("the database does not answer", check="database") from exc
    if state.redis is not None:
        try:
            await state.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            raise NotReady("Redis does not answer", check="redis") from exc
    return {"status": "ok", **checks}
