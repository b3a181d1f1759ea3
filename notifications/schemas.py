"""API shapes of notifications: a message of the outbox as the console shows it."""

from datetime import datetime
from typing import Any
from uuid import UUID

from core.schemas import Read, Strict


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
    recipient: str  # masked, unless the reader may see the client
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
    # For a reader who may see the client: whose message it is and the code to read out in
    # place of the link (the link itself is a capability, never shown).
    client_id: UUID | None = None
    short_code: str | None = None

    @classmethod
    def from_message(
        cls,
        message: Any,
        text: str | None = None,
        *,
        seen: tuple[UUID, str | None] | None = None,
    ) -> "MessageRead":
        """``seen``: the client and short code, when the reader may see the client."""
        return cls(
            id=message.id,
            kind=message.kind.value,
            channel=message.channel.value,
            recipient_role=message.recipient_role.value,
            recipient=message.recipient if seen else mask(message.recipient),
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
            client_id=seen[0] if seen else None,
            short_code=seen[1] if seen else None,
        )


class LinkAgain(Strict):
    """Send the client's link of ``booking_id`` once more by SMS."""

    booking_id: UUID
