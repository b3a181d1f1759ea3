"""Tables of the scheduling domain: organisations, municipalities, agreements, services, staff,
clients, staff sessions and the audit log."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.models import Entity, enum_type
from core.types import UTCDateTime


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    EMPLOYMENT_AREA = "employment_area"
    WELLBEING_COUNTY = "wellbeing_county"
    NGO = "ngo"
    OTHER = "other"


class Channel(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in_person"


class Role(StrEnum):
    ADMIN = "admin"
    ADVISOR = "advisor"
    OPERATOR = "operator"
    INTERPRETER = "interpreter"
    PEER_COUNSELLOR = "peer_counsellor"


class LanguageLevel(StrEnum):
    NATIVE = "native"
    FLUENT = "fluent"
    WORKING = "working"
    BASIC = "basic"


class TargetGroup(StrEnum):
    PARENT_AT_HOME = "parent_at_home"
    ELDERLY = "elderly"
    STUDENT = "student"
    EMPLOYED = "employed"
    JOB_SEEKER = "job_seeker"
    OTHER = "other"


class Municipality(SQLModel, table=True):
    """A Finnish municipality, keyed by its official three-digit code (Statistics Finland)."""

    __tablename__ = "municipalities"

    code: str = Field(sa_column=Column(String(3), primary_key=True))
    name_fi: str = Field(max_length=100)
    name_sv: str = Field(max_length=100)
    region: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class Organisation(Entity, table=True):
    __tablename__ = "organisations"

    name: str = Field(max_length=200, unique=True)
    kind: OrganisationKind = Field(sa_type=enum_type(OrganisationKind), nullable=False)
    business_id: str | None = Field(default=None, max_length=9)
    municipality_code: str | None = Field(
        default=None, foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    timezone: str = Field(default="Europe/Helsinki", max_length=64)


class Service(Entity, table=True):
    """A kind of session an organisation offers; other organisations may serve it by agreement."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    slug: str = Field(max_length=64)
    names: dict[str, str] = Field(sa_type=JSON, nullable=False)
    duration_minutes: int
    buffer_minutes: int = 0
    channels: list[str] = Field(sa_type=JSON, nullable=False)
    min_notice_minutes: int = 0
    horizon_days: int = 60
    peer_guidance: bool = False
    active: bool = True


class Agreement(Entity, table=True):
    """A cooperation agreement: ``organisation`` serves residents of ``municipality``."""

    __tablename__ = "agreements"
    __table_args__ = (Index("ix_agreements_municipality_valid", "municipality_code", "valid_from"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    municipality_code: str = Field(
        foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    valid_from: date
    valid_to: date | None = None
    note: str | None = Field(default=None, max_length=500)


class AgreementService(SQLModel, table=True):
    __tablename__ = "agreement_services"

    agreement_id: UUID = Field(foreign_key="agreements.id", ondelete="CASCADE", primary_key=True)
    service_id: UUID = Field(
        foreign_key="services.id", ondelete="CASCADE", primary_key=True, index=True
    )


class StaffMember(Entity, table=True):
    __tablename__ = "staff"

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=200)
    password_hash: str | None = Field(default=None, max_length=200)
    active: bool = True
    is_platform_admin: bool = False
    timezone: str = Field(default="Europe/Helsinki", max_length=64)


class StaffRole(SQLModel, table=True):
    __tablename__ = "staff_roles"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", primary_key=True)
    role: Role = Field(sa_type=enum_type(Role), primary_key=True)


class StaffLanguage(SQLModel, table=True):
    __tablename__ = "staff_languages"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", primary_key=True)
    language: str = Field(max_length=8, primary_key=True, index=True)
    level: LanguageLevel = Field(sa_type=enum_type(LanguageLevel), nullable=False)


class StaffSession(Entity, table=True):
    """A logged-in browser (cookie) or an API client (bearer); only the token's hash is kept."""

    __tablename__ = "staff_sessions"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=16)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class LoginAttempt(Entity, table=True):
    """A log-in attempt, kept briefly to rate-limit guessing; e-mail and address only hashed."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email_hash", "created_at"),
        Index("ix_login_attempts_address_at", "address_hash", "created_at"),
    )

    email_hash: str = Field(max_length=64)
    address_hash: str = Field(max_length=64)
    success: bool


class Client(Entity, table=True):
    """A client: a language and a way to be reached, nothing more."""

    __tablename__ = "clients"

    preferred_language: str = Field(max_length=8)
    second_language: str | None = Field(default=None, max_length=8)
    phone_e164: str | None = Field(default=None, max_length=16, index=True)
    email: str | None = Field(default=None, max_length=254)
    home_municipality_code: str | None = Field(
        default=None, foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    prefers_audio: bool = False
    target_group: TargetGroup | None = Field(default=None, sa_type=enum_type(TargetGroup))


class AuditEvent(Entity, table=True):
    """Who did what to which record, above all every staff access to a client's data."""

    __tablename__ = "audit_events"

    actor_staff_id: UUID | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL", index=True
    )
    organisation_id: UUID | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL"
    )
    action: str = Field(max_length=64)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    client_id: UUID | None = Field(
        default=None, foreign_key="clients.id", ondelete="SET NULL", index=True
    )
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
