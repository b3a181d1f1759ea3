"""Bases and field types that every package's API shapes share."""

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]
Email = Annotated[EmailStr, StringConstraints(max_length=254)]


class Strict(BaseModel):
    """An input shape: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    """An output shape, read from a table row's attributes."""

    model_config = ConfigDict(from_attributes=True)
