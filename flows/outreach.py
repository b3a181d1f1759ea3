"""A campaign's work in the console: a register file imported, letters asked for (laid out
by a job), the
invitation SMS queued (and sent at once), a person found (the search is audited)."""

from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role
from core import clock
from core.config import Settings
from flows.effects import PRINT_LETTERS, SEND_OUTBOX, Done
from outreach import batches, campaigns, imports, invitations, records
from outreach.errors import ImportRefused
from outreach.models import Campaign, LetterBatch, Newcomer


async def _administered(session: AsyncSession, *, actor: Actor, campaign_id: UUID) -> Campaign:
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    actor.require(Role.ADMIN)
    return campaign


async def import_register(
    session: AsyncSession,
    *,
    actor: Actor,
    campaign_id: UUID,
    data: bytes,
    mapping: str | None,
    settings: Settings,
) -> imports.Report:
    """Import a register file into the campaign (its admins); rows left out are reported."""
    campaign = await _administered(session, actor=actor, campaign_id=campaign_id)
    if len(data) > records.MAX_BYTES:
        raise ImportRefused(
            f"the file is over the limit of {records.MAX_BYTES} bytes", field="file"
        )
    return await imports.run(
        session,
        campaign=campaign,
        data=data,
        file_format=records.read_mapping(mapping) if mapping else records.DEFAULT,
        secret=settings.secret_key,
        today=clock.now().astimezone(ZoneInfo(settings.timezone)).date(),
    )


async def print_letters(
    session: AsyncSession, *, actor: Actor, campaign_id: UUID
) -> Done[LetterBatch]:
    """Ask for the letters not yet printed: a batch laid out by a job after the commit (or the
    batch already on its way)."""
    campaign = await _administered(session, actor=actor, campaign_id=campaign_id)
    batch = await batches.request(session, campaign=campaign, actor=actor)
    return Done(batch, (PRINT_LETTERS,))


async def letter_batch(
    session: AsyncSession, *, actor: Actor, campaign_id: UUID, batch_id: UUID
) -> LetterBatch:
    """A batch of the campaign's letters, for its admins."""
    campaign = await _administered(session, actor=actor, campaign_id=campaign_id)
    return await batches.get(session, campaign=campaign, batch_id=batch_id)


async def queue_sms(
    session: AsyncSession, *, actor: Actor, campaign_id: UUID, zone: str
) -> Done[int]:
    """Put the invitation SMS into the outbox (once per person, outside quiet hours)."""
    campaign = await _administered(session, actor=actor, campaign_id=campaign_id)
    queued = await invitations.queue_sms(session, campaign=campaign, now=clock.now(), zone=zone)
    return Done(queued, (SEND_OUTBOX,))


async def find_newcomers(
    session: AsyncSession, *, actor: Actor, campaign_id: UUID, query: str
) -> list[Newcomer]:
    """Newcomers whose phone number is ``query`` or whose names contain it; the search is in
    the audit log, its words are not."""
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    found = await invitations.find(session, campaign=campaign, query=query)
    await audit.record(
        session,
        actor=actor,
        action="search",
        entity="newcomer",
        entity_id=campaign.id,
        detail={"found": len(found)},
    )
    return found
