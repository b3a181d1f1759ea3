"""API shapes of notifications: a message of the outbox as the console shows it."""

from datetime import datetime
from typing import Any
from uuid import UUID

from core.schemas import Read


def mask(recipient: str) -> str:
    """Enough of a phone number or an address to tell which it is, not enough to reuse."""
    if "@" in recipient:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}…@{domain}"
    return f"{recipient[:4]}…{recipient[-3:]}" if len(recipient) > 7 else "…"


class MessageRead(Read):
    id: UUID
    kind: str
    channel: str
    recipient_role: str
    recipient: str  # masked
    language: str
    due_at: datetime
    status: str
    attempts: int
    sent_at: datetime | None
    last_error: str | None
    provider_id: str | None
    fallback: str | None
    booking_id: UUID | None
    text: str | None = None  # what was (or will be) sent, the client's link left out

    @classmethod
    def from_message(cls, message: Any, text: str | None = None) -> "MessageRead":
        return cls(
            id=message.id,
            kind=message.kind.value,
            channel=message.channel.value,
            recipient_role=message.recipient_role.value,
            recipient=mask(message.recipient),
            language=message.language,
            due_at=message.due_at,
            status=message.status.value,
            attempts=message.attempts,
            sent_at=message.sent_at,
            last_error=message.last_error,
            provider_id=message.provider_id,
            fallback=message.fallback,
            booking_id=message.booking_id,
            text=text,
        )
