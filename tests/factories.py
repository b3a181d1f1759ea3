"""Small builders for test data, inserted through the real tables."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role, StaffLanguage, StaffMember, StaffRole, StaffSession
from core import clock, passwords, tokens
from core.models import new_row
from scheduling.models import (
    Agreement,
    AgreementService,
    AvailabilityOverride,
    Booking,
    BusyInterval,
    Client,
    Municipality,
    Organisation,
    OrganisationKind,
    Service,
)

PASSWORD = "correct horse battery"
PASSWORD_HASH = passwords.hash_password(PASSWORD)  # hashed once: argon2 is slow on purpose


@dataclass
class Person:
    id: UUID
    organisation_id: UUID
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def municipality(session: AsyncSession, code: str, name: str) -> Municipality:
    found = await session.get(Municipality, code)
    if found:
        return found
    row = Municipality(code=code, name_fi=name, name_sv=name)
    session.add(row)
    await session.flush()
    return row


async def organisation(
    session: AsyncSession, name: str, kind: OrganisationKind = OrganisationKind.MUNICIPALITY
) -> Organisation:
    row = Organisation(name=name, kind=kind)
    session.add(row)
    await session.flush()
    return row


async def person(
    session: AsyncSession,
    organisation_id: UUID,
    *roles: Role,
    email: str | None = None,
    languages: tuple[str, ...] = ("fi",),
    platform_admin: bool = False,
) -> Person:
    """A staff member with a password and an open bearer session."""
    email = email or f"{tokens.new_token()[:10].lower()}@example.fi"
    member = StaffMember(
        organisation_id=organisation_id,
        email=email,
        display_name="Test Person",
        password_hash=PASSWORD_HASH,
        is_platform_admin=platform_admin,
    )
    session.add(member)
    await session.flush()
    session.add_all(StaffRole(staff_id=member.id, role=role) for role in roles)
    session.add_all(
        StaffLanguage(staff_id=member.id, language=code, level="native") for code in languages
    )
    token = tokens.new_token()
    session.add(
        StaffSession(
            staff_id=member.id,
            token_hash=tokens.hash_token(token),
            kind="bearer",
            expires_at=clock.now() + timedelta(days=30),
        )
    )
    await session.flush()
    return Person(id=member.id, organisation_id=organisation_id, email=email, token=token)


async def service(session: AsyncSession, organisation_id: UUID, slug: str = "guidance") -> Service:
    row = Service(
        organisation_id=organisation_id,
        slug=slug,
        names={"fi": "Ohjaus ja neuvonta", "sv": "Vägledning", "en": "Guidance"},
        duration_minutes=45,
        buffer_minutes=15,
        channels=["video", "phone"],
    )
    session.add(row)
    await session.flush()
    return row


async def agreement(
    session: AsyncSession,
    organisation_id: UUID,
    municipality_code: str,
    service_ids: list[UUID],
    valid_from: date = date(2026, 1, 1),
    valid_to: date | None = None,
) -> Agreement:
    row = Agreement(
        organisation_id=organisation_id,
        municipality_code=municipality_code,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    session.add(row)
    await session.flush()
    session.add_all(AgreementService(agreement_id=row.id, service_id=s) for s in service_ids)
    await session.flush()
    return row


async def override(session: AsyncSession, staff_id: UUID) -> AvailabilityOverride:
    row = AvailabilityOverride(staff_id=staff_id, day=date(2026, 12, 24), closed=True)
    session.add(row)
    await session.flush()
    return row


def booking_row(
    service: Service, advisor: Person, client_id: UUID, starts_at: datetime, **change: object
) -> dict[str, object]:
    """The row of a confirmed 45-minute video booking in Arabic for Pudasjärvi (not written)."""
    booking_id = uuid4()
    fields: dict[str, object] = {
        "id": booking_id,
        "service_id": service.id,
        "client_id": client_id,
        "advisor_id": advisor.id,
        "organisation_id": advisor.organisation_id,
        "municipality_code": "615",
        "channel": "video",
        "language": "ar",
        "own_language": False,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=45),
        "calendar_uid": f"{booking_id}@neuvo",
        "client_token_salt": tokens.new_salt(),
        "client_token_hash": tokens.hash_token(tokens.new_token()),
        "client_token_expires_at": starts_at + timedelta(days=1),
    }
    return new_row(Booking, **{**fields, **change})


async def booking(
    session: AsyncSession, service: Service, advisor: Person, municipality_code: str = "615"
) -> Booking:
    """A confirmed booking a week ahead with its busy intervals."""
    client = Client(preferred_language="ar", home_municipality_code=municipality_code)
    session.add(client)
    await session.flush()
    starts_at = clock.now().replace(microsecond=0) + timedelta(days=7)
    row = Booking(
        **booking_row(service, advisor, client.id, starts_at, municipality_code=municipality_code)
    )
    session.add(row)
    await session.flush()
    session.add_all(
        [
            BusyInterval(
                booking_id=row.id,
                person_id=advisor.id,
                role="advisor",
                starts_at=starts_at,
                ends_at=row.ends_at,
            ),
            BusyInterval(
                booking_id=row.id,
                person_id=client.id,
                role="client",
                starts_at=starts_at,
                ends_at=row.ends_at,
            ),
        ]
    )
    await session.flush()
    return row
