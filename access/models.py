"""Tables of access: staff members with their roles and languages, staff sessions, log-in
attempts and the audit log. Organisations (the tenants every check is scoped to) are
``scheduling``'s table; these refer to it by foreign key name."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from core.models import Entity, enum_type
from core.types import UTCDateTime


class Role(StrEnum):
    ADMIN = "admin"
    ADVISOR = "advisor"
    OPERATOR = "operator"
    INTERPRETER = "interpreter"
    PEER_COUNSELLOR = "peer_counsellor"
    VOICE = "voice"  # records and approves prompt audio in the languages given (speech)


class PasswordLinkKind(StrEnum):
    WELCOME = "welcome"  # a new staff member's invitation: sets the first password
    RESET = "reset"  # a forgotten password, asked for from the log-in screen


class LanguageLevel(StrEnum):
    NATIVE = "native"
    FLUENT = "fluent"
    WORKING = "working"
    BASIC = "basic"


class StaffMember(Entity, table=True):
    __tablename__ = "staff"
    __table_args__ = (Index("ix_staff_feed_token_hash", "feed_token_hash", unique=True),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=200)
    password_hash: str | None = Field(default=None, max_length=200)
    active: bool = True
    is_platform_admin: bool = False
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    feed_token_hash: str | None = Field(default=None, max_length=64)
    # The console's own words: fi, sv or en; unset follows the browser's language.
    console_language: str | None = Field(default=None, max_length=2)


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


class PasswordLink(Entity, table=True):
    """A one-time link to set a password (an invitation or a reset): only the token's hash is
    kept; the token is derived from the secret key, the link's id and a salt kept with the
    e-mail in the outbox (``access.password_links``). Used once, or ended by a newer link, a
    deactivation or its expiry."""

    __tablename__ = "password_links"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", index=True)
    kind: PasswordLinkKind = Field(sa_type=enum_type(PasswordLinkKind), nullable=False)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasswordRequest(Entity, table=True):
    """A request for a reset link, kept briefly to rate-limit them as log-ins are; e-mail and
    address only hashed, and whether the address belongs to anyone not kept at all."""

    __tablename__ = "password_requests"
    __table_args__ = (
        Index("ix_password_requests_email_at", "email_hash", "created_at"),
        Index("ix_password_requests_address_at", "address_hash", "created_at"),
    )

    email_hash: str = Field(max_length=64)
    address_hash: str = Field(max_length=64)
