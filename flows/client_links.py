"""The client's own link to a booking: what it shows (the time in words of the client's
language, the organisation, whether the room is open, whether feedback may be given), and
the changes the link allows: cancel, move, one answer of feedback."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.config import Settings
from flows import bookings as booking_flows
from flows.effects import Done
from notifications import templates
from scheduling import feedback, lifecycle, organisations
from scheduling.models import Booking, BookingStatus
from scheduling.schemas import ClientBookingRead, ClientLinkAction, FeedbackCreate


async def view(
    session: AsyncSession, *, booking: Booking, now: datetime, settings: Settings
) -> ClientBookingRead:
    """The booking as its client sees it at ``now``."""
    zone = settings.timezone
    service = await lifecycle.service_of(session, booking)
    owner = await organisations.get(session, organisation_id=booking.organisation_id)
    given = await feedback.of(session, booking=booking)
    said = templates.spoken_when(booking.starts_at, language=booking.language, zone=zone)
    end = templates.spoken_when(booking.ends_at, language=booking.language, zone=zone)
    opens_at = booking.starts_at - timedelta(minutes=settings.room_open_minutes)
    opens = templates.spoken_when(opens_at, language=booking.language, zone=zone)
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
        service_slug=service.slug,
        peer_guidance=service.peer_guidance,
    )


async def show(session: AsyncSession, *, token: str, settings: Settings) -> ClientBookingRead:
    """The booking of a client link (404 for an unknown or expired link)."""
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    return await view(session, booking=booking, now=now, settings=settings)


async def change(
    session: AsyncSession, *, token: str, action: ClientLinkAction, settings: Settings
) -> Done[ClientBookingRead]:
    """Cancel the link's booking, or move it to a slot found by a search."""
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    if action.action == "cancel":
        done = await booking_flows.cancel(
            session, settings=settings, booking=booking, actor=None, reason=action.reason
        )
    else:
        assert action.slot is not None
        done = await booking_flows.move(
            session, settings=settings, booking=booking, slot=action.slot, actor=None
        )
    return Done(await view(session, booking=booking, now=now, settings=settings), done.effects)


async def give_feedback(
    session: AsyncSession, *, token: str, answer: FeedbackCreate, settings: Settings
) -> ClientBookingRead:
    """The client's one answer after the session; the link's token is the authority."""
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    await feedback.record(
        session, booking=booking, score=answer.score, comment=answer.comment, now=now
    )
    return await view(session, booking=booking, now=now, settings=settings)
