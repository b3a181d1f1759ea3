"""The dispatcher: claims due messages, sends each through its channel, records the outcome.

A claim marks a message ``sending`` until a lease runs out, and commits before anything is
sent. A dispatcher that dies while sending leaves the message claimed; when the lease has run
out another one sends it again with the same idempotency key, which the SMS gateway uses to
drop the repeat (and which becomes the e-mail's Message-ID). On PostgreSQL concurrent
dispatchers skip each other's rows (``FOR UPDATE SKIP LOCKED``); SQLite serialises the claims.
"""

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import clock, languages, placeholders
from core.types import UTCDateTime
from notifications import ical, links, templates
from notifications.accounts import ACCOUNT_KINDS
from notifications.channels import Channel, Outgoing
from notifications.errors import NoGateway, PermanentFailure, TransientFailure, Undeliverable
from notifications.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    RecipientRole,
)
from notifications.outbox import AUDIBLE, outside_quiet_hours
from notifications.telephony import channel as voice_channel
from notifications.telephony.channel import VoiceChannel

log = logging.getLogger(__name__)

BACKOFF = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600)  # seconds before attempt 2, 3, ...
MAX_ATTEMPTS = len(BACKOFF) + 1


@dataclass(frozen=True, slots=True)
class Outcome:
    status: MessageStatus
    due_at: datetime | None = None
    provider_id: str | None = None
    error: str | None = None
    fallback: str | None = None
    attempt_counts: bool = True


# A voice message whose call's own records (or the SMS in its place) say what became of it.
RECORDED = Outcome(MessageStatus.SENDING)


@dataclass
class Dispatcher:
    sessions: async_sessionmaker[AsyncSession]
    channels: Mapping[MessageChannel, Channel]
    base_url: str
    secret: str
    lease: timedelta = timedelta(seconds=120)
    batch: int = 100
    concurrency: int = 20
    voice: VoiceChannel | None = None  # calls; without one a voice message goes by SMS

    async def aclose(self) -> None:
        """Close the channels' connections."""
        for channel in [*self.channels.values(), self.voice]:
            close = getattr(channel, "aclose", None)
            if close is not None:
                await close()

    async def drain(self) -> int:
        """Send everything that is due now; return how many messages were handled."""
        handled = 0
        while count := await self.run_once():
            handled += count
        return handled

    async def run_once(self) -> int:
        """Claim one batch of due messages, send them, record each outcome."""
        claimed = await self._claim()
        if not claimed:
            return 0
        gate = asyncio.Semaphore(self.concurrency)

        async def one(message: Message) -> Outcome:
            async with gate:
                return await self._send(message)

        outcomes = await asyncio.gather(*(one(message) for message in claimed))
        await self._record(zip(claimed, outcomes, strict=True))
        return len(claimed)

    async def _claim(self) -> list[Message]:
        now = clock.now()
        due = (
            select(Message.id)
            .where(
                or_(
                    and_(Message.status == MessageStatus.PENDING, Message.due_at <= now),
                    and_(Message.status == MessageStatus.SENDING, Message.claimed_until < now),
                )
            )
            .order_by(Message.due_at)
            .limit(self.batch)
            .with_for_update(skip_locked=True)
        )
        async with self.sessions() as session, session.begin():
            claimed = await session.scalars(
                update(Message)
                .where(Message.id.in_(due.scalar_subquery()))
                .values(
                    status=MessageStatus.SENDING,
                    attempts=Message.attempts + 1,
                    claimed_until=now + self.lease,
                )
                .returning(Message),
                execution_options={"synchronize_session": False},
            )
            return list(claimed)

    async def _send(self, message: Message) -> Outcome:
        now = clock.now()
        zone = ZoneInfo(message.zone)
        if message.recipient_role == RecipientRole.CLIENT and message.channel in AUDIBLE:
            later = outside_quiet_hours(now, message.session_starts_at, zone)
            if later > now:  # it fell due (or came back from a retry) in the quiet hours
                return Outcome(MessageStatus.PENDING, due_at=later, attempt_counts=False)
        if message.channel == MessageChannel.VOICE:
            return await self._call(message, now)
        try:
            rendered = self._render(message)
            attachment = attachment_of(message)
        except Exception as exc:  # a template that cannot be filled is not worth retrying
            log.exception("message %s could not be rendered", message.id)
            return Outcome(MessageStatus.FAILED, error=f"rendering failed: {type(exc).__name__}")
        outgoing = Outgoing(
            message_id=message.id,
            recipient=message.recipient,
            text=rendered.text,
            subject=rendered.subject,
            idempotency_key=message.idempotency_key,
            attachment=attachment,
            attachment_method=message.params.get("calendar_method"),
        )
        try:
            sent = await self.channels[message.channel].send(outgoing)
        except NoGateway as exc:  # nothing left the server: say so, never "sent"
            return Outcome(MessageStatus.NOT_SENT, error=exc.message, fallback=rendered.fallback)
        except Undeliverable as exc:
            return Outcome(
                MessageStatus.UNDELIVERABLE, error=exc.message, fallback=rendered.fallback
            )
        except PermanentFailure as exc:
            return Outcome(MessageStatus.FAILED, error=exc.message, fallback=rendered.fallback)
        except TransientFailure as exc:
            return self._retry(message, exc.message, now, rendered.fallback)
        except Exception as exc:  # an adapter's own bug: keep the message, try again later
            log.exception("channel %s failed on message %s", message.channel, message.id)
            return self._retry(message, f"unexpected: {type(exc).__name__}", now, rendered.fallback)
        return Outcome(MessageStatus.SENT, provider_id=sent.provider_id, fallback=rendered.fallback)

    async def _call(self, message: Message, now: datetime) -> Outcome:
        """A voice message: one call (``telephony.channel``), or an SMS in its place."""
        if self.voice is None:
            await voice_channel.sms_instead(self.sessions, message, why="no telephone connection")
            return RECORDED
        try:
            handled = await self.voice.call(message)
        except TransientFailure as exc:
            return self._retry(message, exc.message, now, None)
        except Exception as exc:  # before dialling (the call's row was not committed)
            log.exception("voice message %s could not be called", message.id)
            return self._retry(message, f"unexpected: {type(exc).__name__}", now, None)
        if handled.status is None:
            return RECORDED
        return Outcome(handled.status, provider_id=handled.provider_id, error=handled.error)

    def _retry(self, message: Message, error: str, now: datetime, fallback: str | None) -> Outcome:
        if message.attempts >= MAX_ATTEMPTS:
            return Outcome(
                MessageStatus.FAILED, error=f"gave up after {message.attempts} attempts: {error}"
            )
        wait = timedelta(seconds=BACKOFF[message.attempts - 1])
        return Outcome(MessageStatus.PENDING, due_at=now + wait, error=error, fallback=fallback)

    def _render(self, message: Message) -> templates.Rendered:
        salt = message.params.get("link_salt")
        link = None
        if salt and message.kind in ACCOUNT_KINDS:
            link_id = UUID(message.params["password_link"])
            link = links.password_link(self.base_url, self.secret, link_id=link_id, salt=salt)
        elif salt and message.kind == MessageKind.INVITATION:
            newcomer_id = UUID(message.params["newcomer_id"])
            link = links.invitation_link(
                self.base_url, self.secret, newcomer_id=newcomer_id, salt=salt
            )
        elif salt and message.booking_id is not None:
            link = links.client_link(
                self.base_url, self.secret, booking_id=message.booking_id, salt=salt
            )
        return render(message, link=link)

    async def _record(self, results: Iterable[tuple[Message, Outcome]]) -> None:
        """Write every outcome of a batch in one statement and transaction (a crash before it
        commits only means the batch is sent again, under the same idempotency keys)."""
        rows = [_row(message, outcome) for message, outcome in results if outcome is not RECORDED]
        if not rows:
            return
        async with self.sessions() as session, session.begin():
            connection = await session.connection()
            await connection.execute(RECORD, rows)


