"""Calendars for staff: an invitation per booking and a personal feed, with the service,
channel, language and interpreter of each session but never the client's name or phone."""

from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from access.models import StaffMember
from core import tokens
from notifications import ical
from scheduling import directory
from scheduling.errors import FeedNotFound
from scheduling.models import Booking, BookingStatus, Service

FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=180)
CHANNEL_NAMES = {"video": "video", "phone": "puhelin / phone", "in_person": "paikan päällä"}


def event(
    booking: Booking,
    service: Service | directory.ServiceTerms,
    *,
    zone: str,
    base_url: str,
    interpreter: str | None = None,
) -> ical.CalendarEvent:
    """The calendar event of a booking, as its staff see it: with its interpreter's name once
    one has accepted (``interpreter``), else that one is needed."""
    name = service.names.get("fi") or service.names.get("sv") or next(iter(service.names.values()))
    summary = f"{name} · {booking.channel} · {booking.language}"
    helper = ""
    if not booking.own_language:
        helper = (
            f"\nTulkki / interpreter: {interpreter}"
            if booking.interpreter_id is not None and interpreter
            else "\nTulkki tarvitaan / interpreter needed"
        )
    description = (
        f"Neuvo: {name}\nKanava / channel: {CHANNEL_NAMES.get(booking.channel, booking.channel)}"
        f"\nKieli / language: {booking.language}" + helper
    )
    return ical.CalendarEvent(
        uid=booking.calendar_uid,
        sequence=booking.sequence,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        zone=zone,
        summary=summary,
        description=description,
        url=f"{base_url.rstrip('/')}/console#booking-{booking.id}",
        stamp=booking.updated_at,
        cancelled=booking.status == BookingStatus.CANCELLED,
    )


async def invitation(session: AsyncSession, *, booking: Booking, zone: str, base_url: str) -> bytes:
    """METHOD:REQUEST for a live booking, METHOD:CANCEL once it is cancelled."""
    service = await session.get(Service, booking.service_id)
    assert service is not None
    item = event(
        booking,
        service,
        zone=zone,
        base_url=base_url,
        interpreter=await interpreter_name(session, booking),
    )
    return ical.cancellation(item) if item.cancelled else ical.invitation(item)


async def cancelled_params(
    session: AsyncSession, *, booking: Booking, zone: str, base_url: str
) -> dict[str, object]:
    """The booking's event as it is now, cancelled with the SEQUENCE its next change will have
    (``ical.to_params`` values): for an interpreter who loses it when it moves."""
    service = await session.get(Service, booking.service_id)
    assert service is not None
    item = event(
        booking,
        service,
        zone=zone,
        base_url=base_url,
        interpreter=await interpreter_name(session, booking),
    )
    return ical.to_params(replace(item, sequence=booking.sequence + 1, cancelled=True))


async def interpreter_name(session: AsyncSession, booking: Booking) -> str | None:
    """The name of the interpreter who accepted ``booking``, if one has."""
    if booking.interpreter_id is None:
        return None
    member = await session.get(StaffMember, booking.interpreter_id)
    return member.display_name if member is not None else None


async def new_feed_token(session: AsyncSession, *, staff_id: UUID) -> str:
    """Give a staff member a new secret feed address (the old one stops working)."""
    member = await session.get(StaffMember, staff_id)
    assert member is not None
    token = tokens.new_token()
    member.feed_token_hash = tokens.hash_token(token)
    await session.flush()
    return token


async def revoke_feed(session: AsyncSession, *, staff_id: UUID) -> None:
    """Stop a staff member's feed address working, with no new one."""
    member = await session.get(StaffMember, staff_id)
    assert member is not None
    member.feed_token_hash = None
    await session.flush()


async def feed(
    session: AsyncSession, *, token: str, now: datetime, zone: str, base_url: str
) -> bytes:
    """The feed of a staff member's sessions (as advisor or as interpreter) from a month back
    to half a year ahead."""
    member = await session.scalar(
        select(StaffMember).where(StaffMember.feed_token_hash == tokens.hash_token(token))
    )
    if member is None or not member.active:
        raise FeedNotFound("no calendar feed has this address")
    helper = aliased(StaffMember)
    rows = await session.execute(
        select(Booking, Service, helper.display_name)
        .join(Service, Service.id == Booking.service_id)
        .outerjoin(helper, helper.id == Booking.interpreter_id)
        .where(
            or_(Booking.advisor_id == member.id, Booking.interpreter_id == member.id),
            Booking.starts_at >= now - FEED_PAST,
            Booking.starts_at < now + FEED_AHEAD,
            or_(Booking.status != BookingStatus.CANCELLED, Booking.updated_at >= now - FEED_PAST),
        )
        .order_by(Booking.starts_at)
    )
    events = [
        event(b, s, zone=zone, base_url=base_url, interpreter=name) for b, s, name in rows.all()
    ]
    return ical.feed(events, name=f"Neuvo – {member.display_name}")
