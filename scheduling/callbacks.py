"""Call-back requests: a client's "call me", and the operators' queue that answers it.

They live in ``scheduling`` because a request belongs to an organisation (and maybe one of its
services or bookings), is answered by the staff who serve its clients (``clients.CLIENT_ROLES``),
is capped per number and per address as public bookings are (``limits``), and ends, at best,
in a booking made from it; the one SMS after three unanswered tries goes through the outbox
(``notifications``), which ``scheduling`` may use. A voice gateway ("0" pressed in a reminder
call) opens requests through the same function.

Personal data is minimal: the number and the language; the network address only as a keyed
hash. The number is never logged.
"""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from access.actors import Actor
from core import phones
from core.models import new_row
from notifications import outbox
from notifications.models import MessageKind
from scheduling.clients import CLIENT_ROLES
from scheduling.errors import (
    CallbackAlreadyOpen,
    CallbackClosed,
    CallbackNotFound,
    InvalidValue,
    TooManyCallbacks,
)
from scheduling.models import (
    Booking,
    BookingStatus,
    CallbackOutcome,
    CallbackRequest,
    CallbackSource,
    CallbackStatus,
    Client,
    Organisation,
)

MAX_ATTEMPTS = 3  # unanswered tries before the request is given up (and one SMS sent)
OPEN_PER_NUMBER = 3  # open requests one number may hold (across organisations and services)
OPEN_PER_SOURCE = 10  # ... and one network address
TOPICS = ("booking", "work", "housing", "health", "school", "money", "other")

