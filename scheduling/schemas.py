"""API shapes of the scheduling domain: ``Create`` / ``Update`` / ``Read`` per resource."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from core.languages import LanguageCode
from core.text import Name, ShortText
from scheduling.models import Channel, LanguageLevel, OrganisationKind, Role, TargetGroup

MAX_SERVICE_MINUTES = 8 * 60

MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
BusinessId = Annotated[str, StringConstraints(pattern=r"^\d{7}-\d$")]


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


def _phone(value: str) -> str:
    """Parse a phone number (Finnish by default) and return it in E.164."""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


TimeZone = Annotated[str, AfterValidator(_zone)]
PhoneNumber = Annotated[str, StringConstraints(max_length=32), AfterValidator(_phone)]
Email = Annotated[EmailStr, StringConstraints(max_length=254)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# Municipalities


class MunicipalityCreate(Strict):
    code: MunicipalityCode
    name_fi: Name
    name_sv: Name
    region: Name | None = None


class MunicipalityUpdate(Strict):
    name_fi: Name | None = None
    name_sv: Name | None = None
    region: Name | None = None


class MunicipalityRead(Read):
    code: str
    name_fi: str
    name_sv: str
    region: str | None


# Organisations


class OrganisationCreate(Strict):
    name: Name
    kind: OrganisationKind
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    timezone: TimeZone = "Europe/Helsinki"


class OrganisationUpdate(Strict):
    name: Name | None = None
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    timezone: TimeZone | None = None


class OrganisationRead(Read):
    id: UUID
    name: str
    kind: OrganisationKind
    business_id: str | None
    municipality_code: str | None
    timezone: str
    created_at: datetime


# Services


def _names(names: dict[str, str]) -> dict[str, str]:
    if "fi" not in names and "sv" not in names:
        raise ValueError("a service needs a name in Finnish or Swedish at least")
    return names


ServiceNames = Annotated[
    dict[LanguageCode, Name], Field(min_length=1, max_length=60), AfterValidator(_names)
]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]


class ServiceCreate(Strict):
    slug: Slug
    names: ServiceNames
    duration_minutes: Annotated[int, Field(gt=0, le=MAX_SERVICE_MINUTES)]
    buffer_minutes: Minutes = 0
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)]
    min_notice_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 60)] = 0
    horizon_days: Annotated[int, Field(ge=1, le=366)] = 60
    peer_guidance: bool = False

    @model_validator(mode="after")
    def _distinct_channels(self) -> "ServiceCreate":
        self.channels = list(dict.fromkeys(self.channels))
        return self


class ServiceUpdate(Strict):
    names: ServiceNames | None = None
    duration_minutes: Annotated[int, Field(gt=0, le=MAX_SERVICE_MINUTES)] | None = None
    buffer_minutes: Minutes | None = None
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)] | None = None
    min_notice_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 60)] | None = None
    horizon_days: Annotated[int, Field(ge=1, le=366)] | None = None
    peer_guidance: bool | None = None
    active: bool | None = None


class ServiceRead(Read):
    id: UUID
    organisation_id: UUID
    slug: str
    names: dict[str, str]
    duration_minutes: int
    buffer_minutes: int
    channels: list[Channel]
    min_notice_minutes: int
    horizon_days: int
    peer_guidance: bool
    active: bool


# Agreements


class AgreementCreate(Strict):
    municipality_code: MunicipalityCode
    service_ids: Annotated[list[UUID], Field(min_length=1, max_length=100)]
    valid_from: date
    valid_to: date | None = None
    note: ShortText | None = None
    organisation_id: UUID | None = Field(
        None, description="The serving organisation; defaults to the caller's own."
    )

    @model_validator(mode="after")
    def _ordered(self) -> "AgreementCreate":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class AgreementUpdate(Strict):
    service_ids: Annotated[list[UUID], Field(min_length=1, max_length=100)] | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    note: ShortText | None = None


class AgreementRead(Read):
    id: UUID
    organisation_id: UUID
    municipality_code: str
    service_ids: list[UUID]
    valid_from: date
    valid_to: date | None
    note: str | None


# Staff


class StaffLanguageIn(Strict):
    language: LanguageCode
    level: LanguageLevel


class StaffCreate(Strict):
    email: Email
    display_name: Name
    roles: Annotated[list[Role], Field(min_length=1, max_length=5)]
    languages: Annotated[list[StaffLanguageIn], Field(max_length=30)] = []
    password: Annotated[str, StringConstraints(min_length=10, max_length=200)] | None = None
    timezone: TimeZone = "Europe/Helsinki"
    organisation_id: UUID | None = Field(
        None, description="Only platform administrators may create staff for another organisation."
    )


class StaffUpdate(Strict):
    display_name: Name | None = None
    roles: Annotated[list[Role], Field(min_length=1, max_length=5)] | None = None
    languages: Annotated[list[StaffLanguageIn], Field(max_length=30)] | None = None
    password: Annotated[str, StringConstraints(min_length=10, max_length=200)] | None = None
    timezone: TimeZone | None = None
    active: bool | None = None


class StaffLanguageRead(Read):
    language: str
    level: LanguageLevel


class StaffRead(Read):
    id: UUID
    organisation_id: UUID
    email: str
    display_name: str
    roles: list[Role]
    languages: list[StaffLanguageRead]
    active: bool
    is_platform_admin: bool
    timezone: str


# Clients


class ClientCreate(Strict):
    preferred_language: LanguageCode
    second_language: LanguageCode | None = None
    phone: PhoneNumber | None = None
    email: Email | None = None
    home_municipality_code: MunicipalityCode | None = None
    prefers_audio: bool = False
    target_group: TargetGroup | None = None


class ClientRead(Read):
    id: UUID
    preferred_language: str
    second_language: str | None
    phone_e164: str | None
    email: str | None
    home_municipality_code: str | None
    prefers_audio: bool
    target_group: TargetGroup | None
