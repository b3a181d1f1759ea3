"""Slot references: what a search hands out so that a booking can name a slot it found.

A reference carries the search it came from (service, municipality, language, channel, staff
filter) and the slot's start, signed with the server's secret. A booking re-checks
everything; the reference only proves that the caller did not invent or alter the slot.
"""

import base64
import binascii
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from uuid import UUID

from core import tokens
from scheduling.errors import SlotReferenceInvalid

VERSION = 1


@dataclass(frozen=True, slots=True)
class SlotRef:
    service_id: UUID
    municipality_code: str
    language: str
    channel: str
    starts_at: datetime
    staff_id: UUID | None = None


def encode(secret: str, ref: SlotRef) -> str:
    """Return the opaque, signed text of ``ref``."""
    payload = {
        "v": VERSION,
        "s": str(ref.service_id),
        "m": ref.municipality_code,
        "l": ref.language,
        "c": ref.channel,
        "t": int(ref.starts_at.timestamp()),
        "a": str(ref.staff_id) if ref.staff_id else None,
    }
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    body = body.rstrip("=")
    return f"{body}.{tokens.sign(secret, 'slot:' + body)[:32]}"


def decode(secret: str, text: str, *, field: str = "slot") -> SlotRef:
    """Return the slot a reference names; refuse one that is malformed or was altered."""
    body, _, signature = text.partition(".")
    expected = tokens.sign(secret, "slot:" + body)[:32]
    if not signature or not tokens.constant_time_equal(signature, expected):
        raise SlotReferenceInvalid("the slot reference is not one this server gave", field=field)
    try:
        padded = body + "=" * (-len(body) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded))
        return SlotRef(
            service_id=UUID(payload["s"]),
            municipality_code=payload["m"],
            language=payload["l"],
            channel=payload["c"],
            starts_at=datetime.fromtimestamp(payload["t"], UTC),
            staff_id=UUID(payload["a"]) if payload["a"] else None,
        )
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise SlotReferenceInvalid("the slot reference is malformed", field=field) from exc


def describe(ref: SlotRef) -> dict[str, str | None]:
    """The reference's content as plain strings (for logs and problem bodies; no secrets)."""
    return {key: str(value) if value is not None else None for key, value in asdict(ref).items()}
