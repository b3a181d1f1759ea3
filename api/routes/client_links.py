"""The client's capability link ``/b/{token}``: GET shows the booking and changes nothing
(mail scanners fetch links); POST cancels or moves it. ``/code``: the page where a client
types the short code an operator read out, and ``POST /code``, which answers the link."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api import assets, headers
from api.deps import SessionDep, SettingsDep, UnitDep, check_origin
from flows import client_links
from scheduling.schemas import (
    ClientBookingRead,
    ClientLinkAction,
    FeedbackCreate,
    ShortCodeOpened,
    ShortCodeTyped,
)

router = APIRouter(tags=["client link"])


def _json(view: ClientBookingRead, status_code: int = 200) -> JSONResponse:
    return JSONResponse(
        view.model_dump(mode="json"), status_code=status_code, headers=headers.PRIVATE
    )


@router.get(
    "/b/{token}",
    response_model=ClientBookingRead,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def show(
    token: str, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """The booking, as JSON for the page's script, or the page itself for a browser."""
    if "application/json" not in request.headers.get("accept", ""):
        return assets.page(request, "booking.html", headers.PRIVATE)
    return _json(await client_links.show(session, token=token, settings=settings))


@router.post("/b/{token}", response_model=ClientBookingRead)
async def change(
    token: str, body: ClientLinkAction, request: Request, uow: UnitDep, settings: SettingsDep
) -> Response:
    """Cancel the booking, or move it to a slot found by a search."""
    check_origin(request, settings)
    done = await client_links.change(uow.session, token=token, action=body, settings=settings)
    return _json(uow.after(done))


@router.post("/b/{token}/feedback", status_code=201)
async def give_feedback(
    token: str, body: FeedbackCreate, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """The client's one answer after the session; the link's token is the authority."""
    check_origin(request, settings)
    view = await client_links.give_feedback(session, token=token, answer=body, settings=settings)
    return _json(view, status_code=201)


@router.get("/code", include_in_schema=False)
async def code_page(request: Request) -> Response:
    """The page where the client types the short code on a keypad."""
    return assets.page(request, "code.html", headers.PAGE)


@router.post("/code", response_model=ShortCodeOpened)
async def open_by_code(
    body: ShortCodeTyped, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """The booking's link for a short code; a wrong one is 404 (and counted: ten from one
    address in a minute are 429 with ``Retry-After``)."""
    check_origin(request, settings)
    address = request.client.host if request.client else "unknown"
    opened = await client_links.open_by_code(
        session, typed=body, address=address, settings=settings
    )
    return JSONResponse(opened.model_dump(mode="json"), headers=headers.PRIVATE)
