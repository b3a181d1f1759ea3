"""The periodic jobs run the same under arq (real Redis) as in the API process."""

import asyncio
from datetime import timedelta

from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker
from sqlalchemy import select

from access.models import StaffSession
from api import jobs
from api.worker import WorkerSettings
from core import clock


async def _sessions_left(session, world) -> set:
    rows = await session.scalars(select(StaffSession.staff_id))
    return set(rows)


async def test_arq_worker_purges_ended_sessions(sessions, session, settings, world, redis_dsn):
    redis_settings = RedisSettings.from_dsn(redis_dsn)
    pool = await create_pool(redis_settings)
    queue = f"neuvo-test-{id(world)}"
    try:
        await pool.enqueue_job("purge_staff_sessions", _queue_name=queue)
        worker = Worker(
            functions=WorkerSettings.functions,
            redis_settings=redis_settings,
            burst=True,
            poll_delay=0.1,
            handle_signals=False,
            queue_name=queue,
            ctx={"sessions": sessions, "settings": settings},
        )
        with clock.frozen(clock.now() + timedelta(days=31)):
            await worker.async_run()
        assert worker.jobs_complete == 1 and worker.jobs_failed == 0
        await worker.close()
    finally:
        await pool.delete(queue)
        await pool.aclose()
    assert await _sessions_left(session, world) == set()


async def test_in_process_runner_purges_ended_sessions(sessions, session, settings, world):
    runner = jobs.InProcessRunner(sessions, settings)
    with clock.frozen(clock.now() + timedelta(days=31)):
        runner.start()
        # Every job's first round, not a job cancelled halfway through its statement.
        await asyncio.wait_for(runner.first_round.wait(), timeout=30)
        await runner.stop()
    assert await _sessions_left(session, world) == set()


async def test_current_sessions_survive_the_purge(sessions, session, settings, world):
    await jobs.PERIODIC[0].job({"sessions": sessions, "settings": settings})
    assert world.advisor.id in await _sessions_left(session, world)
