"""The client's link ``/b/{token}``, derived again whenever a message needs it.

The token comes from the secret key and a salt stored with the booking, so the outbox keeps
the salt, never the token, and the link can be shown in every reminder.
"""

from uuid import UUID

from core import tokens

PURPOSE = "client-link"


def client_token(secret: str, *, booking_id: UUID, salt: str) -> str:
    """The token of a booking's client link."""
    return tokens.derive(secret, PURPOSE, str(booking_id), salt)


def client_link(base_url: str, secret: str, *, booking_id: UUID, salt: str) -> str:
    """The whole address of a booking's client link."""
    return f"{base_url.rstrip('/')}/b/{client_token(secret, booking_id=booking_id, salt=salt)}"
