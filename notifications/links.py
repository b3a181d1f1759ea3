"""The client's link ``/b/{token}``, derived again whenever a message needs it.

The token comes from the secret key and a salt stored with the booking, so the outbox keeps
the salt, never the token, and the link can be shown in every reminder.
"""

import base64
from uuid import UUID

from access import password_links
from core import tokens
from speech import invitations

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


def recording_link(base_url: str, secret: str, *, invitation_id: UUID, salt: str) -> str:
    """The whole address of a recording invitation (``speech.invitations`` derives it and keeps
    its hash)."""
    return invitations.address(base_url, secret, invitation_id=invitation_id, salt=salt)


SHORT_CODE_PURPOSE = "short-code"
SHORT_CODE_ALPHABET = "0123456789"  # digits only: said the same in every language, none mistaken
SHORT_CODE_LENGTH = 8


def short_code(secret: str, *, booking_id: UUID, salt: str) -> str:
    """The booking's short code: eight digits derived from the secret key and a stored salt,
    read out over the phone and typed on the client page's keypad."""
    digest = bytes.fromhex(tokens.sign(secret, f"{SHORT_CODE_PURPOSE}:{booking_id}:{salt}"))
    number = int.from_bytes(digest, "big") % len(SHORT_CODE_ALPHABET) ** SHORT_CODE_LENGTH
    digits = []
    for _ in range(SHORT_CODE_LENGTH):
        number, index = divmod(number, len(SHORT_CODE_ALPHABET))
        digits.append(SHORT_CODE_ALPHABET[index])
    return "".join(reversed(digits))


def short_code_hash(secret: str, code: str) -> str:
    """The only form of a short code kept at rest: keyed (HMAC under the secret key), since
    a hundred million codes are too few to keep a plain hash from being reversed."""
    return tokens.sign(secret, f"{SHORT_CODE_PURPOSE}-hash:{code}")


def typed_code(text: str) -> str:
    """The digits of a short code as typed or said (spaces, dashes and dots dropped)."""
    return "".join(character for character in text if character.isdigit() and character.isascii())


def grouped_code(code: str) -> str:
    """A short code in two groups of four, as it is read out: ``1234 5678``."""
    return f"{code[:4]} {code[4:]}"
