"""The HTTP voice API's side of a call (46elks's shapes): its webhooks, public routes whose
URL carries the call's secret (46elks signs nothing), and the audio it fetches under
capability URLs. Each calls one flow (``flows.voice_webhooks``)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import SessionDep, SettingsDep, UnitDep
from flows import voice_webhooks

router = APIRouter(prefix="/elks", tags=["voice provider webhooks"])

Token = Annotated[str, Path(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
NO_STORE = {"Cache-Control": "no-store"}


async def _form(request: Request) -> dict[str, str]:
    """The provider's form, every field as text (it sends more than Neuvo reads)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


@router.post("/calls/{call_id}/{token}/ivr")
async def key_pressed(
    call_id: UUID,
    token: Token,
    request: Request,
    uow: UnitDep,
    settings: SettingsDep,
    script: Annotated[str, Query(max_length=4000)],
    ask: Annotated[int, Query(ge=1, le=9)] = 1,
    wrong: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """An ``ivr``'s ``next``: the key pressed (``result``), or "failed" with ``why``
    "noinput"; answered with the call's next action as JSON."""
    form = await _form(request)
    done = await voice_webhooks.key_pressed(
        uow.session,
        call_id=call_id,
        token=token,
        script=script,
        ask=ask,
        wrong=wrong,
        form=form,
        settings=settings,
    )
    return JSONResponse(uow.after(done), headers=NO_STORE)


@router.post("/calls/{call_id}/{token}/hangup", status_code=204)
async def hung_up(
    call_id: UUID,
    token: Token,
    request: Request,
    uow: UnitDep,
    settings: SettingsDep,
    keys: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """``whenhangup``: the call object (``state``, ``start``, ``actions``) once it is over."""
    form = await _form(request)
    done = await voice_webhooks.hung_up(
        uow.session, call_id=call_id, token=token, keys=keys, form=form, settings=settings
    )
    uow.after(done)
    return Response(status_code=204, headers=NO_STORE)


@router.get(
    "/audio/{call_id}/{expires}/{token}.mp3",
    responses={200: {"content": {"audio/mpeg": {}}}},
)
async def audio(
    call_id: UUID,
    expires: Annotated[int, Path(ge=0, le=2**40)],
    token: Token,
    session: SessionDep,
    settings: SettingsDep,
    parts: Annotated[str, Query(min_length=1, max_length=2000)],
) -> Response:
    """The audio the provider plays: speech library files, joined, while the URL lasts."""
    data = await voice_webhooks.audio(
        session, call_id=call_id, expires=expires, token=token, parts=parts, settings=settings
    )
    return Response(
        data,
        media_type="audio/mpeg",
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
