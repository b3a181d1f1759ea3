"""Tables of outreach: campaigns, newcomers (each one's personal invitation) and the people
who asked never to be contacted (kept as a keyed hash, nothing readable)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field

from core.models import Entity, enum_type
from core.types import UTCDateTime


class Campaign(Entity, table=True):
    """An organisation's invitation of newcomers in some municipalities to one service."""

    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    service_id: UUID = Field(foreign_key="services.id", ondelete="RESTRICT")
    municipality_codes: list[str] = Field(sa_type=JSON, nullable=False)
    # The national language the letter is written in beside the person's own: "fi" or "sv".
    national_language: str = Field(default="fi", max_length=2)
    # Overrides of the default texts: {"letter"|"sms": {language: {"text", "reviewed"}}}.
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    sends_from: date
    ends_on: date  # the personal links expire when this day ends (local time)
    # Non-responders' personal data is removed this many days after ``ends_on``.
    retention_days: int = 90
    created_by_staff_id: UUID | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL"
    )


class Newcomer(Entity, table=True):
    """One person of the register's change data, in one campaign, and their invitation.

    The name, address, phone and e-mail are removed (``erased_at``) when the person does not
    book; the language, municipality, citizenship and the funnel's marks stay, for the counts.
    """

    __tablename__ = "newcomers"
    __table_args__ = (
        UniqueConstraint("campaign_id", "person_key"),
        Index("ix_newcomers_token_hash", "token_hash", unique=True),
        Index("ix_newcomers_campaign_language", "campaign_id", "language"),
    )

    campaign_id: UUID = Field(foreign_key="campaigns.id", ondelete="CASCADE")
    # HMAC of the normalised name and address under the secret key: finds a repeat.
    person_key: str = Field(max_length=64)
    source_line: int
    first_names: str | None = Field(default=None, max_length=200)
    last_name: str | None = Field(default=None, max_length=200)
    street_address: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=5)
    post_office: str | None = Field(default=None, max_length=100)
    phone_e164: str | None = Field(default=None, max_length=16)
    email: str | None = Field(default=None, max_length=254)
    municipality_code: str = Field(
        foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    language: str = Field(max_length=8)
    citizenship: str | None = Field(default=None, max_length=2)
    moving_date: date
    # The personal link: its token is derived from the secret key and this salt; only the
    # token's hash is kept, to find the person when the link is opened.
    link_salt: str = Field(max_length=32)
    token_hash: str | None = Field(default=None, max_length=64)
    letter_printed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sms_message_id: UUID | None = Field(
        default=None, foreign_key="messages.id", ondelete="SET NULL"
    )
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    booking_id: UUID | None = Field(default=None, foreign_key="bookings.id", ondelete="SET NULL")
    booked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    do_not_contact: bool = False
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DoNotContact(Entity, table=True):
    """A person who asked never to be contacted: their key, never imported again."""

    __tablename__ = "do_not_contacts"
    __table_args__ = (UniqueConstraint("organisation_id", "person_key"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE")
    person_key: str = Field(max_length=64)


class BatchStatus(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    READY = "ready"
    FAILED = "failed"


class LetterBatch(Entity, table=True):
    """A batch of letters asked for in the console: laid out by a job, never in the request,
    and kept for download (its letters count as printed once it is ready)."""

    __tablename__ = "letter_batches"
    __table_args__ = (Index("ix_letter_batches_status", "status"),)

    campaign_id: UUID = Field(foreign_key="campaigns.id", ondelete="CASCADE", index=True)
    requested_by: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    status: BatchStatus = Field(default=BatchStatus.QUEUED, sa_type=enum_type(BatchStatus))
    letters: int | None = None  # known once printing starts
    pdf: bytes | None = Field(default=None, sa_type=LargeBinary)
    error: str | None = Field(default=None, max_length=500)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
