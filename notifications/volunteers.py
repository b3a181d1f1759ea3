"""The message that invites someone without a staff account to record a language: by e-mail
and/or SMS, with the link to their recording page (``speech.invitations``).

Like a password link, the link itself is not stored: its salt goes in ``params`` and the
dispatcher derives the link when it sends (``links.recording_link``); the console's preview
shows ``[link]``.
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import Message, MessageChannel, MessageKind, RecipientRole


async def recording_invitation(
    session: AsyncSession,
    *,
    invitation_id: UUID,
    email: str | None,
    phone: str | None,
    language: str,
    recorded_language: str,
    organisation_id: UUID,
    salt: str,
    expires_at: datetime,
    zone: str,
    now: datetime,
) -> list[Message]:
    """Put the invitation to record ``recorded_language`` in the outbox, due now, in
    ``language`` (Finnish or English): one message per address given."""
    addresses = [(MessageChannel.EMAIL, email), (MessageChannel.SMS, phone)]
    messages = [
        Message(
            kind=MessageKind.RECORDING_INVITATION,
            channel=channel,
            # A helper of the organisation, not a client: sent at once, never masked as one.
            recipient_role=RecipientRole.STAFF,
            recipient=address,
            language=language,
            zone=zone,
            due_at=now,
            idempotency_key=f"recording_invitation:{invitation_id}:{channel.value}",
            organisation_id=organisation_id,
            params={
                "expires_at": expires_at.isoformat(),
                "recording_invitation": str(invitation_id),
                "link_salt": salt,
                "session_language": recorded_language,  # the language named in the text
            },
        )
        for channel, address in addresses
        if address
    ]
    session.add_all(messages)
    await session.flush()
    return messages
