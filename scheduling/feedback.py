"""A client's feedback after a session: one of three faces per booking, once, after its end."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.errors import FeedbackAlreadyGiven, FeedbackTooEarly
from scheduling.models import Booking, BookingStatus, Feedback, FeedbackScore

# A session the advisor marked a no-show, or that was cancelled, asks nothing.
ASKED = (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


async def of(session: AsyncSession, *, booking: Booking) -> Feedback | None:
    """The booking's feedback, if its client gave one."""
    return await session.scalar(select(Feedback).where(Feedback.booking_id == booking.id))


def may_give(booking: Booking, *, given: Feedback | None, now: datetime) -> bool:
    """Whether the client may answer now: the session took place, has ended, no answer yet."""
    return given is None and booking.status in ASKED and booking.ends_at <= now


async def record(
    session: AsyncSession,
    *,
    booking: Booking,
    score: FeedbackScore,
    comment: str | None,
    now: datetime,
) -> Feedback:
    """Keep the client's one answer for ``booking``; refused before the end or a second time."""
    given = await of(session, booking=booking)
    if given is not None:
        raise FeedbackAlreadyGiven("feedback was given already", booking_id=booking.id)
    if not may_give(booking, given=None, now=now):
        raise FeedbackTooEarly("feedback opens when the session has ended", booking_id=booking.id)
    feedback = Feedback(booking_id=booking.id, score=score, comment=(comment or "").strip() or None)
    session.add(feedback)
    await session.flush()
    return feedback
