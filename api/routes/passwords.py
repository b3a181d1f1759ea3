"""Passwords: the page a link by e-mail opens (``/password``, the token in its fragment), what
a link is and setting a password with it, asking for a reset link, and changing one's own
password. The page's GET changes nothing (mail scanners open links); only a POST with the
token does."""

from datetime import timedelta
from typing import Literal

from fastapi import APIRouter, Request, Response, status

from access import auth, password_links
from access.schemas import (
    PasswordChange,
    PasswordIsSet,
    PasswordLinkRead,
    PasswordLinkToken,
    PasswordSet,
    ResetRequest,
    ResetRequested,
)
from api import assets, headers
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep, check_origin, session_token
from core import clock
from core.passwords import MIN_LENGTH
from flows import staff as staff_flows

router = APIRouter(tags=["auth"])

PAGE_LANGUAGES = ("fi", "sv", "en")


def page_language(accept_language: str) -> Literal["fi", "sv", "en"]:
    """The first of fi, sv and en the browser asks for (by its q-values), else Finnish."""
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().lower()[:2]
        if code in PAGE_LANGUAGES and quality > 0:
            wanted.append((-quality, index, code))
    return sorted(wanted)[0][2] if wanted else "fi"  # type: ignore[return-value]


def _policy(settings: SettingsDep) -> auth.LoginPolicy:
    return auth.LoginPolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/password", include_in_schema=False)
async def password_page(request: Request) -> Response:
    """Set a password from a link (``#t=TOKEN``), or ask for a reset link (no token)."""
    return assets.page(request, "password.html", headers.PRIVATE)


@router.post("/api/v1/auth/password-links/look", response_model=PasswordLinkRead)
async def look(
    body: PasswordLinkToken, request: Request, session: SessionDep, settings: SettingsDep
) -> PasswordLinkRead:
    """What a password link is now (ready, used, expired, ended or unknown) and the page's
    language; nothing changes. The account is named only while the link can be used."""
    check_origin(request, settings)
    found = await password_links.look(session, token=body.token, now=clock.now())
    member = found.member
    language = (member.console_language if member else None) or page_language(
        request.headers.get("accept-language", "")
    )
    ready = found.state == password_links.LinkState.READY
    return PasswordLinkRead(
        state=found.state.value,
        kind=found.link.kind.value if found.link else None,
        language=language,
        email=member.email if ready and member else None,
        display_name=member.display_name if ready and member else None,
        expires_at=found.link.expires_at if found.link else None,
        min_length=MIN_LENGTH,
    )


@router.post("/api/v1/auth/password-links/use", response_model=PasswordIsSet)
async def use(
    body: PasswordSet, request: Request, session: SessionDep, settings: SettingsDep
) -> PasswordIsSet:
    """Set the password with a link, once; then log in with it. A password the rules refuse
    (422, field ``password``) or a link that cannot be used (409: used, expired or ended)
    changes nothing."""
    check_origin(request, settings)
    member = await password_links.use(
        session, token=body.token, password=body.password, now=clock.now()
    )
    return PasswordIsSet(email=member.email)


@router.post(
    "/api/v1/auth/password-reset",
    response_model=ResetRequested,
    status_code=status.HTTP_202_ACCEPTED,
)
async def request_reset(
    body: ResetRequest, request: Request, uow: UnitDep, settings: SettingsDep
) -> ResetRequested:
    """E-mail a link to set a new password. The answer is the same whether or not the address
    has an account; requests are held back as log-ins are (429 with Retry-After)."""
    check_origin(request, settings)
    done = await staff_flows.request_reset(
        uow.session, email=body.email, address=_address(request), settings=settings
    )
    return ResetRequested(minutes=uow.after(done))


@router.post("/api/v1/auth/me/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: PasswordChange,
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Change one's own password (the current one is asked again); the caller's other
    sessions end."""
    found = session_token(request)
    await auth.change_password(
        session,
        actor=actor,
        current=body.current_password,
        new=body.new_password,
        address=_address(request),
        keep_token=found[0] if found else None,
        policy=_policy(settings),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
