"""Periodic jobs, and the in-process runner that runs them when there is no Redis."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from scheduling import jobs as scheduling_jobs

log = logging.getLogger(__name__)

Job = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Periodic:
    job: Job
    every_seconds: int
    minute: int  # the minute of the hour arq's cron runs it at


PERIODIC = (Periodic(scheduling_jobs.purge_sessions, every_seconds=3600, minute=17),)


class InProcessRunner:
    """Runs the periodic jobs inside the API process (the embedded default, without Redis)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.ctx: dict[str, Any] = {"sessions": sessions, "settings": settings}
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(item)) for item in PERIODIC]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self, item: Periodic) -> None:
        while True:
            try:
                await item.job(self.ctx)
            except Exception:  # a failed round must not end the loop; the next one retries
                log.exception("periodic job %s failed", item.job.__name__)
            await asyncio.sleep(item.every_seconds)
