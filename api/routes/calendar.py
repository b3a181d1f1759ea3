"""Calendars: a booking's invitation for staff, and each staff member's secret feed URL."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, SessionDep, SettingsDep
from core import clock
from scheduling import calendars, lifecycle
from scheduling.schemas import FeedLink

router = APIRouter(tags=["calendar"])

ICS = "text/calendar; charset=utf-8"


@router.get("/api/v1/bookings/{booking_id}/calendar.ics")
async def booking_invitation(
    booking_id: UUID, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """The booking as an RFC 5545 invitation (or cancellation) for the staff calendar."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    body = await calendars.invitation(
        session, booking=booking, zone=settings.timezone, base_url=settings.base_url
    )
    return Response(body, media_type=ICS)


@router.post("/api/v1/auth/me/calendar-feed", response_model=FeedLink)
async def new_feed(actor: ActorDep, session: SessionDep, settings: SettingsDep) -> FeedLink:
    """A new secret address for the caller's calendar feed; the previous one stops working."""
    token = await calendars.new_feed_token(session, staff_id=actor.staff_id)
    return FeedLink(url=f"{settings.base_url.rstrip('/')}/calendar/{token}.ics")


@router.delete("/api/v1/auth/me/calendar-feed", status_code=204)
async def revoke_feed(actor: ActorDep, session: SessionDep) -> Response:
    """Revoke the caller's calendar feed address (no new one is made)."""
    await calendars.revoke_feed(session, staff_id=actor.staff_id)
    return Response(status_code=204)


@router.get("/calendar/{token}.ics")
async def feed(token: str, session: SessionDep, settings: SettingsDep) -> Response:
    """A staff member's sessions as a calendar feed (the address is the secret)."""
    body = await calendars.feed(
        session, token=token, now=clock.now(), zone=settings.timezone, base_url=settings.base_url
    )
    return Response(
        body,
        media_type=ICS,
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )
