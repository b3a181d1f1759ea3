"""Dates and instants people enter lie in 2000..2100; wall times are declared as JSON can
check them (partial-time, not RFC 3339's full-time that needs an offset)."""

import re
from datetime import date, time

import pytest
from pydantic import TypeAdapter, ValidationError

from core import dates


@pytest.mark.parametrize("value", ["2000-01-01", "2026-03-30", "2100-12-31"])
def test_day_takes_dates_from_2000_to_2100(value: str) -> None:
    assert TypeAdapter(dates.Day).validate_python(value) == date.fromisoformat(value)


@pytest.mark.parametrize("value", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_day_refuses_dates_outside_the_range(value: str) -> None:
    with pytest.raises(ValidationError, match="2000-01-01 to 2100-12-31"):
        TypeAdapter(dates.Day).validate_python(value)


def test_instant_refuses_the_year_9999_before_it_can_overflow() -> None:
    with pytest.raises(ValidationError, match="9999"):
        TypeAdapter(dates.Instant).validate_python("9999-12-31T23:30:00-05:00")


def test_wall_time_refuses_an_offset_and_day_time_keeps_it() -> None:
    with pytest.raises(ValidationError, match="wall time"):
        TypeAdapter(dates.WallTime).validate_python("09:00+02:00")
    kept = TypeAdapter(dates.DayTime).validate_python("03:30+03:00")
    assert kept.utcoffset() is not None and kept.replace(tzinfo=None) == time(3, 30)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (dates.WallTime, ["09:00", "09:00:00", "23:59:59.5"], ["9:00", "24:00", "09:00Z"]),
        (dates.DayTime, ["09:00", "03:30+03:00", "12:00Z"], ["09:00+3", "25:00"]),
        (dates.WallTimeRead, ["09:00:00"], ["09:00:00+02:00"]),
    ],
)
def test_time_schemas_declare_a_pattern_not_format_time(kind, good, bad) -> None:
    schema = TypeAdapter(kind).json_schema()
    assert "format" not in schema
    pattern = re.compile(schema["pattern"])
    assert all(pattern.match(value) for value in good)
    assert not any(pattern.match(value) for value in bad)
