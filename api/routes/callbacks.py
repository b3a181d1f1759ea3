"""Call-back requests: a client's "call me" (public: from the client page, or from the
booking link with its token), whether a language needs the call offered first (public), and
the operators' queue for the staff who serve the organisation's clients."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api import headers
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep, check_origin
from core.languages import LanguageCode
from flows import callback_queue, callbacks
from scheduling.callback_schemas import (
    CallbackAttempt,
    CallbackCreate,
    CallbackFigures,
    CallbackFromLink,
    CallbackOffer,
    CallbackRead,
    CallbackReceived,
)
from scheduling.models import CallbackOutcome

router = APIRouter(tags=["call-back requests"])


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _private(received: CallbackReceived) -> Response:
    return JSONResponse(received.model_dump(mode="json"), status_code=201, headers=headers.PRIVATE)


@router.post("/api/v1/callbacks", status_code=201, response_model=CallbackReceived)
async def request_call(
    body: CallbackCreate, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """A client's "call me": 201 with roughly when the call comes; a number that is not a
    mobile one 422; one already waiting for this service 409; past the caps 409."""
    check_origin(request, settings)
    received = await callbacks.request_call(
        session, settings=settings, data=body, address=_address(request)
    )
    return _private(received)


@router.post("/b/{token}/callback", status_code=201, response_model=CallbackReceived)
async def request_call_from_link(
    token: str,
    body: CallbackFromLink,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """A "call me" from the booking link's page, to the booking's number."""
    check_origin(request, settings)
    received = await callbacks.request_from_link(
        session, settings=settings, token=token, data=body, address=_address(request)
    )
    return _private(received)


@router.get("/api/v1/callbacks/offer", response_model=CallbackOffer)
async def callback_offer(
    language: Annotated[LanguageCode, Query()], session: SessionDep
) -> CallbackOffer:
    """Whether ``language`` can be booked by ear; when not, a call is offered first."""
    return await callbacks.offer(session, language=language)


@router.get("/api/v1/callbacks", response_model=list[CallbackRead])
async def waiting_requests(actor: ActorDep, session: SessionDep) -> list[CallbackRead]:
    """The organisation's open requests, the due ones first (operators, advisors, admins)."""
    return await callback_queue.queue(session, actor=actor)


@router.get("/api/v1/callbacks/figures", response_model=CallbackFigures)
async def callback_figures(
    actor: ActorDep,
    session: SessionDep,
    organisation_id: UUID | None = None,
    first: date | None = None,
    last: date | None = None,
) -> CallbackFigures:
    """Requests and the share called back the same day, over local dates (30 days back)."""
    return await callback_queue.figures(
        session, actor=actor, organisation_id=organisation_id, first=first, last=last
    )


@router.post("/api/v1/callbacks/{request_id}/attempts", response_model=CallbackRead)
async def record_attempt(
    request_id: UUID, body: CallbackAttempt, actor: ActorDep, uow: UnitDep
) -> CallbackRead:
    """One try to call: helped closes it; the third no answer gives up and sends one SMS."""
    done = await callback_queue.record_attempt(
        uow.session, actor=actor, request_id=request_id, outcome=CallbackOutcome(body.outcome)
    )
    return uow.after(done)
