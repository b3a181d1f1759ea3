"""Capability tokens: 256 random bits handed out once, only their SHA-256 kept."""

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    """Return a fresh URL-safe token of 256 random bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 of ``token``, the only form kept at rest."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def matches(token: str, token_hash: str) -> bool:
    """Tell in constant time whether ``token`` hashes to ``token_hash``."""
    return hmac.compare_digest(hash_token(token), token_hash)


def sign(secret: str, message: str) -> str:
    """Return a hex HMAC-SHA256 of ``message`` under ``secret`` (derived, never stored)."""
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def verify_signature(secret: str, message: str, signature: str) -> bool:
    """Tell in constant time whether ``signature`` is ``sign(secret, message)``."""
    return hmac.compare_digest(sign(secret, message), signature)


def constant_time_equal(left: str, right: str) -> bool:
    """Compare two strings in time that does not depend on where they differ."""
    return hmac.compare_digest(left.encode("utf-8"), right.encode("utf-8"))


def new_salt() -> str:
    """Return 128 random bits as hex, to derive a token from together with the secret key."""
    return secrets.token_hex(16)


def derive(secret: str, purpose: str, *parts: str) -> str:
    """Derive a URL-safe 256-bit token from the secret key, a purpose and stored parts.

    Without the secret key (kept outside the database) the stored parts reveal nothing; with
    it the same token can be shown again, so only the token's hash needs to be stored.
    """
    digest = hmac.new(
        secret.encode("utf-8"), ":".join((purpose, *parts)).encode("utf-8"), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
