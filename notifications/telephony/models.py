"""Tables: one row per call placed (or about to be), written and committed before dialling."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from core.models import Entity, enum_type
from core.types import UTCDateTime
from notifications.telephony.gateway import CallEvent


class CallStatus(StrEnum):
    DIALLING = "dialling"  # committed before the gateway dials; a worker may still hold it
    PLACED = "placed"  # an asynchronous gateway took it; its webhook brings the result
    ENDED = "ended"  # the result is recorded
    INTERRUPTED = "interrupted"  # its worker stopped mid-call: never dialled again
    NOT_PLACED = "not_placed"  # the gateway could not even try (its process was down)


class KeyApplied(StrEnum):
    """What Neuvo did with the call's result."""

    KEPT = "kept"  # 1: the client keeps the appointment
    CANCELLED = "cancelled"  # 2: cancelled through the same flow as the client's link
    CALLBACK = "callback"  # 0: a call-back request opened
    NO_ANSWER_GIVEN = "no_answer_given"  # answered, no allowed key: booking unchanged
    HUNG_UP = "hung_up"
    STALE = "stale"  # a key for a booking that changed meanwhile: nothing applied, alerted
    RETRY = "retry"  # busy, no answer or failed: called again later
    SMS = "sms"  # out of calls (or interrupted): one SMS instead


class VoiceCall(Entity, table=True):
    """One call of a voice message (its ``attempt``): what the callee did, what came of it."""

    __tablename__ = "voice_calls"
    __table_args__ = (
        UniqueConstraint("message_id", "attempt", name="uq_voice_calls_message_attempt"),
        Index("ix_voice_calls_booking", "booking_id"),
    )

    message_id: UUID = Field(foreign_key="messages.id", ondelete="CASCADE")
    attempt: int
    booking_id: UUID | None = Field(default=None, foreign_key="bookings.id", ondelete="CASCADE")
    # The booking's SEQUENCE when dialled: a key for a booking changed since is not applied.
    booking_sequence: int | None = None
    gateway: str = Field(max_length=20)
    status: CallStatus = Field(
        default=CallStatus.DIALLING, sa_type=enum_type(CallStatus), nullable=False
    )
    provider_id: str | None = Field(default=None, max_length=200)
    outcome: CallEvent | None = Field(default=None, sa_type=enum_type(CallEvent))
    key: str | None = Field(default=None, max_length=1)
    wrong_keys: str | None = Field(default=None, max_length=20)
    applied: KeyApplied | None = Field(default=None, sa_type=enum_type(KeyApplied))
    detail: str | None = Field(default=None, max_length=200)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
