"""API shapes of access: staff members with their roles and languages, invitations, and
passwords set from a link or changed by their owner."""

from datetime import datetime
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


class StaffInvite(Strict):
    """A new staff member, sent a link to set their own password."""

    email: Email
    display_name: Name
    roles: Annotated[list[Role], Field(min_length=1, max_length=5)]
    languages: Annotated[list[StaffLanguageIn], Field(max_length=30)] = []
    recording_languages: Annotated[list[LanguageCode], Field(max_length=30)] = Field(
        [], description="The languages a person with the role voice records (speech)."
    )
    console_language: ConsoleLanguage | None = Field(
        None, description="Their console's language, and the invitation's (default: fi)."
    )
    timezone: TimeZone = "Europe/Helsinki"
    organisation_id: UUID | None = Field(
        None, description="Only platform administrators may invite staff to another organisation."
    )


PasswordText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Token = Annotated[
    str, StringConstraints(min_length=10, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")
]


class PasswordChange(Strict):
    current_password: PasswordText
    new_password: PasswordText


class PasswordLinkToken(Strict):
    token: Token


class PasswordSet(Strict):
    token: Token
    password: PasswordText


class ResetRequest(Strict):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


class ResetRequested(Read):
    minutes: int = Field(description="How long a link sent now works.")


class PasswordLinkRead(Read):
    """What a password link is, for its page: set a password, or why it cannot."""

    state: Literal["ready", "used", "expired", "ended", "unknown"]
    kind: Literal["welcome", "reset"] | None = None
    language: ConsoleLanguage = Field(
        description="The page's language: the account's console language, else the browser's."
    )
    email: str | None = None  # only while the link can be used
    display_name: str | None = None
    expires_at: datetime | None = None
    min_length: int


class PasswordIsSet(Read):
    email: str


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
    password_set: bool = True
    invited_until: datetime | None = Field(
        None, description="When the open invitation expires (or expired), until a password is set."
    )