# A row the one-open-request index refuses is not written, and no error: the caller is told.
_INSERT = {
    name: dialect.insert(CallbackRequest).on_conflict_do_nothing().returning(CallbackRequest.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def mobile_e164(value: str, *, field: str = "phone") -> str:
    """The E.164 form of a mobile number (one a call-back and its SMS can reach);
    ``InvalidValue`` naming ``field`` otherwise."""
    try:
        number = phones.parse(value)
    except ValueError as exc:
        raise InvalidValue(str(exc), field=field) from None
    if not phones.is_mobile(number):
        raise InvalidValue("not a mobile number", field=field)
    return phones.e164(number)


def _already_open() -> CallbackAlreadyOpen:
    return CallbackAlreadyOpen(
        "this number already asked to be called back; we will call", field="phone"
    )


def _open_count(condition: object) -> object:
    return (
        select(func.count())
        .select_from(CallbackRequest)
        .where(CallbackRequest.status == CallbackStatus.OPEN, condition)  # type: ignore[arg-type]
        .scalar_subquery()
    )


async def open_request(
    session: AsyncSession,
    *,
    organisation_id: UUID,
    phone_e164: str,
    language: str,
    source: CallbackSource,
    service_id: UUID | None = None,
    booking_id: UUID | None = None,
    topic: str | None = None,
    source_hash: str | None = None,
    now: datetime,
) -> CallbackRequest:
    """Open a call-back request: one open request per number and service (or none) in an
    organisation, whatever the concurrency (a partial unique index holds it); at most
    ``OPEN_PER_NUMBER`` open per number and ``OPEN_PER_SOURCE`` per network address."""
    phone = mobile_e164(phone_e164)
    if topic is not None and topic not in TOPICS:
        raise InvalidValue("unknown topic", field="topic")
    keys = [f"callback:phone:{phone}"] + ([f"source:{source_hash}"] if source_hash else [])
    await core.db.lock(session, keys)  # counts and the insert they allow are one step
    # A reminder of a session gone by holds no place: not in the caps, not in the index.
    await lapse_reminders(session, now=now, phone_e164=phone)
    same = (
        CallbackRequest.organisation_id == organisation_id,
        CallbackRequest.phone_e164 == phone,
        CallbackRequest.service_id == service_id
        if service_id is not None
        else CallbackRequest.service_id.is_(None),  # type: ignore[union-attr]
    )
    by_service, by_number, by_source = (
        await session.execute(
            select(
                _open_count(and_(*same)),
                _open_count(CallbackRequest.phone_e164 == phone),
                _open_count(CallbackRequest.source_hash == source_hash),
            )
        )
    ).one()
    if by_service:
        raise _already_open()
    if by_number >= OPEN_PER_NUMBER:
        raise TooManyCallbacks("this number already waits for several calls", field="phone")
    if source_hash and by_source >= OPEN_PER_SOURCE:
        raise TooManyCallbacks("too many call-back requests were sent from here")
    row = new_row(
        CallbackRequest,
        organisation_id=organisation_id,
        service_id=service_id,
        booking_id=booking_id,
        language=language,
        phone_e164=phone,
        topic=topic,
        source=source,
        source_hash=source_hash,
        next_attempt_at=now,
        created_at=now,
    )
    connection = await session.connection()
    written = await connection.scalar(_INSERT[connection.dialect.name], row)
    if written is None:  # another transaction's request, not seen under a lock (SQLite)
        raise _already_open()
    request = await session.get(CallbackRequest, written)
    assert request is not None  # written in this transaction
    return request


async def open_for_booking(
    session: AsyncSession,
    *,
    booking: Booking,
    phone_e164: str,
    language: str,
    source: CallbackSource,
    due_at: datetime,
    now: datetime,
) -> CallbackRequest | None:
    """Put ``booking``'s client in the operators' queue, due at ``due_at`` (a person reminds
    them, or calls about a key not applied): once, with no error when a request for the same
    number and service is open already (then a ``REMIND`` of this booking moves to
    ``due_at``) or the number may not hold another; ``None`` then."""
    try:
        request = await open_request(
            session,
            organisation_id=booking.organisation_id,
            phone_e164=phone_e164,
            language=language,
            source=source,
            service_id=booking.service_id,
            booking_id=booking.id,
            now=now,
        )
    except (CallbackAlreadyOpen, TooManyCallbacks, InvalidValue):
        if source == CallbackSource.REMIND:
            open_one = await _open_reminder(session, booking_id=booking.id)
            if open_one is not None:
                open_one.next_attempt_at = due_at  # the booking moved: remind at its new time
        return None
    request.next_attempt_at = due_at
    await session.flush()
    return request


async def _open_reminder(session: AsyncSession, *, booking_id: UUID) -> CallbackRequest | None:
    return await session.scalar(
        select(CallbackRequest).where(
            CallbackRequest.booking_id == booking_id,
            CallbackRequest.source == CallbackSource.REMIND,
            CallbackRequest.status == CallbackStatus.OPEN,
        )
    )


async def withdraw_reminder(session: AsyncSession, *, booking_id: UUID, now: datetime) -> bool:
    """A booking cancelled (or moved where a call can remind) needs no person to remind: its
    open ``REMIND`` request that nobody has tried yet leaves the queue (as its unsent messages
    leave the outbox); one tried already closes as lapsed, its tries kept. True when one did."""
    found = await _open_reminder(session, booking_id=booking_id)
    if found is None:
        return False
    if found.attempts:
        _lapse(found, now=now)
    else:
        await session.delete(found)
    await session.flush()
    return True


def _upcoming(now: datetime) -> Any:
    """Whether a request's booking is still to come: confirmed and not begun at ``now``."""
    return exists().where(
        Booking.id == CallbackRequest.booking_id,
        Booking.status == BookingStatus.CONFIRMED,
        Booking.starts_at > now,
    )


def _lapse(request: CallbackRequest, *, now: datetime) -> None:
    request.status = CallbackStatus.LAPSED
    request.closed_at = now


async def lapse_reminders(
    session: AsyncSession, *, now: datetime, phone_e164: str | None = None
) -> int:
    """Close as lapsed every open ``REMIND`` request (of ``phone_e164``, when given) whose
    session began by ``now``, is no longer confirmed, or is gone: nothing is left to remind
    of. The record stays, with its tries. How many closed (one being tried now is left for
    the next sweep)."""
    statement = select(CallbackRequest).where(
        CallbackRequest.status == CallbackStatus.OPEN,
        CallbackRequest.source == CallbackSource.REMIND,
        ~_upcoming(now),
    )
    if phone_e164 is not None:
        statement = statement.where(CallbackRequest.phone_e164 == phone_e164)
    found = list(
        await session.scalars(statement.with_for_update(of=CallbackRequest, skip_locked=True))
    )
    for request in found:
        _lapse(request, now=now)
    await session.flush()
    return len(found)


RETRY_AFTER = timedelta(hours=1)  # an unanswered request is called again after this


def _visible(actor: Actor) -> Any:
    actor.require(*CLIENT_ROLES)
    if actor.is_platform_admin:
        return true()
    return CallbackRequest.organisation_id == actor.organisation_id


async def get(
    session: AsyncSession, *, actor: Actor, request_id: UUID, for_update: bool = False
) -> CallbackRequest:
    """A request of the actor's organisation, to staff who serve its clients; any other is
    not found."""
    statement = select(CallbackRequest).where(CallbackRequest.id == request_id, _visible(actor))
    found = await session.scalar(statement.with_for_update() if for_update else statement)
    if found is None:
        raise CallbackNotFound("no such call-back request", request_id=request_id)
    return found


async def waiting(session: AsyncSession, *, actor: Actor, now: datetime) -> list[CallbackRequest]:
    """The open requests of the actor's organisation: the due ones first, oldest first; a
    reminder whose session began (or is off) is not shown, even before the sweep closes it."""
    rows = await session.scalars(
        select(CallbackRequest)
        .where(
            CallbackRequest.status == CallbackStatus.OPEN,
            or_(CallbackRequest.source != CallbackSource.REMIND, _upcoming(now)),
            _visible(actor),
        )
        .order_by(CallbackRequest.next_attempt_at, CallbackRequest.created_at)
        .limit(500)
    )
    return list(rows)


def _close(
    request: CallbackRequest, status: CallbackStatus, *, actor: Actor, now: datetime
) -> None:
    request.status = status
    request.closed_at = now
    request.closed_by_staff_id = actor.staff_id


def close_helped(request: CallbackRequest, *, actor: Actor, now: datetime) -> None:
    """Close an open request as helped without a try of its own (what it asked for is done)."""
    _close(request, CallbackStatus.HELPED, actor=actor, now=now)


async def record_attempt(
    session: AsyncSession,
    *,
    actor: Actor,
    request_id: UUID,
    outcome: CallbackOutcome,
    now: datetime,
) -> tuple[CallbackRequest, bool]:
    """Keep one try to call: helped closes the request; no answer is tried again after
    ``RETRY_AFTER``, and the ``MAX_ATTEMPTS``-th closes it as given up. Returns the request
    and whether it was given up now (then the caller sends the one SMS)."""
    if outcome == CallbackOutcome.BOOKED:
        raise InvalidValue("a booking closes a request by itself", field="outcome")
    request = await get(session, actor=actor, request_id=request_id, for_update=True)
    if request.status != CallbackStatus.OPEN:
        raise CallbackClosed("this request is closed already", request_id=request_id)
    request.attempts += 1
    request.outcome = outcome
    if outcome == CallbackOutcome.HELPED:
        _close(request, CallbackStatus.HELPED, actor=actor, now=now)
        return request, False
    if request.attempts >= MAX_ATTEMPTS:
        _close(request, CallbackStatus.GAVE_UP, actor=actor, now=now)
        return request, True
    request.next_attempt_at = now + RETRY_AFTER
    return request, False


async def claim_for_booking(
    session: AsyncSession, *, actor: Actor | None, request_id: UUID
) -> CallbackRequest:
    """The open request a booking is about to answer, locked until the booking's transaction
    ends (a second booking from it waits, then finds it closed): staff who serve the
    organisation's clients only; another organisation's, or none, is not found."""
    if actor is None:  # a client's own booking answers no operator's request
        raise CallbackNotFound("no such call-back request", request_id=request_id)
    request = await get(session, actor=actor, request_id=request_id, for_update=True)
    if request.status != CallbackStatus.OPEN:
        raise CallbackClosed("this request is closed already", request_id=request_id)
    return request


def close_booked(
    request: CallbackRequest, *, actor: Actor, booking: Booking, client: Client, now: datetime
) -> None:
    """Close a claimed request with the session just booked for the number that asked (in
    the same transaction: a booking for another number is refused, and with it the booking)."""
    if client.phone_e164 != request.phone_e164:
        raise InvalidValue(
            "this booking is not for the number that asked", field="callback_request_id"
        )
    request.attempts += 1
    request.outcome = CallbackOutcome.BOOKED
    request.booked_booking_id = booking.id
    _close(request, CallbackStatus.BOOKED, actor=actor, now=now)


MISSED_KEY = "callback_missed:{request_id}"


async def tell_missed(
    session: AsyncSession, *, request: CallbackRequest, organisation: Organisation, now: datetime
) -> bool:
    """Put in the outbox, once per request, the SMS that says we could not reach the client
    and gives the organisation's number (none without a number to give). True when written."""
    if not organisation.phone_e164:
        return False
    zone = ZoneInfo(organisation.timezone)
    due = outbox.outside_quiet_hours(now, None, zone)
    about = outbox.BookingFacts(
        booking_id=None,  # type: ignore[arg-type]  # not withdrawn with a booking it came from
        organisation_id=request.organisation_id,
        sequence=0,
        starts_at=due,  # what the text is dated by; the SMS says no date
        ends_at=due,
        channel="phone",
        language=request.language,
        extra={"phone": phones.national(organisation.phone_e164)},
    )
    to = outbox.client_recipient(
        phone=request.phone_e164, email=None, language=request.language, second_language=None
    )
    assert to is not None
    return await outbox.put_once(
        session,
        kind=MessageKind.CALLBACK_MISSED,
        to=to,
        about=about,
        due_at=due,
        zone=organisation.timezone,
        key=MISSED_KEY.format(request_id=request.id),
    )
