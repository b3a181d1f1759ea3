"""The funnel of a campaign, per language: imported, invited by letter and by SMS, opened
the link, booked through it, attended (a completed session), and SMS that bounced. Counts
under five are shown as "<5" to everyone but the organisation's own admins."""

import csv
import io
from collections.abc import Sequence

from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import Message, MessageStatus
from outreach.models import Campaign, Newcomer
from scheduling.models import Booking, BookingStatus

STAGES = ("imported", "letters", "sms", "opened", "booked", "attended", "sms_bounced")
SMALL = 5
BOUNCED = (MessageStatus.UNDELIVERABLE, MessageStatus.FAILED)


def _flag(condition) -> object:  # type: ignore[no-untyped-def]
    return func.sum(case((condition, 1), else_=0), type_=Integer)


async def counts(session: AsyncSession, *, campaign: Campaign) -> list[dict[str, object]]:
    """One row per language (and a total), each stage's count."""
    query = (
        select(
            Newcomer.language,
            func.count(Newcomer.id),
            _flag(Newcomer.letter_printed_at.is_not(None)),
            _flag(Message.status == MessageStatus.SENT),
            _flag(Newcomer.opened_at.is_not(None)),
            _flag(Newcomer.booking_id.is_not(None)),
            _flag(Booking.status == BookingStatus.COMPLETED),
            _flag(Message.status.in_(BOUNCED)),
        )
        .outerjoin(Message, Message.id == Newcomer.sms_message_id)
        .outerjoin(Booking, Booking.id == Newcomer.booking_id)
        .where(Newcomer.campaign_id == campaign.id)
        .group_by(Newcomer.language)
        .order_by(Newcomer.language)
    )
    rows = [
        {"language": language, **dict(zip(STAGES, (int(v or 0) for v in values), strict=True))}
        for language, *values in (await session.execute(query)).all()
    ]
    total = {"language": "all", **{stage: sum(row[stage] for row in rows) for stage in STAGES}}
    return [*rows, total]


def suppress(rows: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """The rows with every count from 1 to 4 shown as "<5" (zero says nothing of a person)."""
    return [
        {
            key: "<5" if key in STAGES and 0 < int(value) < SMALL else value  # type: ignore[call-overload]
            for key, value in row.items()
        }
        for row in rows
    ]


def to_csv(rows: Sequence[dict[str, object]]) -> str:
    """The funnel as CSV, a header and a line per language."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=("language", *STAGES), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
