"""Errors of the scheduling domain, each named for what happened."""

from core.errors import NeuvoError


class SchedulingError(NeuvoError):
    """Base of the scheduling domain's errors."""


class MunicipalityNotFound(SchedulingError):
    """No municipality has this official code."""


class AgreementNotFound(SchedulingError):
    """No such agreement, or not one the caller may see."""


class ServiceNotFound(SchedulingError):
    """No such service, or not one the caller may see."""


class LogoNotFound(SchedulingError):
    """The organisation has no logo for its letters."""


class ClientNotFound(SchedulingError):
    """No such client, or not one the caller may see."""


class UnknownReference(SchedulingError):
    """A field of the input names something that does not exist (or is hidden from the caller)."""


class InvalidValue(SchedulingError):
    """A field of the input breaks a rule that its shape alone could not express."""


class AlreadyExists(SchedulingError):
    """Something with the same unique name, code or e-mail already exists."""


class AgreementOverlaps(SchedulingError):
    """An agreement would cover a service for a municipality on days another agreement of the
    same organisation already covers it."""


class OpeningOverlaps(SchedulingError):
    """An extra opening overlaps another extra opening of the same person on the same date."""


class LocalTimeMissing(SchedulingError):
    """A date-time came without a UTC offset, so the instant it means is unknown."""


class LocalTimeNonexistent(SchedulingError):
    """A local wall time falls in a daylight-saving gap (it never happens on that day)."""


class LocalTimeAmbiguous(SchedulingError):
    """A local wall time happens twice (when clocks go back) and nothing says which."""


class SlotReferenceInvalid(SchedulingError):
    """A slot reference was tampered with, or comes from another search."""


class SlotUnavailable(SchedulingError):
    """Nobody can serve that slot any more; ``next_slots`` holds the next free ones."""

    def __init__(
        self, message: str, *, next_slots: list[dict[str, str | bool]] | None = None
    ) -> None:
        super().__init__(message, next_slots=next_slots or [])
        self.next_slots = next_slots or []


class ClientBusy(SchedulingError):
    """The client already has a booking at that time."""


class TooManyActiveBookings(SchedulingError):
    """A phone number or address holds as many future bookings as public booking allows."""


class BookingTooSoon(SchedulingError):
    """The start is in the past or inside the service's minimum notice."""


class BookingNotFound(SchedulingError):
    """No such booking, or not one the caller may see."""


class BookingClosed(SchedulingError):
    """The booking is cancelled or over, so it can no longer be changed that way."""


class NotAPhoneSession(SchedulingError):
    """A call outcome for a session that is neither a phone session nor switched to the phone."""


class NoPhoneBridge(SchedulingError):
    """Neuvo has no SIP connection (no Janus, no trunk): the advisor calls from her own phone."""


class CallInProgress(SchedulingError):
    """Neuvo is already calling this session's client; one call at a time."""


class CallNotFound(SchedulingError):
    """No such call of this session, or not one the caller may see."""


class NoNumberToCall(SchedulingError):
    """The session's client gave no phone number."""


class NoInterpreterByPhone(SchedulingError):
    """The session has no interpreter who joins by phone with a number to dial."""


class ClientNotOnCall(SchedulingError):
    """The interpreter is dialled into the client's call, and no call to the client is live."""


class IdempotencyKeyReused(SchedulingError):
    """The same Idempotency-Key came with another request body."""


class FeedNotFound(SchedulingError):
    """No calendar feed has this token."""


class FeedbackTooEarly(SchedulingError):
    """Feedback on a session that has not ended, or did not take place."""


class FeedbackAlreadyGiven(SchedulingError):
    """This booking's client has answered already: one answer per booking."""


class ShortCodeWrong(SchedulingError):
    """No booking's link is open under this short code (the wrong try is kept)."""

    keeps_writes = True


class TooManyShortCodes(SchedulingError):
    """Too many wrong short codes from one address; ``retry_after`` seconds until the next."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class CallbackAlreadyOpen(SchedulingError):
    """This number already has an open call-back request for this service (or for none)."""


class CallbackNotFound(SchedulingError):
    """No such call-back request, or not one the caller may see."""


class CallbackClosed(SchedulingError):
    """The call-back request was closed already (helped, booked, or given up)."""


class TooManyCallbacks(SchedulingError):
    """A number or a network address holds as many open call-back requests as allowed."""
