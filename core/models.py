"""Fields every table shares: a UUID primary key and an aware ``created_at``."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from core import clock
from core.types import UTCDateTime


class Entity(SQLModel):
    """Base of every table with its own identity."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


def enum_type(enum: type[StrEnum]) -> Any:
    """A portable column for ``enum``: VARCHAR with a CHECK of the values, no PostgreSQL ENUM."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        name=f"{enum.__name__.lower()}_value",
    )
