"""Tables of interpreters and peer counsellors: a profile per person and the languages they
speak, with the dialect or region where it matters (Arabic of Iraq, say)."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from core import clock
from core.models import Entity, enum_type
from core.types import UTCDateTime


class HelperKind(StrEnum):
    INTERPRETER = "interpreter"
    PEER_COUNSELLOR = "peer_counsellor"  # an integrated immigrant guiding in their own language


class Mode(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ON_SITE = "on_site"


class Gender(StrEnum):
    """Self-declared, optional, and used only to honour a client's wish."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class QualificationKind(StrEnum):
    COURT_REGISTER = "court_register"  # the register of legal interpreters
    COMMUNITY_INTERPRETING = "community_interpreting"  # a community-interpreting qualification
    OTHER = "other"


class InterpreterProfile(Entity, table=True):
    """What an interpreter or peer counsellor offers: into which languages, how, where."""

    __tablename__ = "interpreter_profiles"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", unique=True)
    kind: HelperKind = Field(sa_type=enum_type(HelperKind), nullable=False)
    into_languages: list[str] = Field(sa_type=JSON, nullable=False)  # fi, sv, en
    modes: list[str] = Field(sa_type=JSON, nullable=False)
    regions: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    qualifications: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON, nullable=False)
    gender: Gender | None = Field(default=None, sa_type=enum_type(Gender))
    freelance: bool = False  # else they work for their organisation (an agency or an NGO)
    # Where the advisor reaches her to conference her into a phone session (E.164).
    phone_e164: str | None = Field(default=None, max_length=16)
    updated_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class InterpreterLanguage(Entity, table=True):
    """A language an interpreter or peer counsellor speaks with a client."""

    __tablename__ = "interpreter_languages"
    __table_args__ = (Index("ix_interpreter_languages_language", "language", "dialect"),)

    profile_id: UUID = Field(foreign_key="interpreter_profiles.id", ondelete="CASCADE", index=True)
    language: str = Field(max_length=8)
    dialect: str | None = Field(default=None, max_length=8)  # an ISO 3166 region: IQ, SY, AF


class OfferStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # another accepted, or the booking changed
    EXPIRED = "expired"


class InterpreterOffer(Entity, table=True):
    """A session offered to one interpreter; the first to accept wins it."""

    __tablename__ = "interpreter_offers"
    __table_args__ = (
        Index("ix_interpreter_offers_booking", "booking_id", "status"),
        Index("ix_interpreter_offers_interpreter", "interpreter_id", "status"),
    )

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE")
    interpreter_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE")
    tier: int = 1
    status: OfferStatus = Field(
        default=OfferStatus.OPEN, sa_type=enum_type(OfferStatus), nullable=False
    )
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decline_reason: str | None = Field(default=None, max_length=500)


class InterpreterWish(SQLModel, table=True):
    """A client's wish about interpreters: one gender only (optional)."""

    __tablename__ = "client_interpreter_wishes"

    client_id: UUID = Field(foreign_key="clients.id", ondelete="CASCADE", primary_key=True)
    gender: Gender | None = Field(default=None, sa_type=enum_type(Gender))


class ExcludedInterpreter(SQLModel, table=True):
    """An interpreter a client must never get (in a small community they may know the family)."""

    __tablename__ = "client_excluded_interpreters"

    client_id: UUID = Field(foreign_key="clients.id", ondelete="CASCADE", primary_key=True)
    interpreter_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", primary_key=True)
