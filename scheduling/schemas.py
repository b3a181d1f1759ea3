"""API shapes of the scheduling domain: ``Create`` / ``Update`` / ``Read`` per resource."""

from datetime import date, datetime, time
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    computed_field,
    model_validator,
)

from core import phones
from core.dates import Day, DayTime, Instant, WallTime, WallTimeRead
from core.languages import LanguageCode
from core.schemas import Email, Read, Strict, TimeZone
from core.text import Name, ShortText
from scheduling.models import (
    CallOutcome,
    CallParty,
    CallWay,
    Channel,
    FeedbackScore,
    OrganisationKind,
    ReminderWay,
    TargetGroup,
)

MAX_SERVICE_MINUTES = 8 * 60

MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
BusinessId = Annotated[str, StringConstraints(pattern=r"^\d{7}-\d$")]


def _phone(value: str) -> str:
    """Parse a phone number (Finnish by default) and return it in E.164."""
    return phones.e164(phones.parse(value))


PhoneNumber = Annotated[str, StringConstraints(max_length=32), AfterValidator(_phone)]


# Municipalities


class MunicipalityCreate(Strict):
    code: MunicipalityCode
    name_fi: Name
    name_sv: Name
    region: Name | None = None


class MunicipalityUpdate(Strict):
    name_fi: Name | None = None
    name_sv: Name | None = None
    region: Name | None = None


class MunicipalityRead(Read):
    code: str
    name_fi: str
    name_sv: str
    region: str | None  # the region's (maakunta's) Finnish name
    region_code: str | None = None
    region_sv: str | None = None
    # The language its name is said in on a page of any other language (scheduling/places.py).
    language: Literal["fi", "sv"] = "fi"


class PlaceRead(MunicipalityRead):
    """A municipality in a client's list, likeliest first: an organisation serving clients is
    at ``home`` there; ``reach``: how many bookable services its residents are given."""

    home: bool = False
    reach: int = 0


# Organisations


OrganisationNames = Annotated[dict[Literal["fi", "sv", "en"], Name], Field(max_length=3)]
OpeningHours = Annotated[dict[LanguageCode, ShortText], Field(max_length=60)]


class OrganisationCreate(Strict):
    name: Name
    kind: OrganisationKind
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    timezone: TimeZone = "Europe/Helsinki"
    names: OrganisationNames = {}
    phone: PhoneNumber | None = None
    opening_hours: OpeningHours = {}


class OrganisationUpdate(Strict):
    name: Name | None = None
    kind: OrganisationKind | None = None
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    timezone: TimeZone | None = None
    names: OrganisationNames | None = None
    phone: PhoneNumber | None = None
    opening_hours: OpeningHours | None = None


class OrganisationRead(Read):
    id: UUID
    name: str
    kind: OrganisationKind
    business_id: str | None
    municipality_code: str | None
    timezone: str
    names: dict[str, str]
    phone: str | None = Field(validation_alias="phone_e164")
    opening_hours: dict[str, str]
    logo_updated_at: datetime | None = None  # None: no logo for letters
    created_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def phone_label(self) -> str | None:
        """The number as it is dialled in Finland (08 5584 1234), for people to read."""
        return phones.national(self.phone) if self.phone else None


# Services


def _names(names: dict[str, str]) -> dict[str, str]:
    if "fi" not in names and "sv" not in names:
        raise ValueError("a service needs a name in Finnish or Swedish at least")
    return names


ServiceNames = Annotated[
    dict[LanguageCode, Name], Field(min_length=1, max_length=60), AfterValidator(_names)
]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]


# The languages whose name is a machine translation not yet reviewed by a person.
MachineTranslated = Annotated[list[LanguageCode], Field(max_length=60)]


def _translated(languages: list[str], names: dict[str, str]) -> list[str]:
    """Keep only languages the service has a name in, once each."""
    return [code for code in dict.fromkeys(languages) if code in names]


DEFAULT_REMINDERS = [24 * 60, 2 * 60]
# Reminders before a session, in minutes: at most three, from 10 minutes to a week ahead.
ReminderMinutes = Annotated[list[Annotated[int, Field(ge=10, le=7 * 24 * 60)]], Field(max_length=3)]
# Slots start every this many minutes (Cal.com's "slot interval"); none: back to back.
SlotStep = Annotated[int, Field(ge=5, le=240, multiple_of=5)]


