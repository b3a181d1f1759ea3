"""Call-back requests as the client makes them: a "call me" from the client page or the booking
link, what she is told (received, and roughly when the call comes), and whether her language
can be booked by ear at all (if not, the page offers the call first). The operators' side is
``callback_queue``.

Composed here because the offer needs the speech library beside the scheduling domain that
keeps the requests."""

from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from core import clock, phones, tokens
from core.config import Settings
from notifications import templates
from scheduling import callbacks, directory, intervals, lifecycle
from scheduling.callback_schemas import (
    CallbackCreate,
    CallbackFromLink,
    CallbackOffer,
    CallbackReceived,
)
from scheduling.errors import UnknownReference
from scheduling.models import (
    CallbackRequest,
    CallbackSource,
    Client,
    Organisation,
    Service,
)
from speech import library

# The questions a client hears on the way to a booking by ear (with every clip: dates, times
# and a number's digits are composed from them). A language missing any of them cannot be
# booked by ear, and the client page offers a call by a person first.
DAY = timedelta(days=1)
SOON = timedelta(minutes=15)  # an opening that ends sooner than this is not "today"
# "The first organisation": the earliest made, and of two made at the same instant the lower
# id, so that every query plan (and every replica) names the same one.
FIRST = (Organisation.created_at, Organisation.id)


async def path_heard(session: AsyncSession, *, language: str) -> bool:
    """Whether every prompt and clip of the booking path (``library.booking_path``, the one
    the coverage view counts) has audio in ``language``."""
    said = library.prompt_texts(language)
    if any(key not in said for key in library.BOOKING_PROMPTS):
        return False
    items = library.booking_path(language)
    resolved = await library.resolve(session, lang=language, items=items)
    return all(found.source != "none" for found in resolved.values())


async def offer(session: AsyncSession, *, language: str) -> CallbackOffer:
    """Whether the client page should offer a call before anything that needs reading."""
    return CallbackOffer(language=language, path_heard=await path_heard(session, language=language))


async def _answering(
    session: AsyncSession, *, service_id: UUID | None, municipality: str | None, now: datetime
) -> Organisation:
    """Who calls back: the service's organisation; else one serving the municipality under an
    agreement; else the network's first organisation that gives clients a number (or the
    first of all, when none does yet)."""
    if service_id is not None:
        service = await session.get(Service, service_id)
        if service is None or not service.active:
            raise UnknownReference("no such service", field="service_id")
        found = await session.get(Organisation, service.organisation_id)
        assert found is not None
        return found
    given = select(Organisation).where(Organisation.phone_e164.is_not(None))
    if municipality is not None:
        snapshot = await directory.current(session, since=now)
        today = now.date()
        serving = [
            cover.organisation_id
            for cover in snapshot.covers.get(municipality, ())
            if cover.valid_from <= today and (cover.valid_to is None or cover.valid_to >= today)
        ]
        if serving:
            found = await session.scalar(given.where(Organisation.id.in_(serving)).order_by(*FIRST))
            if found is not None:
                return found
    found = await session.scalar(given.order_by(*FIRST).limit(1))
    if found is None:  # nobody gives clients a number yet: the network's first organisation
        found = await session.scalar(select(Organisation).order_by(*FIRST).limit(1))
    if found is None:
        raise UnknownReference("nobody takes call-back requests here yet", field="phone")
    return found


async def expected_at(
    session: AsyncSession, *, organisation: Organisation, now: datetime
) -> datetime | None:
    """Roughly when the call comes: the start of the organisation's next opening (its
    advisors' and operators' hours, absences out) with ``SOON`` left in it; None without."""
    snapshot = await directory.current(session, since=now)
    today = now.astimezone(ZoneInfo(organisation.timezone)).date()
    best: datetime | None = None
    for person in snapshot.people.values():
        if not (person.active and person.organisation_id == organisation.id):
            continue
        if not person.roles & {Role.ADVISOR, Role.OPERATOR}:
            continue
        hours = snapshot.hours(person, first=today, last=today + timedelta(days=7), channel=None)
        for start, end in intervals.subtract(hours, person.absences):
            if end - max(start, now) >= SOON:
                at = max(start, now)
                best = at if best is None else min(best, at)
                break
    return best


async def _received(
    session: AsyncSession, *, request: CallbackRequest, organisation: Organisation, now: datetime
) -> CallbackReceived:
    at = await expected_at(session, organisation=organisation, now=now)
    zone = ZoneInfo(organisation.timezone)
    on = at.astimezone(zone).date() if at else None
    said = (
        templates.spoken_when(at, language=request.language, zone=organisation.timezone)
        if at
        else None
    )
    number = organisation.phone_e164
    return CallbackReceived(
        id=request.id,
        expected_on=on,
        expected_at=at,
        expected_label=said.label if said else None,
        today=on == now.astimezone(zone).date(),
        organisation_phone=number,
        organisation_phone_label=phones.national(number) if number else None,
    )


async def request_call(
    session: AsyncSession, *, settings: Settings, data: CallbackCreate, address: str
) -> CallbackReceived:
    """A client's "call me" from the client page (public; capped per number and address)."""
    now = clock.now()
    organisation = await _answering(
        session, service_id=data.service_id, municipality=data.municipality, now=now
    )
    request = await callbacks.open_request(
        session,
        organisation_id=organisation.id,
        phone_e164=data.phone,
        language=data.language,
        service_id=data.service_id,
        source=CallbackSource.CLIENT_PAGE,
        topic=data.topic,
        source_hash=tokens.sign(settings.secret_key, f"source:{address}"),
        now=now,
    )
    return await _received(session, request=request, organisation=organisation, now=now)


async def request_from_link(
    session: AsyncSession, *, settings: Settings, token: str, data: CallbackFromLink, address: str
) -> CallbackReceived:
    """A "call me" from the booking link's page: the booking's number, language and service."""
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    client = await session.get(Client, booking.client_id)
    organisation = await session.get(Organisation, booking.organisation_id)
    assert client is not None and organisation is not None
    if not client.phone_e164:
        raise UnknownReference("this booking has no phone number to call", field="phone")
    request = await callbacks.open_request(
        session,
        organisation_id=organisation.id,
        phone_e164=client.phone_e164,
        language=booking.language,
        service_id=booking.service_id,
        booking_id=booking.id,
        source=CallbackSource.BOOKING_LINK,
        topic=data.topic,
        source_hash=tokens.sign(settings.secret_key, f"source:{address}"),
        now=now,
    )
    return await _received(session, request=request, organisation=organisation, now=now)
