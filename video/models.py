"""Tables of video rooms: join passes (only their hashes) and the facts of who came and went.

A room belongs to one booking and has no row of its own: its window follows from the
booking's times, and its people from the booking's advisor, interpreter and client.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index
from sqlmodel import Field

from core.models import Entity, enum_type
from core.types import UTCDateTime


class RoomRole(StrEnum):
    CLIENT = "client"
    ADVISOR = "advisor"
    INTERPRETER = "interpreter"
    PEER_COUNSELLOR = "peer_counsellor"


class RoomEventKind(StrEnum):
    JOINED = "joined"
    LEFT = "left"
    WAITING = "waiting"
    ADMITTED = "admitted"
    SWITCHED_TO_PHONE = "switched_to_phone"


class RoomPass(Entity, table=True):
    """A join token for one person and role in one booking's room, kept as its hash."""

    __tablename__ = "room_passes"

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE", index=True)
    role: RoomRole = Field(sa_type=enum_type(RoomRole), nullable=False)
    # The staff member the pass is for; none for the client.
    staff_id: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class RoomEvent(Entity, table=True):
    """Something that happened in a room: a person joined, waited, was admitted, left; the
    session moved to the phone. Kept for statistics and to suggest a no-show."""

    __tablename__ = "room_events"
    __table_args__ = (Index("ix_room_events_booking_at", "booking_id", "created_at"),)

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE")
    kind: RoomEventKind = Field(sa_type=enum_type(RoomEventKind), nullable=False)
    role: RoomRole | None = Field(default=None, sa_type=enum_type(RoomRole))
    staff_id: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
