"""Putting messages in the outbox, in the caller's transaction, and taking back the unsent.

The scheduling domain calls these while it books, moves or cancels, so that a booking and its
messages commit together or not at all. Nothing here sends; ``dispatch`` does.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core.models import new_row
from notifications.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    RecipientRole,
)

QUIET_FROM = time(21)  # no SMS to a client from 21:00 ...
QUIET_UNTIL = time(8)  # ... until 08:00 local, unless the session is sooner than that
# The channels that wake a client: neither is used in the quiet hours.
AUDIBLE = (MessageChannel.SMS, MessageChannel.VOICE)
_INSERT = insert(Message)
# A message whose idempotency key is taken is not written again, and no error: written once.
_INSERT_ONCE = {
    name: dialect.insert(Message).on_conflict_do_nothing(index_elements=["idempotency_key"])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


@dataclass(frozen=True, slots=True)
class Recipient:
    role: RecipientRole
    channel: MessageChannel
    address: str  # E.164 phone number or e-mail address
    language: str
    second_language: str | None = None


@dataclass(frozen=True, slots=True)
class BookingFacts:
    """What the messages about one booking may say: times, channel and language, no names."""

    booking_id: UUID
    organisation_id: UUID
    sequence: int  # the booking's calendar SEQUENCE: each change makes new messages
    starts_at: datetime
    ends_at: datetime
    channel: str
    language: str
    link_salt: str | None = None  # the client link is derived from it when the SMS is sent
    extra: dict[str, Any] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        found = {
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "channel": self.channel,
            "session_language": self.language,
            "sequence": self.sequence,  # a key pressed on a call is for this version only
            **self.extra,
        }
        if self.link_salt:
            found["link_salt"] = self.link_salt
        return found


def client_recipient(
    *, phone: str | None, email: str | None, language: str, second_language: str | None
) -> Recipient | None:
    """A client is reached by SMS when they gave a phone number, else by e-mail, else not."""
    if phone:
        return Recipient(RecipientRole.CLIENT, MessageChannel.SMS, phone, language, second_language)
    if email:
        return Recipient(
            RecipientRole.CLIENT, MessageChannel.EMAIL, email, language, second_language
        )
    return None


def reminder_time(starts_at: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    """When a reminder ``minutes`` ahead of a session falls due: whole days go back on the
    local calendar, so that "a day before" a session at 10:00 is 10:00 the day before even
    when the clocks changed in between; the rest is counted in real minutes."""
    days, rest = divmod(minutes, 24 * 60)
    local = starts_at.astimezone(zone).replace(tzinfo=None) - timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC) - timedelta(minutes=rest)


def outside_quiet_hours(
    due: datetime, session_starts_at: datetime | None, zone: ZoneInfo
) -> datetime:
    """``due``, or 08:00 local after it when it falls in the quiet hours, unless the session
    begins before then (a late booking for an early session is still told at once)."""
    local = due.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return due
    morning = local.date() + timedelta(days=1 if local.time() >= QUIET_FROM else 0)
    wake = datetime.combine(morning, QUIET_UNTIL, tzinfo=zone).astimezone(UTC)
    if session_starts_at is not None and session_starts_at <= wake:
        return due
    return wake


async def put(
    session: AsyncSession,
    *,
    kind: MessageKind,
    to: Recipient,
    about: BookingFacts,
    due_at: datetime,
    zone: str,
    key: str,
    calendar: dict[str, Any] | None = None,
) -> None:
    """Add one message to the outbox (in the caller's transaction), with the calendar event
    its e-mail carries (``calendar``: as ``ical.to_params`` gives it), if any."""
    row = _row(kind, to, about, due_at, zone, key)
    if calendar is not None:
        row["params"]["calendar"] = calendar
        row["params"]["calendar_method"] = "CANCEL" if calendar.get("cancelled") else "REQUEST"
    await _write(session, [row])


async def put_once(
    session: AsyncSession,
    *,
    kind: MessageKind,
    to: Recipient,
    about: BookingFacts,
    due_at: datetime,
    zone: str,
    key: str,
) -> bool:
    """Add one message unless one with ``key`` was ever written (also by a job running at the
    same time); quiet hours hold an SMS to a client as ``put`` does. True when written."""
    await core.db.flush_pending(session)
    connection = await session.connection()
    statement = _INSERT_ONCE[connection.dialect.name]
    result = await connection.execute(statement, [_row(kind, to, about, due_at, zone, key)])
    return bool(result.rowcount)


def _row(
    kind: MessageKind,
    to: Recipient,
    about: BookingFacts,
    due_at: datetime,
    zone: str,
    key: str,
) -> dict[str, Any]:
    if to.role == RecipientRole.CLIENT and to.channel in AUDIBLE:
        due_at = outside_quiet_hours(due_at, about.starts_at, ZoneInfo(zone))
    params = about.params()
    if to.role != RecipientRole.CLIENT:
        params.pop("link_salt", None)  # the client's link is the client's alone
    return new_row(
        Message,
        kind=kind,
        channel=to.channel,
        recipient_role=to.role,
        recipient=to.address,
        language=to.language,
        second_language=to.second_language,
        zone=zone,
        due_at=due_at,
        idempotency_key=key,
        booking_id=about.booking_id,
        organisation_id=about.organisation_id,
        session_starts_at=about.starts_at,
        params=params,
    )


async def _write(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert the rows in one statement, after what they refer to."""
    if not rows:
        return
    await core.db.flush_pending(session)  # what the rows refer to is written first
    await (await session.connection()).execute(_INSERT, rows)


def _key(kind: MessageKind, about: BookingFacts, role: RecipientRole, suffix: str = "") -> str:
    return f"{kind.value}:{about.booking_id}:{about.sequence}:{role.value}{suffix}"


async def announce(
    session: AsyncSession,
    *,
    about: BookingFacts,
    client: Recipient | None,
    staff: Sequence[Recipient] = (),
    calendar: dict[str, Any] | None = None,
    reminders: Iterable[int] = (),
    now: datetime,
    zone: str,
    kind: MessageKind = MessageKind.CONFIRMATION,
    reminded: Sequence[Recipient] | None = None,
    also: Sequence[Recipient] = (),
) -> int:
    """A new (or moved: ``kind`` MOVED) session: tell the client now (and ``also`` another
    way: a call that speaks it), remind them before it (``reminded``: the ways, by SMS and or
    by a call; the client's way when not given), send each staff member the calendar
    invitation (``calendar``: its event, as ``ical.to_params`` gives it). Returns how many
    messages were written."""
    rows: list[dict[str, Any]] = []
    if client is not None:
        rows.append(_row(kind, client, about, now, zone, _key(kind, about, client.role)))
        for way in also:
            key = _key(kind, about, way.role, f":{way.channel.value}")
            rows.append(_row(kind, way, about, now, zone, key))
        minutes = list(reminders)
        for way in [client] if reminded is None else reminded:
            rows += _reminders(about=about, to=way, minutes=minutes, now=now, zone=zone)
    for index, member in enumerate(staff):
        key = _key(kind, about, member.role, f":{index}")
        row = _row(kind, member, about, now, zone, key)
        if calendar is not None:
            row["params"]["calendar"] = calendar
        rows.append(row)
    await _write(session, rows)
    return len(rows)


def _reminders(
    *,
    about: BookingFacts,
    to: Recipient,
    minutes: Iterable[int],
    now: datetime,
    zone: str,
) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []
    audible = to.channel in AUDIBLE
    for ahead, due in reminder_times(about.starts_at, minutes, now=now, zone=zone, audible=audible):
        by_call = ":voice" if to.channel == MessageChannel.VOICE else ""
        key = _key(MessageKind.REMINDER, about, to.role, f":{ahead}{by_call}")
        made.append(_row(MessageKind.REMINDER, to, about, due, zone, key))
    return made


def reminder_times(
    starts_at: datetime, minutes: Iterable[int], *, now: datetime, zone: str, audible: bool = True
) -> list[tuple[int, datetime]]:
    """When each reminder (``minutes`` ahead) of a session at ``starts_at`` falls due, earliest
    first; ``audible`` (SMS, a call): outside the quiet hours."""
    tz = ZoneInfo(zone)
    made: list[tuple[int, datetime]] = []
    for ahead in sorted(set(minutes), reverse=True):
        due = reminder_time(starts_at, ahead, tz)
        if audible:
            due = outside_quiet_hours(due, starts_at, tz)
        # A reminder whose time has passed, or that quiet hours pushed onto another, is
        # not sent: the confirmation or the other reminder says the same thing.
        if due <= now or due >= starts_at or any(due == taken for _, taken in made):
            continue
        made.append((ahead, due))
    return made


async def withdraw(session: AsyncSession, *, booking_id: UUID) -> int:
    """Take back every message about a booking that no dispatcher has picked up yet; return
    how many. (One being sent at this moment goes out; it was true when it was written.)"""
    result = await session.execute(
        update(Message)
        .where(Message.booking_id == booking_id, Message.status == MessageStatus.PENDING)
        .values(status=MessageStatus.CANCELLED, last_error="withdrawn: the booking changed")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def for_booking(session: AsyncSession, booking_id: UUID) -> list[Message]:
    """Every message about a booking, oldest first."""
    return list(
        await session.scalars(
            select(Message)
            .where(Message.booking_id == booking_id)
            .order_by(Message.due_at, Message.created_at)
        )
    )


async def forget_recipients(session: AsyncSession, *, message_ids: Sequence[UUID]) -> int:
    """Remove the address from messages whose recipient's data is being erased, and take
    back those not yet picked up; return how many messages were touched."""
    if not message_ids:
        return 0
    await session.execute(
        update(Message)
        .where(Message.id.in_(message_ids), Message.status == MessageStatus.PENDING)
        .values(
            status=MessageStatus.CANCELLED, last_error="withdrawn: the recipient's data was erased"
        )
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(
        update(Message)
        .where(Message.id.in_(message_ids))
        .values(recipient="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
