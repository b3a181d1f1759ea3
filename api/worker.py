"""arq ``WorkerSettings`` for ``neuvo worker``: the jobs the API runs in-process without Redis,
and the supervisor that keeps a worker running while Redis comes and goes."""

import asyncio
import contextlib
import logging
import signal
import time
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker, create_worker
from redis.exceptions import RedisError

import core.db
from api import jobs
from core.config import get_settings
from notifications import jobs as notification_jobs

log = logging.getLogger(__name__)

# After Redis goes away, the next try waits this long, doubling up to the cap.
RECONNECT_FIRST_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 10.0
# What Redis going away (refused, reset, timed out, still loading) looks like from arq.
REDIS_LOST = (RedisError, OSError)


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    engine = core.db.create_engine(settings.database_url, pool_size=settings.db_pool_size)
    sessions = core.db.session_factory(engine)
    ctx.update(engine=engine, sessions=sessions, settings=settings)
    ctx["voice_report"] = jobs.voice_reporter(sessions, settings)
    # arq hands each job a copy of ctx: a dispatcher made inside a job would be made (with
    # its HTTP connections) for every run and never closed; made here, the runs share one.
    notification_jobs.dispatcher(ctx)


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
    settings = RedisSettings.from_dsn(url)
    # arq would retry the first connection 5 times and then give up; ``supervise`` retries
    # for as long as it takes, with its own backoff.
    settings.conn_retries = 0
    return settings


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


async def supervise(
    redis_settings: RedisSettings,
    *,
    first_delay: float = RECONNECT_FIRST_SECONDS,
    max_delay: float = RECONNECT_MAX_SECONDS,
    **worker_options: Any,
) -> None:
    """Run arq workers one after the other until cancelled: when Redis goes away the worker
    of the moment ends (arq's ``main`` raises), and a new one starts once Redis answers again.

    The database engine, the dispatcher and the cron schedule outlive each worker; on return
    every periodic job runs once, as at start-up. The outbox's truth is in the database, so
    what fell due meanwhile is sent by that first sweep.
    """
    ctx: dict[str, Any] = {}
    await startup(ctx)
    schedule = cron_jobs()
    delay = first_delay
    lost_at: float | None = None

    async def connected(_ctx: dict[str, Any]) -> None:
        nonlocal delay, lost_at
        if lost_at is not None:
            away = time.monotonic() - lost_at
            log.warning("Redis is back after %.1f s; the worker goes on", away)
        delay, lost_at = first_delay, None

    try:
        while True:
            worker = create_worker(
                WorkerSettings,
                redis_settings=redis_settings,
                cron_jobs=schedule,
                ctx=ctx,
                on_startup=connected,  # the engine is made once for all workers, above
                on_shutdown=None,
                handle_signals=False,  # ``run`` handles them for the supervisor
                **worker_options,
            )
            try:
                await worker.async_run()
            except REDIS_LOST as error:
                await _retire(worker, lost=True)
                _run_on_return(schedule)
                if lost_at is None:
                    lost_at = time.monotonic()
                    log.warning("Redis went away (%s: %s)", type(error).__name__, error)
            except BaseException:
                await _retire(worker, lost=False)
                raise
            else:
                await _retire(worker, lost=False)
                return  # a burst worker that ran out of jobs
            log.warning("reconnecting to Redis in %.1f s", delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)
    finally:
        await shutdown(ctx)


def _run_on_return(schedule: list[Any]) -> None:
    """Have every periodic job run once as soon as Redis is back, as at start-up (``cron_jobs``
    runs them at start): runs queued in Redis may have gone with it, and runs missed
    meanwhile are made up once, not once per missed turn. Then each is back on its schedule."""
    for job in schedule:
        job.next_run = None


async def _retire(worker: Worker, *, lost: bool) -> None:
    """End ``worker`` and close its connections, whether Redis answers or not. Redis lost,
    its running jobs may finish (they need only the database; their results may not reach
    Redis); stopped, arq's ``close`` cancels them as ``arq`` itself does on a signal."""
    pool = worker._pool  # None when it never connected
    if pool is None:
        return
    if lost and worker.tasks:
        await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    try:
        await worker.close()
    except REDIS_LOST:  # arq's close stopped at its first Redis call, before closing its pool
        with contextlib.suppress(*REDIS_LOST):
            await pool.aclose(close_connection_pool=True)


def run() -> None:
    """``neuvo worker``: the supervised worker, until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await supervise(redis_settings())

    asyncio.run(main())
