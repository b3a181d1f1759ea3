"""The client's capability link ``/b/{token}``: GET shows the booking and changes nothing
(mail scanners fetch links); POST cancels or moves it."""

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api import assets, jobs
from api.deps import SessionDep, SettingsDep, check_origin
from api.routes.bookings import context
from core import clock
from interpreters import offers
from notifications import templates
from scheduling import feedback, lifecycle, organisations, references
from scheduling.models import Booking, BookingStatus
from scheduling.schemas import ClientBookingRead, ClientLinkAction, FeedbackCreate

router = APIRouter(tags=["client link"])

# The token is in the path: it must never travel on in a Referer, nor sit in a shared cache.
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


async def _view(session, booking: Booking, now, settings) -> ClientBookingRead:  # type: ignore[no-untyped-def]
    service = await lifecycle.service_of(session, booking)
    owner = await organisations.get(session, organisation_id=booking.organisation_id)
    given = await feedback.of(session, booking=booking)
    said = templates.spoken_when(
        booking.starts_at, language=booking.language, zone=settings.timezone
    )
    end = templates.spoken_when(booking.ends_at, language=booking.language, zone=settings.timezone)
    opens_at = booking.starts_at - timedelta(minutes=settings.room_open_minutes)
    opens = templates.spoken_when(opens_at, language=booking.language, zone=settings.timezone)
    return ClientBookingRead(
        label=said.label,
        day_label=said.day,
        time_label=said.time,
        end_time_label=end.time,
        organisation_name=owner.name,
        room_opens_at=opens_at,
        room_opens_time_label=opens.time,
        can_give_feedback=feedback.may_give(booking, given=given, now=now),
        feedback_score=None if given is None else given.score,
        service_id=booking.service_id,
        service_names=service.names,
        municipality_code=booking.municipality_code,
        language=booking.language,
        channel=booking.channel,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        status=booking.status.value,
        can_change=booking.status == BookingStatus.CONFIRMED and booking.starts_at > now,
    )


def _json(view: ClientBookingRead) -> JSONResponse:
    return JSONResponse(view.model_dump(mode="json"), headers=PRIVATE)


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
        return assets.page(request, "booking.html", PRIVATE)
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    return _json(await _view(session, booking, now, settings))


@router.post("/b/{token}", response_model=ClientBookingRead)
async def change(
    token: str,
    body: ClientLinkAction,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Cancel the booking, or move it to a slot found by a search."""
    check_origin(request, settings)
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    if body.action == "cancel":
        await lifecycle.cancel(
            session, booking=booking, actor=None, reason=body.reason, context=context(settings)
        )
        await offers.booking_cancelled(session, booking=booking, now=now, zone=settings.timezone)
    else:
        assert body.slot is not None
        ref = references.decode(settings.secret_key, body.slot)
        await lifecycle.move(
            session, booking=booking, ref=ref, actor=None, context=context(settings)
        )
        await offers.booking_moved(
            session, booking=booking, now=now, zone=settings.timezone, base_url=settings.base_url
        )
    await session.commit()
    await jobs.kick(request.app)
    return _json(await _view(session, booking, now, settings))


@router.post("/b/{token}/feedback", status_code=201)
async def give_feedback(
    token: str,
    body: FeedbackCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The client's one answer after the session; the link's token is the authority."""
    check_origin(request, settings)
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    await feedback.record(session, booking=booking, score=body.score, comment=body.comment, now=now)
    await session.commit()
    view = await _view(session, booking, now, settings)
    return JSONResponse(view.model_dump(mode="json"), status_code=201, headers=PRIVATE)
