"""Batches of letters: one on its way per campaign, printed by the job in three steps (no
write lock while laid out), a failure recorded on the batch, a download only when ready."""

import pytest
from sqlalchemy import select

from core import clock
from outreach import batches, campaigns, imports, jobs, letters
from outreach.errors import LetterBatchNotFound, LetterBatchNotReady
from outreach.models import BatchStatus, LetterBatch, Newcomer
from outreach.schemas import CampaignCreate
from tests.conftest import TEST_SECRET
from tests.outreach.conftest import TODAY, OutreachWorld, csv_bytes, person_row

PEOPLE = 3


@pytest.fixture
def campaign(outreach_world: OutreachWorld):  # type: ignore[no-untyped-def]
    return outreach_world.campaign


@pytest.fixture
async def imported(session, campaign) -> int:  # type: ignore[no-untyped-def]
    rows = [person_row(n) for n in range(PEOPLE)]
    await imports.run(
        session, campaign=campaign, data=csv_bytes(rows), secret=TEST_SECRET, today=TODAY
    )
    await session.commit()
    return PEOPLE


@pytest.fixture
async def other_campaign(session, outreach_world: OutreachWorld):  # type: ignore[no-untyped-def]
    data = CampaignCreate(
        name="Kevät",
        service_id=outreach_world.service.id,
        municipality_codes=["564"],
        sends_from=TODAY,
        ends_on=TODAY,
    )
    return await campaigns.create(
        session, actor=None, organisation_id=outreach_world.organisation.id, data=data
    )


async def test_asking_twice_gives_the_batch_already_on_its_way(session, campaign):
    first = await batches.request(session, campaign=campaign, actor=None)
    again = await batches.request(session, campaign=campaign, actor=None)
    assert again.id == first.id and first.status == BatchStatus.QUEUED
    with pytest.raises(LetterBatchNotReady):
        batches.pdf(first)


async def test_the_job_prints_the_batch_and_marks_its_letters(
    session, sessions, settings, campaign, imported
):
    batch = await batches.request(session, campaign=campaign, actor=None)
    await session.commit()
    assert await jobs.print_letters({"sessions": sessions, "settings": settings}) == 1
    await session.refresh(batch)
    assert batch.status == BatchStatus.READY and batch.letters == imported
    assert batches.pdf(batch).startswith(b"%PDF")
    printed = await session.scalars(select(Newcomer.letter_printed_at))
    assert all(at is not None for at in printed)
    # Nothing is left: the next round prints nothing, and a new batch would be empty.
    assert await jobs.print_letters({"sessions": sessions, "settings": settings}) == 0


async def test_a_failed_layout_is_recorded_on_the_batch_and_nothing_counts_as_sent(
    session, sessions, settings, campaign, imported, monkeypatch
):
    async def broken(_prepared):  # type: ignore[no-untyped-def]
        raise RuntimeError("the printer's fonts are missing")

    monkeypatch.setattr(letters, "lay_out", broken)
    batch = await batches.request(session, campaign=campaign, actor=None)
    await session.commit()
    await jobs.print_letters({"sessions": sessions, "settings": settings})
    await session.refresh(batch)
    assert batch.status == BatchStatus.FAILED and "fonts are missing" in (batch.error or "")
    printed = list(await session.scalars(select(Newcomer.letter_printed_at)))
    assert printed and all(at is None for at in printed)


async def test_a_batch_of_another_campaign_is_not_found(session, campaign, other_campaign):
    batch = await batches.request(session, campaign=campaign, actor=None)
    with pytest.raises(LetterBatchNotFound):
        await batches.get(session, campaign=other_campaign, batch_id=batch.id)


async def test_a_batch_whose_worker_died_is_printed_again(
    session, sessions, settings, campaign, imported
):
    batch = await batches.request(session, campaign=campaign, actor=None)
    batch.status = BatchStatus.PRINTING
    batch.started_at = clock.now() - batches.STALE * 2
    await session.commit()
    assert await jobs.print_letters({"sessions": sessions, "settings": settings}) == 1
    found = await session.scalar(select(LetterBatch).where(LetterBatch.id == batch.id))
    await session.refresh(found)
    assert found.status == BatchStatus.READY
