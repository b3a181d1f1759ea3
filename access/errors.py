"""Errors of access: accounts, log-in, roles and the organisations they belong to."""

from core.errors import NeuvoError


class AccessError(NeuvoError):
    """Base of the access package's errors."""


class OrganisationNotFound(AccessError):
    """No such organisation, or not one the caller may see."""


class StaffNotFound(AccessError):
    """No such staff member, or not one the caller may see."""


class AlreadyExists(AccessError):
    """An account with this e-mail address exists already."""


class LastAdmin(AccessError):
    """The change would leave an organisation with no active admin."""


class NotAuthenticated(AccessError):
    """The caller has not logged in, or their session has ended."""


class InvalidCredentials(AccessError):
    """The e-mail and password do not match an active account (the attempt is kept)."""

    keeps_writes = True


class TooManyLoginAttempts(AccessError):
    """Too many failed log-ins; ``retry_after`` seconds until the next may be tried."""

    keeps_writes = True

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class RoleRequired(AccessError):
    """The caller is logged in but lacks the role for this action."""
