"""The client's link ``/b/{token}``, derived again whenever a message needs it.

The token comes from the secret key and a salt stored with the booking, so the outbox keeps
the salt, never the token, and the link can be shown in every reminder.
"""

import base64
from uuid import UUID

from access import password_links
from core import tokens

PURPOSE = "client-link"


def client_token(secret: str, *, booking_id: UUID, salt: str) -> str:
    """The token of a booking's client link."""
    return tokens.derive(secret, PURPOSE, str(booking_id), salt)


def client_link(base_url: str, secret: str, *, booking_id: UUID, salt: str) -> str:
    """The whole address of a booking's client link."""
    return f"{base_url.rstrip('/')}/b/{client_token(secret, booking_id=booking_id, salt=salt)}"


INVITATION_PURPOSE = "outreach-invitation"


def invitation_token(secret: str, *, newcomer_id: UUID, salt: str) -> str:
    """The token of a newcomer's personal invitation link: 130 bits in 26 letters and digits
    of RFC 4648 base32 (no 0, 1, 8 or 9 to mistake for letters), typed from a letter."""
    digest = bytes.fromhex(tokens.sign(secret, f"{INVITATION_PURPOSE}:{newcomer_id}:{salt}"))
    return base64.b32encode(digest[:17]).decode("ascii")[:26]


def invitation_link(base_url: str, secret: str, *, newcomer_id: UUID, salt: str) -> str:
    """The whole address of a personal invitation, the token grouped for typing."""
    token = invitation_token(secret, newcomer_id=newcomer_id, salt=salt)
    grouped = "-".join(token[index : index + 5] for index in range(0, len(token), 5))
    return f"{base_url.rstrip('/')}/i/{grouped}"


def password_link(base_url: str, secret: str, *, link_id: UUID, salt: str) -> str:
    """The whole address of a staff member's link to set a password (``access.password_links``
    derives it and keeps its hash)."""
    return password_links.address(base_url, secret, link_id=link_id, salt=salt)
