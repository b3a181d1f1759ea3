"""API shapes of access: staff members with their roles and languages."""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from access.models import LanguageLevel, Role
from core.languages import LanguageCode
from core.schemas import Email, Read, Strict, TimeZone
from core.text import Name

ConsoleLanguage = Literal["fi", "sv", "en"]


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


class MeUpdate(Strict):
    """What a staff member may change on their own account from the console."""

    console_language: ConsoleLanguage | None = Field(
        None, description="fi, sv or en; null follows the browser's language"
    )


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
    console_language: ConsoleLanguage | None = None
