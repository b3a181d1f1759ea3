"""The call-back queue's figures over local dates: requests made, and how many were called back
(reached) on the day they were made, the figure call-back queues are judged by; for the
statistics to come (no chart yet). A client to remind by a person (source ``remind``) asked
for nothing and is called at the reminder's time, days later: not counted."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.models import CallbackRequest, CallbackSource, CallbackStatus


@dataclass(frozen=True, slots=True)
class Figures:
    """The queue's figures over local dates: requests made, and how they ended."""

    requests: int
    called_back_same_day: int  # reached (helped or booked) on the local date of the request
    helped: int
    booked: int
    gave_up: int
    open: int

    @property
    def same_day_share(self) -> float | None:
        return round(self.called_back_same_day / self.requests, 3) if self.requests else None


async def figures(
    session: AsyncSession, *, organisation_id: UUID, first: date, last: date, zone: str
) -> Figures:
    """Requests made on local ``first``..``last`` and how many were called back (reached) on
    the day they were made: the figure call-back queues are judged by."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    rows = (
        await session.execute(
            select(
                CallbackRequest.created_at, CallbackRequest.closed_at, CallbackRequest.status
            ).where(
                CallbackRequest.organisation_id == organisation_id,
                CallbackRequest.created_at >= start,
                CallbackRequest.created_at < end,
                CallbackRequest.source != CallbackSource.REMIND,
            )
        )
    ).all()
    reached = (CallbackStatus.HELPED, CallbackStatus.BOOKED)
    same_day = sum(
        1
        for made, closed, status in rows
        if status in reached
        and closed is not None
        and closed.astimezone(tz).date() == made.astimezone(tz).date()
    )
    count = Counter(status for _, _, status in rows)
    return Figures(
        requests=len(rows),
        called_back_same_day=same_day,
        helped=count[CallbackStatus.HELPED],
        booked=count[CallbackStatus.BOOKED],
        gave_up=count[CallbackStatus.GAVE_UP],
        open=count[CallbackStatus.OPEN],
    )
