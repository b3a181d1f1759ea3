"""A campaign of Oulu's guidance service for newcomers in Oulu and Pudasjärvi, and files."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from core import clock
from outreach import campaigns
from outreach.models import Campaign
from outreach.records import COLUMNS
from outreach.schemas import CampaignCreate
from scheduling.models import Organisation, Service
from tests import factories
from tests.factories import Person

TODAY = clock.now().date()


@dataclass
class OutreachWorld:
    organisation: Organisation
    service: Service
    campaign: Campaign
    admin: Person
    operator: Person
    other_admin: Person


@pytest.fixture
async def outreach_world(session: AsyncSession) -> OutreachWorld:
    for code, name in (("564", "Oulu"), ("615", "Pudasjärvi"), ("598", "Pietarsaari")):
        await factories.municipality(session, code, name)
    org = await factories.organisation(session, "Oulun kaupunki (outreach)")
    other = await factories.organisation(session, "Jakobstads stad (outreach)")
    service = await factories.service(session, org.id)
    data = CampaignCreate(
        name="Syksy",
        service_id=service.id,
        municipality_codes=["564", "615"],
        sends_from=TODAY,
        ends_on=TODAY + timedelta(days=30),
    )
    campaign = await campaigns.create(session, actor=None, organisation_id=org.id, data=data)
    world = OutreachWorld(
        organisation=org,
        service=service,
        campaign=campaign,
        admin=await factories.person(session, org.id, Role.ADMIN),
        operator=await factories.person(session, org.id, Role.OPERATOR),
        other_admin=await factories.person(session, other.id, Role.ADMIN),
    )
    await session.commit()
    return world


def person_row(index: int, **changes: str) -> dict[str, str]:
    """One good register row, different for each ``index``."""
    row = {
        "first_names": f"Amina {index}",
        "last_name": "Hassan",
        "street_address": f"Kauppurienkatu {index % 90 + 1} A {index}",
        "postcode": "90100",
        "municipality_code": "564" if index % 3 else "615",
        "mother_tongue": ("ar", "so", "fa", "ti", "ckb", "uk")[index % 6],
        "citizenship": ("SY", "SO", "IR", "ER", "IQ", "UA")[index % 6],
        "moving_date": (TODAY - timedelta(days=index % 60 + 1)).isoformat(),
        "phone": f"+35840{index:07d}" if index % 2 else "",
        "email": "",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict[str, str]], *, header: tuple[str, ...] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def future(days: int = 3) -> str:
    return (date.today() + timedelta(days=days)).isoformat()
