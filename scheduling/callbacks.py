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

from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core import phones
from core.models import new_row
from scheduling.errors import CallbackAlreadyOpen, InvalidValue, TooManyCallbacks
from scheduling.models import CallbackRequest, CallbackSource, CallbackStatus

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
