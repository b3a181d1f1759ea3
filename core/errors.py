"""The root of every domain error; ``api/errors.py`` maps each subclass to an HTTP status."""


class NeuvoError(Exception):
    """A rule of the domain said no. ``field`` names the input at fault, when one is."""

    def __init__(self, message: str, *, field: str | None = None, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.context = context
