"""A small world of two organisations with staff in every role."""

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from scheduling.models import (
    Agreement,
    AvailabilityOverride,
    Booking,
    Client,
    Organisation,
    Service,
)
from tests import factories
from tests.factories import Person


@dataclass
class World:
    oulu: Organisation
    jakobstad: Organisation
    platform_admin: Person
    admin: Person
    advisor: Person
    operator: Person
    interpreter: Person
    other_admin: Person
    other_advisor: Person
    service: Service
    other_service: Service
    agreement: Agreement
    other_agreement: Agreement
    booking: Booking
    client: Client  # the booking's, living in Pudasjärvi, which Oulu serves by agreement
    override: AvailabilityOverride


@pytest.fixture
async def world(session: AsyncSession) -> World:
    for code, name in (("564", "Oulu"), ("615", "Pudasjärvi"), ("598", "Pietarsaari")):
        await factories.municipality(session, code, name)
    oulu = await factories.organisation(session, "Oulun kaupunki")
    jakobstad = await factories.organisation(session, "Jakobstads stad")
    service = await factories.service(session, oulu.id)
    other_service = await factories.service(session, jakobstad.id, "vagledning")
    advisor = await factories.person(session, oulu.id, Role.ADVISOR, email="advisor@oulu.fi")
    world = World(
        oulu=oulu,
        jakobstad=jakobstad,
        platform_admin=await factories.person(session, oulu.id, Role.ADMIN, platform_admin=True),
        admin=await factories.person(session, oulu.id, Role.ADMIN),
        advisor=advisor,
        operator=await factories.person(session, oulu.id, Role.OPERATOR),
        interpreter=await factories.person(session, oulu.id, Role.INTERPRETER),
        other_admin=await factories.person(session, jakobstad.id, Role.ADMIN),
        other_advisor=await factories.person(session, jakobstad.id, Role.ADVISOR),
        service=service,
        other_service=other_service,
        agreement=await factories.agreement(session, oulu.id, "615", [service.id]),
        other_agreement=await factories.agreement(session, jakobstad.id, "598", [other_service.id]),
        booking=(booking := await factories.booking(session, service, advisor)),
        client=await _reachable(session, booking.client_id),
        override=await factories.override(session, advisor.id),
    )
    await session.commit()
    return world


async def _reachable(session: AsyncSession, client_id) -> Client:
    client = await session.get(Client, client_id)
    assert client is not None
    client.phone_e164 = "+358401234999"
    await session.flush()
    return client
