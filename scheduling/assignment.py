"""Which free advisor gets a booking: own language first, then the fewest bookings that day,
then whoever was assigned least recently (round robin), then a stable tie-break."""

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling import localtime
from scheduling.models import Booking, BookingStatus
from scheduling.slots import Slot


async def order(session: AsyncSession, *, slot: Slot, zone: str) -> list[UUID]:
    """Return the slot's free advisors in the order they should be offered the booking."""
    ids = list(slot.advisors)
    if len(ids) < 2:
        return ids
    day = slot.starts_at.astimezone(ZoneInfo(zone)).date()
    day_start, day_end = localtime.day_bounds(day, zone)
    that_day = func.sum(
        case(
            (
                and_(
                    Booking.status != BookingStatus.CANCELLED,
                    Booking.starts_at >= day_start,
                    Booking.starts_at < day_end,
                ),
                1,
            ),
            else_=0,
        )
    )
    rows = await (await session.connection()).execute(
        select(Booking.advisor_id, that_day, func.max(Booking.created_at))
        .where(Booking.advisor_id.in_(ids))
        .group_by(Booking.advisor_id)
    )
    counts = {advisor_id: (count, last) for advisor_id, count, last in rows}
    speakers = set(slot.own_language)
    never = datetime.min.replace(tzinfo=slot.starts_at.tzinfo)

    def key(advisor_id: UUID) -> tuple[bool, int, datetime, str]:
        count, last = counts.get(advisor_id, (0, None))
        return (advisor_id not in speakers, count, last or never, str(advisor_id))

    return sorted(ids, key=key)
