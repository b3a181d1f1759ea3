"""Dependencies shared by the routes: settings, the database session, the acting staff member."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from access import auth
from access.actors import Actor
from access.errors import NotAuthenticated
from api import unit_of_work
from api.errors import CsrfRejected
from api.unit_of_work import UnitOfWork
from core import tokens
from core.config import Settings

SESSION_COOKIE = "neuvo_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Dependencies are ``async def`` even when they never await: FastAPI runs a plain ``def``
# dependency in its thread pool, a hand-over to another thread on every request.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def _mark_writes(request: Request) -> None:
    request.state.writes = True


WRITES = Depends(_mark_writes)
"""Put in a GET route's ``dependencies`` when it writes too (the audit log of client reads)."""


async def get_unit(request: Request) -> AsyncIterator[UnitOfWork]:
    """The request's unit of work: it commits when the route returns, before the answer is
    sent, then runs the effects the route's flow asked for; an error rolls it all back.
    Reads may run beside a writer; writes queue on SQLite."""
    writes = request.method not in SAFE_METHODS or getattr(request.state, "writes", False)
    async with unit_of_work.unit(request.app, write=writes) as uow:
        yield uow


# scope="function": the unit ends when the route returns, not after the answer has gone out,
# so a client is never told "booked" about a booking that then fails to commit.
UnitDep = Annotated[UnitOfWork, Depends(get_unit, scope="function")]


async def get_session(uow: UnitDep) -> AsyncSession:
    """The database session of the request's unit of work."""
    return uow.session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def csrf_token(settings: Settings, session_token: str) -> str:
    """The CSRF token of a cookie session: derived from it, so nothing more is stored."""
    return tokens.sign(settings.secret_key, f"csrf:{session_token}")


def check_origin(request: Request, settings: Settings) -> None:
    """Refuse a browser write whose Origin is not one of ours."""
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") not in settings.origins:
        raise CsrfRejected("this request comes from a page of another site")


def session_token(request: Request) -> tuple[str, bool] | None:
    """Return the caller's token and whether it came by cookie (else by bearer header)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else None


async def current_actor(request: Request, session: SessionDep, settings: SettingsDep) -> Actor:
    """The logged-in staff member; cookie writes must also carry the CSRF token."""
    found = session_token(request)
    if found is None:
        raise NotAuthenticated("log in first")
    token, by_cookie = found
    actor = await auth.authenticate(session, token=token)
    if by_cookie and request.method not in SAFE_METHODS:
        check_origin(request, settings)
        sent = request.headers.get(CSRF_HEADER, "")
        if not tokens.verify_signature(settings.secret_key, f"csrf:{token}", sent):
            raise CsrfRejected(f"the {CSRF_HEADER} header is missing or wrong")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


async def optional_actor(
    request: Request, session: SessionDep, settings: SettingsDep
) -> Actor | None:
    """The logged-in staff member, or ``None`` for a public caller."""
    if session_token(request) is None:
        return None
    return await current_actor(request, session, settings)


OptionalActorDep = Annotated[Actor | None, Depends(optional_actor)]
