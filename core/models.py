"""Fields every table shares (a UUID primary key and an aware ``created_at``), and the rows
of new records for Core inserts."""

from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any
from uuid import UUID, uuid4

from pydantic_core import PydanticUndefined
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


def new_row(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """The column values of a new ``model`` record: ``values``, and the model's defaults for
    every other field (what building the model would give), for an insert without the ORM's
    unit of work on paths where every statement counts."""
    row = dict(values)
    for name, default, factory in _defaults(model):
        if name in row:
            continue
        if factory is not None:
            row[name] = factory()
        elif default is not PydanticUndefined:
            row[name] = default
        else:
            raise TypeError(f"{model.__name__} needs a value for {name}")
    return row


@cache
def _defaults(model: type[SQLModel]) -> tuple[tuple[str, Any, Any], ...]:
    """Each field of ``model`` with its default and default factory (read once per model)."""
    return tuple(
        (name, info.default, info.default_factory) for name, info in model.model_fields.items()
    )