class ServiceCreate(Strict):
    slug: Slug
    names: ServiceNames
    duration_minutes: Annotated[int, Field(gt=0, le=MAX_SERVICE_MINUTES)]
    buffer_minutes: Minutes = 0
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)]
    min_notice_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 60)] = 0
    horizon_days: Annotated[int, Field(ge=1, le=366)] = 60
    reminder_minutes: ReminderMinutes = Field(default_factory=lambda: list(DEFAULT_REMINDERS))
    peer_guidance: bool = False
    slot_step_minutes: SlotStep | None = None
    machine_translated: MachineTranslated = []

    @model_validator(mode="after")
    def _distinct_channels(self) -> "ServiceCreate":
        self.channels = list(dict.fromkeys(self.channels))
        self.machine_translated = _translated(self.machine_translated, self.names)
        return self


class ServiceUpdate(Strict):
    names: ServiceNames | None = None
    duration_minutes: Annotated[int, Field(gt=0, le=MAX_SERVICE_MINUTES)] | None = None
    buffer_minutes: Minutes | None = None
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)] | None = None
    min_notice_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 60)] | None = None
    horizon_days: Annotated[int, Field(ge=1, le=366)] | None = None
    reminder_minutes: ReminderMinutes | None = None
    peer_guidance: bool | None = None
    active: bool | None = None
    slot_step_minutes: SlotStep | None = None  # null sets it back to duration plus buffer
    machine_translated: MachineTranslated | None = None


class ServiceRead(Read):
    id: UUID
    organisation_id: UUID
    organisation_name: str = ""  # whose it is, when two organisations name a service alike
    organisation_municipality: str | None = None  # its place, to show and say
    organisation_phone: str | None = None  # E.164: the number a client told to call calls
    organisation_phone_label: str | None = None  # as it is dialled in Finland
    slug: str
    names: dict[str, str]
    duration_minutes: int
    buffer_minutes: int
    channels: list[Channel]
    min_notice_minutes: int
    horizon_days: int
    reminder_minutes: list[int]
    peer_guidance: bool
    active: bool
    slot_step_minutes: int | None
    machine_translated: list[str] = []  # names nobody has reviewed yet, by language
    # Whether clients are offered it: active, and an agreement covers it within its horizon.
    bookable: bool = False


# Agreements


class AgreementCreate(Strict):
    municipality_code: MunicipalityCode
    service_ids: Annotated[list[UUID], Field(min_length=1, max_length=100)]
    valid_from: Day
    valid_to: Day | None = None
    note: ShortText | None = None
    organisation_id: UUID | None = Field(
        None, description="The serving organisation; defaults to the caller's own."
    )


class AgreementUpdate(Strict):
    service_ids: Annotated[list[UUID], Field(min_length=1, max_length=100)] | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    note: ShortText | None = None


class AgreementRead(Read):
    id: UUID
    organisation_id: UUID
    municipality_code: str
    service_ids: list[UUID]
    valid_from: date
    valid_to: date | None
    note: str | None


# Clients


class ClientCreate(Strict):
    preferred_language: LanguageCode
    second_language: LanguageCode | None = None
    phone: PhoneNumber | None = None
    email: Email | None = None
    home_municipality_code: MunicipalityCode | None = None
    prefers_audio: bool = False
    target_group: TargetGroup | None = None


class ClientRead(Read):
    id: UUID
    preferred_language: str
    second_language: str | None
    phone_e164: str | None
    email: str | None
    home_municipality_code: str | None
    prefers_audio: bool
    target_group: TargetGroup | None


# Slots and bookings


class SlotRead(BaseModel):
    starts_at: datetime  # in the organisation's zone, with its offset
    ends_at: datetime
    slot: str  # the opaque reference to book it with
    own_language: bool  # an advisor who speaks the client's language is free
    needs_interpreter: bool
    advisor_ids: list[UUID] | None = None  # staff callers only
    # As the SMS writes it in the client's language (Babel): the pages show and say these.
    day_label: str = ""
    time_label: str = ""
    label: str = ""


class SlotPage(BaseModel):
    slots: list[SlotRead]
    reason: str | None = None  # why there are none


class BookingCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["client"]}, {"required": ["client_id"]}]},
    )

    slot: Annotated[str, StringConstraints(min_length=10, max_length=1000)]
    client: ClientCreate | None = None
    client_id: UUID | None = Field(None, description="Staff only: a client already recorded.")
    reminder_by: ReminderWay | None = Field(
        None, description="How the client is reminded: sms, call, call_and_sms (unset: default)."
    )
    callback_request_id: UUID | None = Field(
        None,
        description="Staff only: the open call-back request this booking answers; it is "
        "closed (booked) in the same step, or nothing is booked.",
    )

    @model_validator(mode="after")
    def _one_client(self) -> "BookingCreate":
        if (self.client is None) == (self.client_id is None):
            raise ValueError("give either client (details) or client_id, not both")
        return self


