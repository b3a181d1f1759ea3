"""Keeping the register data only for the campaign: a newcomer who has not booked when the
campaign's retention period after its end has passed loses their name, address, phone and
e-mail (and the outbox their number); the language, municipality, citizenship and funnel
marks stay, so that the counts still add up."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications import outbox
from outreach.models import Campaign, Newcomer

PERSONAL = (
    "first_names",
    "last_name",
    "street_address",
    "postcode",
    "post_office",
    "phone_e164",
    "email",
)


async def erase(session: AsyncSession, *, newcomer_ids: Sequence[UUID], now: datetime) -> int:
    """Remove the personal data of these newcomers (their link stops working); return how many."""
    if not newcomer_ids:
        return 0
    messages = [
        message_id
        for message_id in await session.scalars(
            select(Newcomer.sms_message_id).where(
                Newcomer.id.in_(newcomer_ids), Newcomer.sms_message_id.is_not(None)
            )
        )
    ]
    await outbox.forget_recipients(session, message_ids=messages)
    result = await session.execute(
        update(Newcomer)
        .where(Newcomer.id.in_(newcomer_ids), Newcomer.erased_at.is_(None))
        .values(erased_at=now, token_hash=None, **dict.fromkeys(PERSONAL))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def purge(session: AsyncSession, *, now: datetime, zone: str, chunk: int = 1000) -> int:
    """Erase every non-responder of every campaign whose retention has passed; return how many."""
    today = now.astimezone(ZoneInfo(zone)).date()
    done = 0
    for campaign in await session.scalars(select(Campaign)):
        if campaign.ends_on + timedelta(days=campaign.retention_days) >= today:
            continue
        while ids := list(
            await session.scalars(
                select(Newcomer.id)
                .where(
                    Newcomer.campaign_id == campaign.id,
                    Newcomer.booking_id.is_(None),
                    Newcomer.erased_at.is_(None),
                )
                .limit(chunk)
            )
        ):
            done += await erase(session, newcomer_ids=ids, now=now)
    return done
