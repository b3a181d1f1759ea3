"""Retention: once a campaign's retention after its end has passed, non-responders lose
their personal data; those who booked, other campaigns and the counts stay."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from outreach import campaigns, funnel, imports, invitations, retention
from outreach.models import Newcomer
from outreach.schemas import CampaignCreate
from tests import factories
from tests.outreach.conftest import TODAY, OutreachWorld, csv_bytes, person_row

SECRET = "test-secret-" + "x" * 40
ZONE = "Europe/Helsinki"


async def test_retention_removes_non_responders_personal_data_and_nothing_else(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    ended = outreach_world.campaign
    ended.sends_from = TODAY - timedelta(days=60)
    ended.ends_on = TODAY - timedelta(days=20)
    ended.retention_days = 10
    running = await campaigns.create(
        session,
        actor=None,
        organisation_id=outreach_world.organisation.id,
        data=CampaignCreate(
            name="Running",
            service_id=outreach_world.service.id,
            municipality_codes=["564"],
            sends_from=TODAY,
            ends_on=TODAY + timedelta(days=10),
        ),
    )
    rows = [person_row(index, municipality_code="564") for index in (1, 2, 4)]
    for campaign in (ended, running):
        await imports.run(
            session, campaign=campaign, data=csv_bytes(rows), secret=SECRET, today=TODAY
        )
    ended_people = list(
        await session.scalars(
            select(Newcomer).where(Newcomer.campaign_id == ended.id).order_by(Newcomer.source_line)
        )
    )
    booking = await factories.booking(
        session,
        outreach_world.service,
        await factories.person(session, outreach_world.organisation.id),
    )
    await invitations.record_booking(
        session, newcomer_id=ended_people[0].id, booking_id=booking.id, now=clock.now()
    )
    before = await funnel.counts(session, campaign=ended)

    erased = await retention.purge(session, now=clock.now(), zone=ZONE)

    assert erased == 2
    for newcomer in ended_people:
        await session.refresh(newcomer)
    booked, *others = ended_people
    assert booked.first_names and booked.street_address and booked.phone_e164
    for newcomer in others:
        assert (newcomer.first_names, newcomer.last_name, newcomer.street_address) == (
            None,
            None,
            None,
        )
        assert (newcomer.phone_e164, newcomer.postcode, newcomer.token_hash) == (None, None, None)
        assert newcomer.language and newcomer.municipality_code and newcomer.erased_at
    untouched = list(
        await session.scalars(select(Newcomer).where(Newcomer.campaign_id == running.id))
    )
    assert all(newcomer.first_names and newcomer.erased_at is None for newcomer in untouched)
    assert await funnel.counts(session, campaign=ended) == before
    assert await retention.purge(session, now=clock.now(), zone=ZONE) == 0