class BookingRead(Read):
    id: UUID
    service_id: UUID
    client_id: UUID
    advisor_id: UUID
    organisation_id: UUID
    municipality_code: str
    channel: Channel
    language: str
    own_language: bool
    needs_interpreter: bool
    interpreter_id: UUID | None = None  # the interpreter who accepted, once one has
    interpreter_missing: bool = False  # needs one and nobody has accepted yet
    interpreter_accepted_at: datetime | None = None  # when she accepted
    interpreter_name: str | None = None  # her name, for staff who see the booking
    starts_at: datetime
    ends_at: datetime
    status: str
    cancelled_by: str | None
    cancel_reason: str | None
    sequence: int
    calendar_uid: str


class MovedRead(BookingRead):
    """A moved booking, and what became of its interpreter: ``kept`` (she is free at the new
    time), ``reoffered`` (she is busy then: the session is offered again), ``offered`` (nobody
    had accepted: offered at the new time), None (no interpreter is needed)."""

    interpreter_change: Literal["kept", "reoffered", "offered"] | None = None


class CallCreate(Strict):
    outcome: CallOutcome


class CallRead(Read):
    """One try to call the client: who called, when, how it went."""

    id: UUID
    attempt: int
    staff_id: UUID | None
    staff_name: str = ""
    outcome: CallOutcome | None  # None while a call Neuvo placed is still going on
    created_at: datetime
    bridged: bool = False  # placed by Neuvo through its SIP connection
    party: CallParty = CallParty.CLIENT  # the client, or the interpreter dialled into her call
    way: CallWay = CallWay.PHONE  # dialled by Neuvo, or (the interpreter) joined from her browser
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    sip_code: int | None = None


class PhoneCallRead(BaseModel):
    """How a phone session (or a video session switched to the phone) is held. The client's
    number goes only to the session's advisor and staff who may see the client, never to the
    interpreter; so do the interpreter's number and the calls."""

    switched_to_phone_at: datetime | None = None  # a video session that went on by phone
    client_phone: str | None = None  # E.164, for a tel: link
    client_phone_label: str | None = None  # as it is dialled in Finland
    # How the interpreter joins: "phone" (the advisor conferences her in) or "room".
    interpreter_joins: Literal["phone", "room"] | None = None
    interpreter_name: str | None = None
    interpreter_phone: str | None = None
    calls: list[CallRead] = []
    unanswered: int = 0  # tries with no answer
    # Neuvo can place the call itself (a SIP connection is configured), with these ICE
    # servers for the advisor's browser; only to those who may call.
    bridge: bool = False
    ice_servers: list[dict] = []
    # To the session's interpreter: the client's live call through Neuvo, which she may join
    # from her browser (with ``ice_servers``); None while there is none.
    join_call: UUID | None = None
    joinable: bool = False  # to her: Neuvo can bridge the session's calls (she may ask again)


class BridgeOffer(BaseModel):
    """The advisor's browser's SDP offer (ICE gathered: no trickling) for a call to place."""

    sdp: str = Field(min_length=20, max_length=20_000)


class JoinOffer(BaseModel):
    """The interpreter's browser's offer to join the call, for the advisor's browser to answer."""

    id: UUID
    offer_sdp: str


class BridgeRead(BaseModel):
    """A call Neuvo places: where it is, and Janus's SDP answer once the phone answered
    (until the call ends). Never the number called. Following the client's call, the
    advisor's browser also learns of the interpreter's browser joining: the offers waiting
    for its answer (``joining``) and the legs it answered that go on (``joined``)."""

    call: CallRead
    state: Literal["calling", "ringing", "answered", "ended"]
    answer_sdp: str | None = None
    joining: list[JoinOffer] = []
    joined: list[UUID] = []


class DayBookingRead(BookingRead):
    """A session in someone's day view: the booking, its service and advisor, and for a
    session held by phone, how to call (``phone``)."""

    service_names: dict[str, str] = {}
    advisor_name: str = ""
    phone: PhoneCallRead | None = None


class BookingCreated(BaseModel):
    booking: BookingRead
    client_link: str  # shown once: the client's capability link
    short_code: str | None = None  # "1234 5678": read out, typed on the client page's /code


class ShortCodeTyped(Strict):
    """A short code as the client typed it on the keypad (spaces and dashes allowed)."""

    code: str = Field(min_length=1, max_length=32)


class ShortCodeOpened(BaseModel):
    """Where the client's page goes once the code is right: the booking's own link."""

    link: str


class StaffClientBookingRead(BaseModel):
    """A client's coming session as an operator sees it, with the link to read out or send."""

    booking: BookingRead
    client_link: str
    short_code: str | None = None  # to read out: the client types it on the page's /code


