"""One unit of work per request (or WebSocket event, or command): a database session that
commits when the work ends cleanly and rolls back when it raises; only after the commit are
the effects that the use cases asked for carried out (the outbox kicked, a room told).

Routes never commit. A route that calls a flow hands the flow's ``Done`` to ``uow.after``,
which records its effects and gives back its value. A refusal that must keep what it wrote
(a failed log-in counts towards the limit) is a domain error with ``keeps_writes`` set: the
unit commits, then lets the error through, and runs no effect.
"""

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api import jobs
from core.errors import NeuvoError
from flows.effects import Done, Effect, PrintLetters, SendOutbox, TellRoom

log = logging.getLogger(__name__)

T = TypeVar("T")
Runner = Callable[[tuple[Effect, ...]], Awaitable[None]]


class UnitOfWork:
    """A session and the effects waiting for its commit; ``async with`` it."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], run: Runner) -> None:
        self._sessions = sessions
        self._run = run
        self._effects: list[Effect] = []
        self.session: AsyncSession

    def after(self, done: Done[T]) -> T:
        """Keep ``done``'s effects for after the commit; return its value."""
        self._effects.extend(done.effects)
        return done.value

    async def __aenter__(self) -> "UnitOfWork":
        self.session = self._sessions()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error, _trace) -> None:  # type: ignore[no-untyped-def]
        try:
            if error is None:
                await self.session.commit()
            elif isinstance(error, NeuvoError) and error.keeps_writes:
                await self.session.commit()
                return
            else:
                await self.session.rollback()
                return
        finally:
            await self.session.close()
        effects, self._effects = tuple(self._effects), []
        if effects:
            await self._run(effects)


def runner(app: FastAPI) -> Runner:
    """Carry effects out for ``app``: kick its outbox or its printing, tell its rooms."""

    async def run(effects: Iterable[Effect]) -> None:
        kicked = False
        for effect in effects:
            try:
                if isinstance(effect, SendOutbox) and not kicked:
                    kicked = True
                    await jobs.kick(app)
                elif isinstance(effect, PrintLetters):
                    await jobs.kick(app, jobs.PRINT)
                elif isinstance(effect, TellRoom):
                    envelope: dict[str, object] = {"msg": effect.message}
                    if effect.close is not None:
                        envelope["close"] = list(effect.close)
                    await app.state.hub.broadcast(str(effect.room_id), envelope)
            except Exception:  # committed is committed: a lost kick is found by the sweep
                log.exception("after the commit: %s failed", type(effect).__name__)

    return run


def unit(app: FastAPI, *, write: bool = True) -> UnitOfWork:
    """A unit of work on ``app``'s database: the writers' sessions, or the readers'."""
    state = app.state
    return UnitOfWork(state.sessions if write else state.read_sessions, runner(app))
