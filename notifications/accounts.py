"""The e-mails about a staff member's own account: the invitation with its link to set a
password (``staff_welcome``), and a forgotten password's reset link (``password_reset``).

Written in the caller's transaction like every message; the link is not: its salt goes in
``params`` and the dispatcher derives the link when it sends (``links.password_link``), so the
outbox never holds it, and the console's preview shows ``[link]``.
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import Message, MessageChannel, MessageKind, RecipientRole

ACCOUNT_KINDS = frozenset({MessageKind.STAFF_WELCOME, MessageKind.PASSWORD_RESET})


async def password_mail(
    session: AsyncSession,
    *,
    kind: MessageKind,
    email: str,
    language: str,
    organisation_id: UUID,
    link_id: UUID,
    salt: str,
    expires_at: datetime,
    zone: str,
    now: datetime,
) -> Message:
    """Put the e-mail with a password link in the outbox, due now."""
    if kind not in ACCOUNT_KINDS:
        raise ValueError(f"{kind} is not an account message")
    message = Message(
        kind=kind,
        channel=MessageChannel.EMAIL,
        recipient_role=RecipientRole.STAFF,
        recipient=email,
        language=language,
        zone=zone,
        due_at=now,
        idempotency_key=f"{kind.value}:{link_id}",
        organisation_id=organisation_id,
        params={
            "expires_at": expires_at.isoformat(),
            "password_link": str(link_id),
            "link_salt": salt,
        },
    )
    session.add(message)
    await session.flush()
    return message