class ClientBookingRead(BaseModel):
    """What the client link shows: the session, in the client's language, nothing about staff."""

    service_names: dict[str, str]
    municipality_code: str
    language: str
    channel: Channel
    starts_at: datetime
    ends_at: datetime
    status: str
    service_id: UUID
    can_change: bool
    # As the SMS writes them in the client's language (Babel): the page shows and says these.
    label: str = ""
    day_label: str = ""
    time_label: str = ""
    end_time_label: str = ""
    organisation_name: str = ""
    organisation_place: MunicipalityRead | None = None  # its place, to show and say
    # The organisation's public number: we call from it, and a client told to call calls it.
    organisation_phone: str | None = None  # E.164, for a tel: link
    organisation_phone_label: str | None = None  # as it is dialled in Finland (read digit by digit)
    by_phone: bool = False  # a phone session, or a video session switched to the phone
    room_opens_at: datetime | None = None  # when "Join the call" may be shown
    room_opens_time_label: str = ""  # that time of day, as time_label is written
    can_give_feedback: bool = False  # the session is over and no answer was given yet
    feedback_score: FeedbackScore | None = None
    service_slug: str = ""  # with peer_guidance, what picks the service's pictogram
    peer_guidance: bool = False


class CancelRequest(Strict):
    reason: ShortText | None = None


class MoveRequest(Strict):
    slot: Annotated[str, StringConstraints(min_length=10, max_length=1000)]


class ClientLinkAction(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "if": {"properties": {"action": {"const": "move"}}},
            "then": {"required": ["slot"]},
        },
    )

    action: Literal["cancel", "move"]
    reason: ShortText | None = None
    slot: Annotated[str, StringConstraints(min_length=10, max_length=1000)] | None = None

    @model_validator(mode="after")
    def _slot_for_move(self) -> "ClientLinkAction":
        if self.action == "move" and not self.slot:
            raise ValueError("a move needs the slot to move to")
        return self


class StatusChange(Strict):
    status: Literal["completed", "no_show"]


# Availability


class RuleIn(Strict):
    weekday: Annotated[int, Field(ge=0, le=6, description="0 = Monday")]
    starts: WallTime
    ends: WallTime
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)]
    timezone: TimeZone | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "RuleIn":
        if self.ends <= self.starts:
            raise ValueError("ends must be after starts (no rule runs past midnight)")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class RuleRead(Read):
    id: UUID
    weekday: int
    starts: WallTimeRead
    ends: WallTimeRead
    channels: list[Channel]
    timezone: str
    valid_from: date | None
    valid_to: date | None


def _wall(value: time) -> time:
    return value.replace(tzinfo=None)


class OverrideIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "dependentRequired": {"starts": ["ends"], "ends": ["starts"]},
            "if": {"properties": {"closed": {"const": False}}},
            "then": {"required": ["starts", "ends"]},
        },
    )

    day: Day
    closed: bool
    starts: DayTime | None = None
    ends: DayTime | None = None
    channels: Annotated[list[Channel], Field(max_length=3)] = []
    timezone: TimeZone | None = None

    @model_validator(mode="after")
    def _window(self) -> "OverrideIn":
        if (self.starts is None) != (self.ends is None):
            raise ValueError("give both starts and ends, or neither")
        if not self.closed and self.starts is None:
            raise ValueError("extra opening hours need starts and ends")
        # Compared as wall times: an offset only confirms which instant the wall time is.
        if self.starts and self.ends and _wall(self.ends) <= _wall(self.starts):
            raise ValueError("ends must be after starts")
        return self


class OverrideRead(Read):
    id: UUID
    day: date
    closed: bool
    starts: WallTimeRead | None
    ends: WallTimeRead | None
    channels: list[Channel]
    timezone: str


class AbsenceIn(Strict):
    starts_at: Instant
    ends_at: Instant


class AbsenceRead(Read):
    id: UUID
    starts_at: datetime
    ends_at: datetime


class AvailabilityRead(BaseModel):
    rules: list[RuleRead]
    overrides: list[OverrideRead]
    absences: list[AbsenceRead]


class FeedLink(BaseModel):
    url: str  # shown once: the personal calendar feed's secret address


class FeedbackCreate(Strict):
    """The client's answer after a session: a face, and words only if they typed some."""

    score: FeedbackScore
    comment: ShortText | None = None


class FeedbackCountRow(BaseModel):
    """The clients' answers for one service, language and channel: each face and all; a count
    from 1 to 4 is "<5" to everyone but the organisation's own admins."""

    service_id: UUID
    service_names: dict[str, str]
    language: str
    channel: str
    good: int | Literal["<5"]
    okay: int | Literal["<5"]
    bad: int | Literal["<5"]
    answers: int | Literal["<5"]
