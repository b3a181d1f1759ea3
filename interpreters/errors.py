"""Errors of the interpreters domain; ``api/errors.py`` maps each to an HTTP status."""

from core.errors import NeuvoError


class InterpretersError(NeuvoError):
    """Base of the interpreters domain's errors."""


class ProfileNotFound(InterpretersError):
    """The staff member has no interpreter or peer-counsellor profile (yet)."""


class NotAnInterpreter(InterpretersError):
    """A profile of this kind needs the staff member to hold the matching role."""
