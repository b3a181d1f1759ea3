"""What a use case asks to happen once its unit of work has committed, and ``Done``, the
answer of a use case: its result and those effects.

Effects are plain data: a flow never sends, enqueues or publishes by itself, because what it
wrote is not yet committed when it returns. The unit of work (``api/unit_of_work.py``) commits
and only then carries the effects out; when the request fails, nothing is committed and no
effect runs.
"""

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SendOutbox:
    """Send the outbox now rather than at the next sweep (a new message is waiting)."""


@dataclass(frozen=True, slots=True)
class PrintLetters:
    """Lay out the batches of letters waiting, now rather than at the next sweep."""


@dataclass(frozen=True, slots=True)
class TellRoom:
    """Say ``message`` to everyone in a video room; ``close`` ends their connections with a
    code and a reason."""

    room_id: UUID
    message: dict[str, Any]
    close: tuple[int, str] | None = None


Effect = SendOutbox | PrintLetters | TellRoom

SEND_OUTBOX = SendOutbox()
PRINT_LETTERS = PrintLetters()


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """A use case's result and what must happen after its commit."""

    value: T
    effects: tuple[Effect, ...] = field(default=())
