"""arq ``WorkerSettings`` for ``neuvo worker``: the jobs the API runs in-process without Redis."""

from typing import Any

from arq import cron
from arq.connections import RedisSettings

import core.db
from api import jobs
from core.config import get_settings
from notifications import jobs as notification_jobs


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    engine = core.db.create_engine(settings.database_url, pool_size=settings.db_pool_size)
    ctx.update(engine=engine, sessions=core.db.session_factory(engine), settings=settings)


async def shutdown(ctx: dict[str, Any]) -> None:
    await notification_jobs.close(ctx)
    await ctx["engine"].dispose()


def redis_settings() -> RedisSettings:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError(
            "REDIS_URL is not set: the worker needs Redis (without it the API "
            "process runs the jobs itself)"
        )
    return RedisSettings.from_dsn(url)


def cron_jobs() -> list[Any]:
    """arq's schedule of the periodic jobs (new objects each time: they keep their next run)."""
    return [
        cron(
            item.job,
            minute=set(item.minute) if item.minute is not None else None,
            second=set(item.second),
            run_at_startup=True,
            unique=True,
        )
        for item in jobs.PERIODIC
    ]


class WorkerSettings:
    functions: list[Any] = [item.job for item in jobs.PERIODIC]
    cron_jobs: list[Any] = cron_jobs()
    on_startup = startup
    on_shutdown = shutdown
    max_jobs = 20
    job_timeout = 300
