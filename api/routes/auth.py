"""Staff log-in and log-out: a cookie session for the console, bearer tokens for API clients."""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, StringConstraints

from access import auth, staff
from access.schemas import MeUpdate, StaffRead
from api.deps import (
    SESSION_COOKIE,
    ActorDep,
    SessionDep,
    SettingsDep,
    check_origin,
    csrf_token,
    session_token,
)
from core.config import Settings

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class Credentials(BaseModel):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Me(BaseModel):
    staff: StaffRead
    csrf_token: str | None = None


class BearerToken(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_at: datetime


def _policy(settings: Settings) -> auth.LoginPolicy:
    return auth.LoginPolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
        session_lifetime=timedelta(hours=settings.session_hours),
    )


async def _login(
    request: Request,
    session: SessionDep,
    settings: Settings,
    body: Credentials,
    kind: auth.SessionKind,
) -> auth.LoginResult:
    check_origin(request, settings)
    address = request.client.host if request.client else "unknown"
    # A refused log-in is still written: the failed attempt is what the limit counts (its
    # errors keep their writes, see api/unit_of_work.py).
    return await auth.login(
        session,
        email=body.email,
        password=body.password,
        address=address,
        kind=kind,
        policy=_policy(settings),
    )


@router.post("/login", response_model=Me)
async def login(
    request: Request,
    response: Response,
    body: Credentials,
    session: SessionDep,
    settings: SettingsDep,
) -> Me:
    """Log in to the console: sets an HttpOnly session cookie and returns the CSRF token."""
    result = await _login(request, session, settings, body, auth.SessionKind.COOKIE)
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.base_url.startswith("https://"),
        samesite="lax",
        path="/",
    )
    view = await staff.get(session, actor=result.actor, staff_id=result.staff.id)
    return Me(staff=StaffRead.model_validate(view), csrf_token=csrf_token(settings, result.token))


@router.post("/tokens", response_model=BearerToken, status_code=status.HTTP_201_CREATED)
async def create_token(
    request: Request, body: Credentials, session: SessionDep, settings: SettingsDep
) -> BearerToken:
    """Exchange an e-mail and password for a bearer token (for API clients, no cookie)."""
    result = await _login(request, session, settings, body, auth.SessionKind.BEARER)
    return BearerToken(access_token=result.token, expires_at=result.session.expires_at)


@router.get("/me", response_model=Me)
async def me(request: Request, actor: ActorDep, session: SessionDep, settings: SettingsDep) -> Me:
    """Who is logged in, with the CSRF token the console must send on writes."""
    view = await staff.get(session, actor=actor, staff_id=actor.staff_id)
    found = session_token(request)
    token = csrf_token(settings, found[0]) if found and found[1] else None
    return Me(staff=StaffRead.model_validate(view), csrf_token=token)


@router.patch("/me", response_model=Me)
async def update_me(
    request: Request, body: MeUpdate, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> Me:
    """Change one's own console settings (the console language)."""
    view = await staff.update_own(session, actor=actor, data=body)
    found = session_token(request)
    token = csrf_token(settings, found[0]) if found and found[1] else None
    return Me(staff=StaffRead.model_validate(view), csrf_token=token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, actor: ActorDep, session: SessionDep) -> Response:
    """End the current session (cookie or bearer)."""
    found = session_token(request)
    if found:
        await auth.logout(session, token=found[0])
        response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
