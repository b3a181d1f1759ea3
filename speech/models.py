"""Tables of speech: recordings made in the console's studio, and who may record which language."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from core import clock
from core.models import Entity, enum_type
from core.types import UTCDateTime


class RecordingKind(StrEnum):
    """What a recording says: a prompt of the client pages, a clip of a spoken date, time,
    duration or phone number, or the name of a service or a municipality."""

    PROMPT = "prompt"
    CLIP = "clip"
    SERVICE = "service"
    MUNICIPALITY = "municipality"


class RecordingStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Recording(Entity, table=True):
    """One take of one text in one language; clients hear it once a second person approves."""

    __tablename__ = "speech_recordings"
    __table_args__ = (
        Index("ix_speech_recordings_lang_kind_key", "lang", "kind", "key"),
        Index("ix_speech_recordings_lang_status", "lang", "status"),
    )

    lang: str = Field(max_length=8)
    kind: RecordingKind = Field(sa_type=enum_type(RecordingKind), nullable=False)
    key: str = Field(max_length=64)
    text: str = Field(max_length=500)
    text_hash: str = Field(max_length=64)
    audio: bytes = Field(sa_type=LargeBinary, nullable=False)
    audio_hash: str = Field(max_length=64)
    seconds: float
    status: RecordingStatus = Field(
        sa_type=enum_type(RecordingStatus), nullable=False, default=RecordingStatus.PENDING
    )
    recorded_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    decided_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The licence the recorder agreed to ("CC-BY-4.0"); none: not shared in a language pack.
    licence: str | None = Field(default=None, max_length=40)
    # Imported from a language pack: who recorded and approved it there, and whose key signed.
    recorded_by_name: str | None = Field(default=None, max_length=200)
    approved_by_name: str | None = Field(default=None, max_length=200)
    origin: str | None = Field(default=None, max_length=200)
    # A take sent through a recording invitation: its person, not a staff account, made it.
    invitation_id: UUID | None = Field(
        default=None, foreign_key="speech_invitations.id", ondelete="SET NULL", index=True
    )


class Recorder(SQLModel, table=True):
    """A staff member an admin has asked to record (and approve) one language."""

    __tablename__ = "speech_recorders"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    assigned_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class Reviewer(SQLModel, table=True):
    """A staff member the platform trusts to approve what every client of a language hears
    (recordings belong to no organisation: an approved take plays for all of them)."""

    __tablename__ = "speech_reviewers"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", primary_key=True)
    lang: str = Field(max_length=8, primary_key=True)
    named_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class Invitation(Entity, table=True):
    """A capability link an admin sends to someone with no staff account (a volunteer of a
    community association, a peer counsellor) to record one language from their own phone
    until it expires. Only the token's hash is kept; its takes wait for a reviewer."""

    __tablename__ = "speech_invitations"

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    lang: str = Field(max_length=8)
    meaning: str = Field(max_length=8)  # the language shown beside each text: fi or en
    name: str = Field(max_length=120)  # how reviewers see who recorded
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
