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


class PasswordTooShort(AccessError):
    """A new password is shorter than the rule allows."""


class PasswordBreached(AccessError):
    """A new password is in the list of passwords leaked in data breaches."""


class CurrentPasswordWrong(AccessError):
    """Changing one's password: the current password given is wrong (the try is counted)."""

    keeps_writes = True


class PasswordLinkUnusable(AccessError):
    """A password link that was used already, has expired, was ended or never existed."""

    def __init__(self, message: str, *, state: str) -> None:
        super().__init__(message, state=state)
        self.state = state


class PasswordAlreadySet(AccessError):
    """An invitation sent again to someone who has set their password already."""


class AccountInactive(AccessError):
    """The account is deactivated: no invitation is sent to it."""
