"""The client's own link to a booking: what it shows (the time in words of the client's
language, the organisation and its number, whether we call the client or the room opens,
whether feedback may be given), and the changes the link allows: cancel, move, one answer of
feedback; and the short code read out over the phone, which leads to the link."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, phones
from core.config import Settings
from flows import bookings as booking_flows
from flows.effects import Done
from notifications import templates
from scheduling import (
    bookings,
    calls,
    feedback,
    lifecycle,
    municipalities,
    organisations,
    places,
    short_codes,
)
from scheduling.models import Booking, BookingStatus
from scheduling.schemas import (
    ClientBookingRead,
    ClientLinkAction,
    FeedbackCreate,
    MunicipalityRead,
    ShortCodeOpened,
    ShortCodeTyped,
)
from video import rooms


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
    switched = await rooms.switched_to_phone(session, booking.id)
    return ClientBookingRead(
        label=said.label,
        day_label=said.day,
        time_label=said.time,
        end_time_label=end.time,
        organisation_name=owner.name,
        organisation_place=await _place(session, owner.municipality_code),
        organisation_phone=owner.phone_e164,
        organisation_phone_label=phones.national(owner.phone_e164) if owner.phone_e164 else None,
        by_phone=calls.by_phone(booking, switched_at=switched),
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


async def _place(session: AsyncSession, code: str | None) -> MunicipalityRead | None:
    """The organisation's municipality, and the language its name is said in."""
    if code is None:
        return None
    found = MunicipalityRead.model_validate(await municipalities.get(session, code=code))
    return found.model_copy(update={"language": places.name_language(code)})


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


async def open_by_code(
    session: AsyncSession, *, typed: ShortCodeTyped, address: str, settings: Settings
) -> ShortCodeOpened:
    """The client link of the booking a short code opens (a wrong code is kept against the
    address: ten in a minute hold it back)."""
    booking = await short_codes.open_booking(
        session, secret=settings.secret_key, typed=typed.code, address=address, now=clock.now()
    )
    return ShortCodeOpened(link=f"/b/{bookings.link_token(settings.secret_key, booking)}")
