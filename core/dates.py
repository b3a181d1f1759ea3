"""Dates, instants and times of day as people enter them and as the API shows them.

Dates and instants lie within the years 2000 to 2100.

Far dates such as 0001-01-01 or 9999-12-31 are valid ISO 8601 but mean nothing to a booking
service, and the day after 9999-12-31 (or the UTC instant of a late wall time that year) does
not exist in Python: refusing them at the edge keeps every later computation in range.
"""

from datetime import date, datetime, time
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, WithJsonSchema

FIRST_YEAR = 2000
LAST_YEAR = 2100
_RANGE = f"from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"
_When = TypeVar("_When", date, datetime)


def _in_range(value: _When) -> _When:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must lie {_RANGE}, not in the year {value.year}")
    return value


Day = Annotated[
    date,
    AfterValidator(_in_range),
    Field(description=f"A date {_RANGE}.", examples=["2026-03-30"]),
]
"""A calendar date from 2000-01-01 to 2100-12-31."""

Instant = Annotated[
    datetime,
    AfterValidator(_in_range),
    Field(
        description=f"A date and time with its UTC offset, {_RANGE}.",
        examples=["2026-03-30T09:00:00+03:00"],
    ),
]
"""A date-time from the year 2000 to 2100 (its offset is checked where it is used)."""

# JSON Schema's ``format: time`` is RFC 3339's full-time, which needs an offset: a wall time
# such as 09:00:00 is its partial-time, so it is declared by pattern.
_WALL = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"


def _naive(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError(
            "a weekly opening time is a local wall time in the rule's zone, without a UTC "
            "offset (the offset changes over the year): give it as 09:00"
        )
    return value


WallTime = Annotated[
    time,
    AfterValidator(_naive),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{_WALL}$",
            "description": "A local wall time, HH:MM or HH:MM:SS, without a UTC offset.",
            "examples": ["09:00"],
        }
    ),
]
"""A wall time of a weekly rule: the same clock reading on every date, so no offset."""

DayTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{_WALL}{_OFFSET}?$",
            "description": (
                "A local wall time on the given day, HH:MM or HH:MM:SS; with a UTC offset, "
                "the offset must be the zone's at that time (it picks the first of a "
                "repeated hour, such as 03:30+03:00 in Helsinki on the last Sunday of October)."
            ),
            "examples": ["09:00", "03:30+03:00"],
        }
    ),
]
"""A wall time on one date, which may carry the offset the zone has then."""

WallTimeRead = Annotated[
    time,
    WithJsonSchema(
        {"type": "string", "pattern": f"^{_WALL}$", "description": "A local wall time."}
    ),
]
"""A stored wall time as the API shows it (09:00:00)."""
