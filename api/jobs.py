"""Background jobs: the periodic ones, the in-process runner that runs them without Redis,
and ``kick``, which asks for the outbox to be sent now rather than at the next sweep."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access import jobs as access_jobs
from core.config import Settings
from flows import voice
from interpreters import jobs as interpreter_jobs
from notifications import jobs as notification_jobs
from notifications.telephony.gateway import CallResult
from outreach import jobs as outreach_jobs
from scheduling import jobs as scheduling_jobs
from video import jobs as video_jobs

log = logging.getLogger(__name__)

Job = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Periodic:
    job: Job
    every_seconds: int
    # When arq's cron runs it: these minutes of the hour (None: every minute), these seconds.
    minute: frozenset[int] | None
    second: frozenset[int] = frozenset({0})
    # Woken early, the in-process runner waits this long first, so that a burst of requests
    # shares one run (one claim, one record) instead of a run each.
    gather_seconds: float = 0.0


DISPATCH = Periodic(
    notification_jobs.dispatch,
    every_seconds=10,
    minute=None,
    second=frozenset(range(0, 60, 10)),
    gather_seconds=0.1,
)
PRINT = Periodic(
    outreach_jobs.print_letters,
    every_seconds=10,
    minute=None,
    second=frozenset(range(5, 60, 10)),
    gather_seconds=0.1,
)
PERIODIC = (
    Periodic(access_jobs.purge_staff_sessions, every_seconds=3600, minute=frozenset({17})),
    DISPATCH,
    Periodic(interpreter_jobs.advance_offers, every_seconds=60, minute=None),
    Periodic(video_jobs.purge_passes, every_seconds=3600, minute=frozenset({47})),
    Periodic(outreach_jobs.purge_newcomers, every_seconds=3600, minute=frozenset({29})),
    PRINT,
    Periodic(scheduling_jobs.prune_busy_log, every_seconds=3600, minute=frozenset({27})),
    Periodic(scheduling_jobs.forget_short_code_tries, every_seconds=3600, minute=frozenset({37})),
    Periodic(
        scheduling_jobs.lapse_reminders,
        every_seconds=300,
        minute=frozenset(range(4, 60, 5)),
        second=frozenset({45}),
    ),
    Periodic(
        scheduling_jobs.ask_for_feedback,
        every_seconds=300,
        minute=frozenset(range(2, 60, 5)),
        second=frozenset({30}),
    ),
)


class InProcessRunner:
    """Runs the periodic jobs inside the API process (the embedded default, without Redis)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.ctx: dict[str, Any] = {
            "sessions": sessions,
            "settings": settings,
            "voice_report": voice_reporter(sessions, settings),
        }
        self._tasks: list[asyncio.Task[None]] = []
        self._wake: dict[Job, asyncio.Event] = {}
        # The jobs take turns: the embedded database has one writer at a time anyway.
        self._turn = asyncio.Lock()
        self._ran: set[Job] = set()
        self.first_round = asyncio.Event()  # set once every job has finished a round

    def start(self) -> None:
        self._wake = {item.job: asyncio.Event() for item in PERIODIC}
        self._tasks = [asyncio.create_task(self._loop(item)) for item in PERIODIC]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await notification_jobs.close(self.ctx)

    def wake(self, job: Job) -> None:
        """Run ``job`` now instead of at its next turn."""
        if event := self._wake.get(job):
            event.set()

    async def _loop(self, item: Periodic) -> None:
        wake = self._wake[item.job]
        while True:
            wake.clear()
            try:
                async with self._turn:
                    await item.job(self.ctx)
            except Exception:  # a failed round must not end the loop; the next one retries
                log.exception("periodic job %s failed", item.job.__name__)
            self._ran.add(item.job)
            if len(self._ran) == len(PERIODIC):
                self.first_round.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=item.every_seconds)
                if item.gather_seconds:
                    await asyncio.sleep(item.gather_seconds)


def voice_reporter(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> Callable[[UUID, CallResult], Awaitable[None]]:
    """How a worker's SIP call reports its result: ``flows.voice.record_call_result`` in a
    unit of work of its own. Its effect (send the outbox) needs no kick: the dispatcher that
    placed the call is draining the outbox."""

    async def report(call_id: UUID, result: CallResult) -> None:
        async with sessions() as session, session.begin():
            await voice.record_call_result(
                session, call_id=call_id, result=result, settings=settings
            )

    return report


KICK_QUIET_SECONDS = 5.0


async def kick(app: FastAPI, item: Periodic = DISPATCH) -> None:
    """Have ``item``'s job (the outbox by default) run now: by a worker through Redis, or by
    the in-process runner.

    Losing the request loses nothing: the periodic sweep finds the work in the database.
    """
    runner: InProcessRunner | None = getattr(app.state, "runner", None)
    if runner is not None:
        runner.wake(item.job)
        return
    queue = getattr(app.state, "queue", None)
    # After a failed ask the next ones are skipped for a while: a hung Redis then costs the
    # timeout to the first request, not to every request.
    if queue is None or time.monotonic() < getattr(app.state, "kick_quiet_until", 0.0):
        return
    try:
        # Each round trip has a socket timeout; this bounds the whole enqueue (it takes
        # several), so that a hung Redis delays the answer by this much at most.
        async with asyncio.timeout(app.state.settings.redis_timeout):
            await queue.enqueue_job(item.job.__name__)
    except Exception:  # Redis away or hung: the sweep will find the work
        app.state.kick_quiet_until = time.monotonic() + KICK_QUIET_SECONDS
        log.warning("could not ask a worker to run %s now", item.job.__name__, exc_info=True)
