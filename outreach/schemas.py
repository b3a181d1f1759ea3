"""API shapes of outreach: campaigns, an import's report, the funnel."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from core.schemas import Read, Strict

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]


class CampaignText(Strict):
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    reviewed: bool = False


class CampaignTexts(Strict):
    """Replacements of the default texts: per language, the letter's body and the SMS."""

    letter: dict[str, CampaignText] = Field(default_factory=dict)
    sms: dict[str, CampaignText] = Field(default_factory=dict)


class CampaignCreate(Strict):
    name: Name
    service_id: UUID
    municipality_codes: Annotated[list[Code], Field(min_length=1, max_length=100)]
    national_language: Literal["fi", "sv"] | None = None  # from the municipalities when None
    sends_from: date
    ends_on: date
    retention_days: Annotated[int, Field(ge=0, le=730)] = 90
    texts: CampaignTexts = Field(default_factory=CampaignTexts)


class CampaignRead(Read):
    id: UUID
    organisation_id: UUID
    name: str
    service_id: UUID
    municipality_codes: list[str]
    national_language: str
    sends_from: date
    ends_on: date
    retention_days: int
    created_at: datetime


class CampaignTextRead(Read):
    text: str
    reviewed: bool
    own: bool  # the campaign's own wording; False: the default text


class CampaignTextsRow(Read):
    """One language's letter body and SMS (None where neither the campaign nor the defaults
    have one: the letter then falls back to English and the SMS to the national language)."""

    language: str
    letter: CampaignTextRead | None
    sms: CampaignTextRead | None


class NewcomerFound(Read):
    """A newcomer found by name or phone, to mark "do not contact": no more than is needed
    to tell two people apart."""

    id: UUID
    first_names: str | None
    last_name: str | None
    postcode: str | None
    language: str
    letter_printed: bool
    opened: bool
    booked: bool


class RejectedRow(Read):
    line: int
    reason: str


class ImportReport(Read):
    rows: int
    imported: int
    rejected: list[RejectedRow]


class FunnelRow(Read):
    """One language's counts; a string "<5" where a count is hidden as too small."""

    language: str
    imported: int | str
    letters: int | str
    sms: int | str
    opened: int | str
    booked: int | str
    attended: int | str
    sms_bounced: int | str


class SmsQueued(Read):
    queued: int


class LetterBatchRead(Read):
    """A batch of letters: queued, printing (``letters`` known), ready (``download``) or failed."""

    id: UUID
    campaign_id: UUID
    status: str
    letters: int | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    download: str | None = None
