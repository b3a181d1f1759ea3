"""API shapes of call-back requests (kept apart from ``schemas``, which many hands edit at
once, so that this feature's shapes read together): the client's "call me", the operators'
queue, a try's outcome, and the queue's figures."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from core.languages import LanguageCode
from core.schemas import Strict
from scheduling.schemas import MunicipalityCode, PhoneNumber

Topic = Literal["booking", "work", "housing", "health", "school", "money", "other"]


class CallbackCreate(Strict):
    """A client's "call me" from the client page: the number typed, the page's language, and
    what the page knows (the service chosen, the municipality) to find who calls."""

    phone: PhoneNumber
    language: LanguageCode
    service_id: UUID | None = None
    municipality: MunicipalityCode | None = None
    topic: Topic | None = None


class CallbackFromLink(Strict):
    """A "call me" from the booking link's page: the number is the booking's."""

    topic: Topic | None = None


class CallbackReceived(BaseModel):
    """What the client is told: received, and roughly when the call comes (a local date; null
    when nobody's hours are known), with the organisation's number to call meanwhile."""

    id: UUID
    expected_on: date | None
    expected_at: datetime | None  # the start of that opening (or now, when open now)
    expected_label: str | None  # expected_at in the client's words ("Tuesday 24 March 9:00")
    today: bool
    organisation_phone: str | None
    organisation_phone_label: str | None


class CallbackOffer(BaseModel):
    """Whether a client of ``language`` can book by ear (the booking path heard from files);
    when not, the client page offers a call by a person who speaks it."""

    language: str
    path_heard: bool


class CallbackRead(BaseModel):
    """A request on the operators' queue: the number only to staff who serve its clients."""

    id: UUID
    language: str
    phone: str
    phone_label: str
    topic: str | None
    source: str
    status: str
    service_id: UUID | None
    booking_id: UUID | None
    # The session a request is about (a reminder to give, a client not reached at it): when
    # and how, for the operator to say; None for a request about no booking.
    session_starts_at: datetime | None = None
    session_channel: str | None = None
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    waiting_minutes: int
    due: bool  # may be called now (not waiting for its next try)
    own_language_free: bool  # an advisor of the organisation who speaks it is free now
    interpreter_free: bool  # an interpreter of the language (by phone) is free now
    sms_sent: bool = False  # given up now: the one SMS with our number was put in the outbox


class CallbackAttempt(Strict):
    outcome: Literal["helped", "no_answer"]


class CallbackFigures(BaseModel):
    first: date
    last: date
    requests: int
    called_back_same_day: int
    same_day_share: float | None
    helped: int
    booked: int
    gave_up: int
    open: int
