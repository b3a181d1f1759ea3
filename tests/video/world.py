"""A small world of rooms for the video tests: one network, an advisor, an interpreter, a
colleague of theirs who is not invited, and bookings whose rooms are open, not open yet,
cancelled, met in person, and another client's."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from core import tokens
from scheduling.models import Booking, BookingStatus, Client
from tests import factories
from tests.factories import Person


@dataclass
class Room:
    id: UUID
    client_token: str  # the client's booking link token
    starts_at: datetime


@dataclass
class World:
    advisor: Person
    interpreter: Person
    colleague: Person  # an advisor of the same organisation, not in these sessions
    open: Room  # starts in 20 minutes; with the default window it is open now
    later: Room  # starts in three days: not open yet
    cancelled: Room
    in_person: Room
    second: Room  # another open room, another client


async def _booking(
    session: AsyncSession,
    world_parts: dict,
    *,
    starts_in: timedelta,
    channel: str = "video",
    status: BookingStatus = BookingStatus.CONFIRMED,
    interpreter: Person | None = None,
) -> Room:
    client = Client(preferred_language="ar", home_municipality_code="564")
    session.add(client)
    await session.flush()
    starts_at = datetime.now(UTC).replace(microsecond=0) + starts_in
    token = tokens.new_token()
    row = Booking(
        service_id=world_parts["service"].id,
        client_id=client.id,
        advisor_id=world_parts["advisor"].id,
        organisation_id=world_parts["advisor"].organisation_id,
        municipality_code="564",
        channel=channel,
        language="ar",
        own_language=interpreter is None,
        interpreter_id=interpreter.id if interpreter else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        status=status,
        calendar_uid=f"{tokens.new_salt()}@neuvo",
        client_token_salt=tokens.new_salt(),
        client_token_hash=tokens.hash_token(token),
        client_token_expires_at=starts_at + timedelta(days=1),
    )
    session.add(row)
    await session.flush()
    return Room(id=row.id, client_token=token, starts_at=starts_at)


async def build(session: AsyncSession) -> World:
    await factories.municipality(session, "564", "Oulu")
    org = await factories.organisation(session, "Oulun kaupunki")
    service = await factories.service(session, org.id)
    advisor = await factories.person(session, org.id, Role.ADVISOR, languages=("fi",))
    interpreter = await factories.person(session, org.id, Role.INTERPRETER, languages=("ar", "fi"))
    colleague = await factories.person(session, org.id, Role.ADVISOR, languages=("fi",))
    parts = {"service": service, "advisor": advisor}
    minutes = timedelta(minutes=1)
    return World(
        advisor=advisor,
        interpreter=interpreter,
        colleague=colleague,
        open=await _booking(session, parts, starts_in=10 * minutes, interpreter=interpreter),
        later=await _booking(session, parts, starts_in=3 * 24 * 60 * minutes),
        cancelled=await _booking(
            session, parts, starts_in=10 * minutes, status=BookingStatus.CANCELLED
        ),
        in_person=await _booking(session, parts, starts_in=10 * minutes, channel="in_person"),
        second=await _booking(session, parts, starts_in=120 * minutes),
    )
