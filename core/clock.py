"""The current time: aware UTC, and settable so that tests can stand on a DST day."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current time as an aware UTC datetime (the frozen one inside ``frozen``)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Make ``value`` aware UTC; a naive value is refused rather than guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: a time zone is required")
    return value.astimezone(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator["_Handle"]:
    """Freeze ``now()`` at ``at`` inside the block; ``advance`` moves the frozen time on."""
    global _frozen
    previous = _frozen
    _frozen = as_utc(at)
    try:
        yield _Handle()
    finally:
        _frozen = previous


class _Handle:
    def advance(self, delta: timedelta) -> datetime:
        global _frozen
        assert _frozen is not None
        _frozen = _frozen + delta
        return _frozen
