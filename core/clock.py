"""The current time: aware UTC, and settable so that tests can stand on a DST day.

A process started with ``NEUVO_CLOCK`` (an ISO instant with its offset) and ``NEUVO_ENV`` set
to ``test`` or ``development`` starts its clock at that instant, and the clock runs on from
there: the browser tests start servers that way, so that what they see does not depend on the
hour or the day they run. Anywhere else the variable is refused, at import.
"""

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

SET_BY = "NEUVO_CLOCK"
_SETTABLE_IN = frozenset({"test", "development"})

_frozen: datetime | None = None


def as_utc(value: datetime) -> datetime:
    """Make ``value`` aware UTC; a naive value is refused rather than guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: a time zone is required")
    return value.astimezone(UTC)


def set_from(environ: Mapping[str, str]) -> tuple[datetime, float] | None:
    """The instant ``NEUVO_CLOCK`` sets (and the monotonic time it was read at), if it is set;
    refused unless ``NEUVO_ENV`` says test or development in the same environment."""
    value = environ.get(SET_BY)
    if not value:
        return None
    environment = environ.get("NEUVO_ENV")
    if environment not in _SETTABLE_IN:
        raise RuntimeError(
            f"{SET_BY} sets the clock for tests only: NEUVO_ENV must be test or development, "
            f"not {environment!r}"
        )
    return as_utc(datetime.fromisoformat(value)), time.monotonic()


_set = set_from(os.environ)


def now() -> datetime:
    """Return the current time as an aware UTC datetime (the frozen one inside ``frozen``)."""
    if _frozen is not None:
        return _frozen
    if _set is not None:
        start, read_at = _set
        return start + timedelta(seconds=time.monotonic() - read_at)
    return datetime.now(UTC)


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