def attachment_of(message: Message) -> bytes | None:
    """The calendar the e-mail carries: written now from the event in ``params`` (or, for a
    message written before that, as it was stored)."""
    if message.attachment:
        return message.attachment.encode("utf-8")
    calendar = message.params.get("calendar")
    return ical.attachment(calendar) if calendar else None


def render(message: Message, *, link: str | None) -> templates.Rendered:
    """The text of ``message``, with ``link`` as the recipient's link."""
    if message.kind == MessageKind.INVITATION:
        return invitation(message, link=link)
    params = {key: str(value) for key, value in message.params.items()}
    if link is not None:
        params["link"] = link
    # A session's messages tell its start; an account's e-mail, when its link expires.
    at = message.params.get("starts_at") or message.params["expires_at"]
    starts_at = datetime.fromisoformat(at).astimezone(UTC)
    return templates.render(
        templates.kind_for(message.kind.value, staff=message.recipient_role == "staff"),
        language=message.language,
        second_language=message.second_language,
        at=starts_at,
        zone=message.zone,
        params=params,
    )


def invitation(message: Message, *, link: str | None) -> templates.Rendered:
    """An outreach invitation: the campaign's own text (kept in ``params``, without the
    link), with the link put in, isolated in a right-to-left text so that it keeps its order."""
    rtl = languages.is_known(message.language) and (
        languages.get(message.language).direction == "rtl"
    )
    shown = f"{templates.LRI}{link}{templates.PDI}" if rtl and link else (link or "")
    return templates.Rendered(
        text=placeholders.render(str(message.params["text"]), {"link": shown}),
        subject="Neuvo",
        language=message.language,
        reviewed=bool(message.params.get("reviewed")),
        fallback=None,
    )


def preview(message: Message) -> str | None:
    """What the message says, for staff: the client's link (a capability) left out."""
    hidden = "[link]" if "link_salt" in message.params else None
    try:
        return render(message, link=hidden).text
    except Exception:  # a message that cannot be rendered is shown without its text
        return None


_table = Message.__table__
# Only while our claim holds (still sending, at our attempt): a dispatcher whose lease ran
# out must not overwrite what the one that took over has recorded.
RECORD = (
    _table.update()
    .where(
        _table.c.id == bindparam("m_id"),
        _table.c.status == MessageStatus.SENDING.value,
        _table.c.attempts == bindparam("m_attempts"),
    )
    .values(
        status=bindparam("m_status"),
        claimed_until=None,
        last_error=bindparam("m_error"),
        fallback=func.coalesce(bindparam("m_fallback", type_=String), _table.c.fallback),
        due_at=func.coalesce(bindparam("m_due_at", type_=UTCDateTime), _table.c.due_at),
        attempts=_table.c.attempts - bindparam("m_undo", type_=Integer),
        provider_id=bindparam("m_provider_id"),
        sent_at=bindparam("m_sent_at", type_=UTCDateTime),
    )
)


def _row(message: Message, outcome: Outcome) -> dict[str, object]:
    sent = outcome.status == MessageStatus.SENT
    return {
        "m_id": message.id,
        "m_attempts": message.attempts,
        "m_status": outcome.status.value,
        "m_error": outcome.error[:500] if outcome.error else None,
        "m_fallback": outcome.fallback[:200] if outcome.fallback else None,
        "m_due_at": outcome.due_at,
        "m_undo": 0 if outcome.attempt_counts else 1,
        "m_provider_id": outcome.provider_id if sent else None,
        "m_sent_at": clock.now() if sent else None,
    }
