"""The root of every domain error; ``api/errors.py`` maps each subclass to an HTTP status."""

from typing import ClassVar


class NeuvoError(Exception):
    """A rule of the domain said no. ``field`` names the input at fault, when one is.

    ``keeps_writes``: what was written before the refusal is itself a fact to keep (a failed
    log-in counts towards the limit), so the unit of work commits it before answering."""

    keeps_writes: ClassVar[bool] = False

    def __init__(self, message: str, *, field: str | None = None, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.context = context
