"""The outbox: one row per message, recipient and channel; the truth about what is sent.

A message is rendered from its template only when it is sent, from ``params`` (times, channel,
the salt of the client link): no capability token and no finished text is stored.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Text
from sqlmodel import Field

from core.models import Entity, enum_type
from core.types import UTCDateTime


class MessageStatus(StrEnum):
    PENDING = "pending"  # waiting for its due time (or for a retry)
    SENDING = "sending"  # claimed by a dispatcher until ``claimed_until``
    SENT = "sent"
    # Nothing left the server: no SMS gateway (or no SMTP server) is configured. Staff read
    # it in the console; once a gateway is configured it can be sent again.
    NOT_SENT = "not_sent"
    FAILED = "failed"  # permanently, or out of attempts: shown on the operator console
    UNDELIVERABLE = "undeliverable"  # the address itself cannot be sent to
    CANCELLED = "cancelled"  # no longer wanted: the booking was cancelled or moved


class MessageChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    VOICE = "voice"  # a call that speaks the message and takes a key (notifications.telephony)


class RecipientRole(StrEnum):
    CLIENT = "client"
    STAFF = "staff"


class MessageKind(StrEnum):
    CONFIRMATION = "confirmation"
    REMINDER = "reminder"
    MOVED = "moved"
    CANCELLED = "cancelled"
    INTERPRETER_OFFER = "interpreter_offer"
    OFFER_WITHDRAWN = "offer_withdrawn"
    INVITATION = "invitation"  # an outreach campaign's SMS: its text is in params
    INTERPRETER_ACCEPTED = "interpreter_accepted"  # staff told that an interpreter took it

    STAFF_WELCOME = "staff_welcome"  # a new staff member's link to set a password
    # a link to set a forgotten password again
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind's name, not a secret)
    FEEDBACK = "feedback"  # after a completed session: "how was it?" with the client link
    # a call-back request not answered in three tries: "we could not reach you; call us on ..."
    CALLBACK_MISSED = "callback_missed"


OPEN = (MessageStatus.PENDING, MessageStatus.SENDING)


class Message(Entity, table=True):
    """A message to one recipient on one channel, due at a time."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_status_due", "status", "due_at"),
        Index("ix_messages_booking", "booking_id"),
        Index("ix_messages_organisation_status", "organisation_id", "status"),
    )

    kind: MessageKind = Field(sa_type=enum_type(MessageKind), nullable=False)
    channel: MessageChannel = Field(sa_type=enum_type(MessageChannel), nullable=False)
    recipient_role: RecipientRole = Field(sa_type=enum_type(RecipientRole), nullable=False)
    recipient: str = Field(max_length=254)  # E.164 phone number or e-mail address
    language: str = Field(max_length=8)
    second_language: str | None = Field(default=None, max_length=8)
    zone: str = Field(max_length=64)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: MessageStatus = Field(
        default=MessageStatus.PENDING, sa_type=enum_type(MessageStatus), nullable=False
    )
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=500)
    provider_id: str | None = Field(default=None, max_length=200)
    # Passed on to the provider, so that a message sent again after a crash is sent once.
    idempotency_key: str = Field(max_length=100, unique=True)
    # The language the template was found in, when it was not ``language`` itself, and why.
    fallback: str | None = Field(default=None, max_length=200)
    booking_id: UUID | None = Field(default=None, foreign_key="bookings.id", ondelete="CASCADE")
    organisation_id: UUID | None = Field(
        default=None, foreign_key="organisations.id", ondelete="CASCADE"
    )
    # When the session starts: quiet hours give way when it is sooner than their end.
    session_starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    # An iCalendar object stored with the message (until 2026-12); newer invitations keep
    # their event in ``params["calendar"]`` and are written when sent (``dispatch``).
    attachment: str | None = Field(default=None, sa_type=Text)
