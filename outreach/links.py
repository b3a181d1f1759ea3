"""The personal link ``/i/{token}``: derived from the secret key and the newcomer's salt
(``notifications.links``, so that the SMS can be written when it is sent), only its hash kept.
A token typed from a letter is read leniently: any case, dashes and spaces ignored, and the
digits people write for look-alike letters (0 for O, 1 for I, 8 for B) taken as those."""

import re
from uuid import UUID

from core import tokens
from notifications import links

_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_TOKEN = re.compile(r"[A-Z2-7]{26}")


def link(base_url: str, secret: str, *, newcomer_id: UUID, salt: str) -> str:
    """The address printed in the letter, encoded in its QR code and sent by SMS."""
    return links.invitation_link(base_url, secret, newcomer_id=newcomer_id, salt=salt)


def token_hash(secret: str, *, newcomer_id: UUID, salt: str) -> str:
    """The hash kept at rest for a newcomer's token."""
    return tokens.hash_token(links.invitation_token(secret, newcomer_id=newcomer_id, salt=salt))


def normalise(typed: str) -> str | None:
    """The token a person typed or a QR code carried, or None when it cannot be one."""
    token = re.sub(r"[\s\-]", "", typed).upper().translate(_LOOKALIKES)
    return token if _TOKEN.fullmatch(token) else None
