"""Errors of the interpreters domain; ``api/errors.py`` maps each to an HTTP status."""

from core.errors import NeuvoError


class InterpretersError(NeuvoError):
    """Base of the interpreters domain's errors."""


class ProfileNotFound(InterpretersError):
    """The staff member has no interpreter or peer-counsellor profile (yet)."""


class NotAnInterpreter(InterpretersError):
    """A profile of this kind needs the staff member to hold the matching role."""


class OfferNotFound(InterpretersError):
    """No such offer, or one of another organisation."""


class OfferClosed(InterpretersError):
    """The offer was declined, withdrawn or expired, is someone else's, or its session is over."""


class OfferTaken(InterpretersError):
    """Another interpreter accepted the session first."""


class InterpreterBusy(InterpretersError):
    """The interpreter is in another session at that time."""
