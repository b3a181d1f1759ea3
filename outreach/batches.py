"""Batches of letters asked for in the console: a row first (queued), then a job lays them out
away from any request (``jobs.print_letters``), and the PDF waits for its download.

One unfinished batch per campaign at a time: asking again while one is queued or printing
gives that one. A batch is printed in three steps so that no database write lock is held
while the letters are laid out (seconds for a thousand): the job claims it, reads the letters
in a read-only session, lays them out in the printing process, and only then writes, in one
short transaction, the PDF and the letters' "printed" marks. A batch whose worker died is
claimed again after ``STALE``.
"""

import logging
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import core.db
from access.actors import Actor
from outreach import letters
from outreach.errors import LetterBatchNotFound, LetterBatchNotReady
from outreach.models import BatchStatus, Campaign, LetterBatch

log = logging.getLogger(__name__)

STALE = timedelta(minutes=15)
UNFINISHED = (BatchStatus.QUEUED, BatchStatus.PRINTING)


async def request(session: AsyncSession, *, campaign: Campaign, actor: Actor | None) -> LetterBatch:
    """A queued batch of the campaign's letters not yet printed (or the one already on its way)."""
    waiting = await session.scalar(
        select(LetterBatch)
        .where(LetterBatch.campaign_id == campaign.id, LetterBatch.status.in_(UNFINISHED))
        .order_by(LetterBatch.created_at)
        .limit(1)
    )
    if waiting is not None:
        return waiting
    batch = LetterBatch(campaign_id=campaign.id, requested_by=actor.staff_id if actor else None)
    session.add(batch)
    await session.flush()
    return batch


async def get(session: AsyncSession, *, campaign: Campaign, batch_id: UUID) -> LetterBatch:
    """A batch of the campaign (its PDF loaded only by ``pdf``)."""
    batch = await session.get(LetterBatch, batch_id)
    if batch is None or batch.campaign_id != campaign.id:
        raise LetterBatchNotFound("no such batch of letters", field="batch_id")
    return batch


def pdf(batch: LetterBatch) -> bytes:
    """The batch's PDF; ``LetterBatchNotReady`` while it is being laid out or if it failed."""
    if batch.status != BatchStatus.READY or batch.pdf is None:
        raise LetterBatchNotReady(f"the letters are {batch.status.value}, not ready")
    return batch.pdf


async def _claim(sessions: async_sessionmaker[AsyncSession], now: datetime) -> UUID | None:
    """Take the oldest queued (or stale) batch for printing; None when there is none."""
    async with core.db.transaction(sessions) as session:
        found = await session.scalar(
            select(LetterBatch.id)
            .where(
                or_(
                    LetterBatch.status == BatchStatus.QUEUED,
                    (LetterBatch.status == BatchStatus.PRINTING)
                    & (LetterBatch.started_at < now - STALE),
                )
            )
            .order_by(LetterBatch.created_at)
            .limit(1)
        )
        if found is None:
            return None
        taken = await session.execute(
            update(LetterBatch)
            .where(LetterBatch.id == found, LetterBatch.status.in_(UNFINISHED))
            .where(
                or_(LetterBatch.status == BatchStatus.QUEUED, LetterBatch.started_at < now - STALE)
            )
            .values(status=BatchStatus.PRINTING, started_at=now)
            .execution_options(synchronize_session=False)
        )
        return found if taken.rowcount else None


async def print_one(
    sessions: async_sessionmaker[AsyncSession],
    read_sessions: async_sessionmaker[AsyncSession],
    *,
    base_url: str,
    secret: str,
    now: datetime,
) -> UUID | None:
    """Print the next batch, if any: claim, read, lay out, then write. Returns its id."""
    batch_id = await _claim(sessions, now)
    if batch_id is None:
        return None
    try:
        async with read_sessions() as session:
            batch = await session.get(LetterBatch, batch_id)
            campaign = await session.get(Campaign, batch.campaign_id) if batch else None
            assert campaign is not None
            prepared = await letters.prepare(
                session, campaign=campaign, base_url=base_url, secret=secret, now=now
            )
        await _set(sessions, batch_id, letters=len(prepared.letters))
        document = await letters.lay_out(prepared)
    except Exception as exc:  # recorded on the batch for the console; the next one goes on
        log.exception("letters: batch %s failed", batch_id)
        await _set(sessions, batch_id, status=BatchStatus.FAILED, error=str(exc)[:500],
                   finished_at=now)  # fmt: skip
        return batch_id
    async with core.db.transaction(sessions) as session:
        await letters.mark_printed(session, newcomer_ids=prepared.newcomer_ids, now=now)
        await session.execute(
            update(LetterBatch)
            .where(LetterBatch.id == batch_id)
            .values(status=BatchStatus.READY, pdf=document, finished_at=now)
            .execution_options(synchronize_session=False)
        )
    return batch_id


async def _set(
    sessions: async_sessionmaker[AsyncSession], batch_id: UUID, **values: object
) -> None:
    async with core.db.transaction(sessions) as session:
        await session.execute(
            update(LetterBatch)
            .where(LetterBatch.id == batch_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
