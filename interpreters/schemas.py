"""What the API takes and gives for interpreter and peer-counsellor profiles and offers."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from babel import Locale
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from core.languages import LanguageCode
from core.text import ShortText
from interpreters.models import Gender, HelperKind, Mode, QualificationKind
from scheduling.schemas import PhoneNumber

_TERRITORIES = frozenset(code for code in Locale("en").territories if code.isalpha())


def _region(code: str) -> str:
    if code not in _TERRITORIES:
        raise ValueError(f"unknown region {code!r}; use an ISO 3166 code such as 'IQ' or 'AF'")
    return code


Dialect = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(_region)]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]


class SpokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: LanguageCode
    dialect: Dialect | None = None


class Qualification(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: QualificationKind
    reference: ShortText | None = None  # a register number, the name of the qualification


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: HelperKind
    languages: Annotated[list[SpokenIn], Field(min_length=1, max_length=20)]
    into_languages: Annotated[list[Literal["fi", "sv", "en"]], Field(min_length=1, max_length=3)]
    modes: Annotated[list[Mode], Field(min_length=1, max_length=3)]
    regions: Annotated[list[MunicipalityCode], Field(max_length=400)] = []
    qualifications: Annotated[list[Qualification], Field(max_length=10)] = []
    gender: Gender | None = None
    freelance: bool = False
    phone: PhoneNumber | None = None  # for the advisor to conference her into a phone session


class ProfileRead(BaseModel):
    staff_id: UUID
    kind: HelperKind
    languages: list[SpokenIn]
    into_languages: list[str]
    modes: list[Mode]
    regions: list[str]
    qualifications: list[Qualification]
    gender: Gender | None
    freelance: bool
    phone: str | None = None
    updated_at: datetime


class OfferRead(BaseModel):
    """An offer as its interpreter sees it: when, how long, how, which service, for which
    organisation and advisor; never the client."""

    id: UUID
    booking_id: UUID
    status: str
    tier: int
    offered_at: datetime
    answered_at: datetime | None
    starts_at: datetime
    ends_at: datetime
    minutes: int
    channel: str
    language: str
    service_names: dict[str, str]
    organisation: str
    advisor: str
