"""A client's feedback after a session: one of three faces per booking, once, after its end;
the message that asks for it (once, outside quiet hours, while the link still works); and
the answers counted per service, language and channel for the organisation's admins."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.errors import OrganisationNotFound
from access.models import Role
from notifications import outbox
from notifications.models import Message, MessageKind, MessageStatus
from scheduling import notices
from scheduling.errors import FeedbackAlreadyGiven, FeedbackTooEarly
from scheduling.models import (
    Booking,
    BookingStatus,
    Client,
    Feedback,
    FeedbackScore,
    Organisation,
    Service,
)

# A session the advisor marked a no-show, or that was cancelled, asks nothing.
ASKED = (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


async def of(session: AsyncSession, *, booking: Booking) -> Feedback | None:
    """The booking's feedback, if its client gave one."""
    return await session.scalar(select(Feedback).where(Feedback.booking_id == booking.id))


def may_give(booking: Booking, *, given: Feedback | None, now: datetime) -> bool:
    """Whether the client may answer now: the session took place, has ended, no answer yet."""
    return given is None and booking.status in ASKED and booking.ends_at <= now


async def record(
    session: AsyncSession,
    *,
    booking: Booking,
    score: FeedbackScore,
    comment: str | None,
    now: datetime,
) -> Feedback:
    """Keep the client's one answer for ``booking``; refused before the end or a second time."""
    given = await of(session, booking=booking)
    if given is not None:
        raise FeedbackAlreadyGiven("feedback was given already", booking_id=booking.id)
    if not may_give(booking, given=None, now=now):
        raise FeedbackTooEarly("feedback opens when the session has ended", booking_id=booking.id)
    feedback = Feedback(booking_id=booking.id, score=score, comment=(comment or "").strip() or None)
    session.add(feedback)
    await session.flush()
    # Answered before the question went out (its SMS held back by quiet hours): not asked.
    await session.execute(
        update(Message)
        .where(
            Message.booking_id == booking.id,
            Message.kind == MessageKind.FEEDBACK,
            Message.status == MessageStatus.PENDING,
        )
        .values(status=MessageStatus.CANCELLED, last_error="withdrawn: the client answered")
        .execution_options(synchronize_session=False)
    )
    return feedback


ASK_AFTER = timedelta(minutes=15)  # after the session's end, the client is asked
LINK_MARGIN = timedelta(hours=1)  # ... only while the link will work a while yet


def request_key(booking_id: object) -> str:
    """The idempotency key of a booking's one feedback request."""
    return f"feedback:{booking_id}:client"


async def ask(session: AsyncSession, *, now: datetime) -> int:
    """Put in the outbox, once per booking, the message that asks the client of a completed
    session how it went, with their link: ``ASK_AFTER`` its end, outside quiet hours in the
    organisation's zone, only while the link still works and no answer was given. Running
    twice (or two workers at once) writes nothing more. Returns how many were written."""
    asked = exists().where(Message.booking_id == Booking.id, Message.kind == MessageKind.FEEDBACK)
    answered = exists().where(Feedback.booking_id == Booking.id)
    rows = (
        await session.execute(
            select(Booking, Client, Organisation.timezone)
            .join(Client, Client.id == Booking.client_id)
            .join(Organisation, Organisation.id == Booking.organisation_id)
            .where(
                Booking.status == BookingStatus.COMPLETED,
                Booking.ends_at <= now,
                Booking.client_token_expires_at > now + LINK_MARGIN,
                ~asked,
                ~answered,
            )
        )
    ).all()
    written = 0
    for booking, client, zone in rows:
        due = outbox.outside_quiet_hours(
            max(now, booking.ends_at + ASK_AFTER), None, ZoneInfo(zone)
        )
        second = (client.preferred_language, client.second_language)
        to = outbox.client_recipient(
            phone=client.phone_e164,
            email=client.email,
            language=booking.language,
            second_language=next((c for c in second if c and c != booking.language), None),
        )
        if to is None or due > booking.client_token_expires_at - LINK_MARGIN:
            continue
        written += await outbox.put_once(
            session,
            kind=MessageKind.FEEDBACK,
            to=to,
            about=notices.facts(booking, link_salt=booking.client_token_salt),
            due_at=due,
            zone=zone,
            key=request_key(booking.id),
        )
    return written


SMALL = 5  # counts from 1 to 4 could point at a person: "<5" outside the organisation
SCORES = tuple(score.value for score in FeedbackScore)


async def counts(
    session: AsyncSession, *, actor: Actor, organisation_id: UUID | None = None
) -> list[dict[str, Any]]:
    """The answers to the organisation's sessions per service, language and channel: each
    face's count and all of them. Its own admins see every count; a platform admin looking
    at another organisation sees counts from 1 to 4 as "<5" (as the campaign funnel does);
    the organisation's other staff need the admin role, anyone else finds no organisation."""
    organisation_id = organisation_id or actor.organisation_id
    own = actor.has(Role.ADMIN) and actor.organisation_id == organisation_id
    if not own:
        if not actor.sees(organisation_id):
            raise OrganisationNotFound("no such organisation", field="organisation_id")
        if not actor.is_platform_admin:
            actor.require(Role.ADMIN)
    query = (
        select(Booking.service_id, Booking.language, Booking.channel, Feedback.score, func.count())
        .join(Booking, Booking.id == Feedback.booking_id)
        .where(Booking.organisation_id == organisation_id)
        .group_by(Booking.service_id, Booking.language, Booking.channel, Feedback.score)
    )
    found_rows = (await session.execute(query)).all()
    ids = {row[0] for row in found_rows}
    names = {
        service.id: dict(service.names or {})
        for service in await session.scalars(select(Service).where(Service.id.in_(ids)))
    }
    rows: dict[tuple[UUID, str, str], dict[str, Any]] = {}
    for service_id, language, channel, score, count in found_rows:
        key = (service_id, language, str(channel))
        row = rows.setdefault(
            key,
            {
                "service_id": service_id,
                "service_names": names.get(service_id, {}),
                "language": language,
                "channel": str(channel),
                **dict.fromkeys(SCORES, 0),
                "answers": 0,
            },
        )
        row[str(score)] += count
        row["answers"] += count
    found = sorted(rows.values(), key=lambda r: (-r["answers"], r["language"], r["channel"]))
    return found if own else [suppress(row) for row in found]


def suppress(row: dict[str, Any]) -> dict[str, Any]:
    """The row with every count from 1 to 4 shown as "<5" (zero says nothing of a person)."""
    return {
        key: "<5" if key in (*SCORES, "answers") and 0 < value < SMALL else value
        for key, value in row.items()
    }
