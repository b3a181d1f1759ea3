"""Tables of the scheduling domain: organisations, municipalities, agreements, services,
clients, opening hours, bookings, busy time, idempotency records and the schedule version.
Staff are ``access``'s tables; these refer to them by foreign key name."""

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.models import Entity, enum_type
from core.types import UTCDateTime


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    EMPLOYMENT_AREA = "employment_area"
    WELLBEING_COUNTY = "wellbeing_county"
    NGO = "ngo"
    OTHER = "other"


class Channel(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in_person"


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


class CancelledBy(StrEnum):
    CLIENT = "client"
    STAFF = "staff"


class BusyRole(StrEnum):
    ADVISOR = "advisor"
    CLIENT = "client"
    INTERPRETER = "interpreter"
    PEER_COUNSELLOR = "peer_counsellor"


class TargetGroup(StrEnum):
    PARENT_AT_HOME = "parent_at_home"
    ELDERLY = "elderly"
    STUDENT = "student"
    EMPLOYED = "employed"
    JOB_SEEKER = "job_seeker"
    OTHER = "other"


class Municipality(SQLModel, table=True):
    """A Finnish municipality, keyed by its official three-digit code (Statistics Finland)."""

    __tablename__ = "municipalities"

    code: str = Field(sa_column=Column(String(3), primary_key=True))
    name_fi: str = Field(max_length=100)
    name_sv: str = Field(max_length=100)
    region: str | None = Field(default=None, max_length=100)  # the region's Finnish name
    region_code: str | None = Field(default=None, max_length=2)  # maakunta, e.g. "17"
    region_sv: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class Organisation(Entity, table=True):
    """A member of the regional network (a city, an employment area, the county, an NGO): the
    tenant every access check is scoped to."""

    __tablename__ = "organisations"

    name: str = Field(max_length=200, unique=True)
    kind: OrganisationKind = Field(sa_type=enum_type(OrganisationKind), nullable=False)
    business_id: str | None = Field(default=None, max_length=9)
    municipality_code: str | None = Field(
        default=None, foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    # What clients are given: the name in fi/sv/en beside ``name`` (the network's own), the public
    # phone number (E.164) a client is told to call, and opening hours as text per language.
    names: dict[str, str] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    phone_e164: str | None = Field(default=None, max_length=16)
    opening_hours: dict[str, str] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    # When the logo printed on letters last changed (None: no logo); the image is a row of its
    # own in ``organisation_logos``, so that listing organisations never reads it.
    logo_updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OrganisationLogo(SQLModel, table=True):
    """An organisation's logo for letters: a PNG that Neuvo re-encoded itself (``logos``)."""

    __tablename__ = "organisation_logos"

    organisation_id: UUID = Field(
        foreign_key="organisations.id", ondelete="CASCADE", primary_key=True
    )
    png: bytes = Field(sa_type=LargeBinary, nullable=False)
    width: int
    height: int


class Service(Entity, table=True):
    """A kind of session an organisation offers; other organisations may serve it by agreement."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    slug: str = Field(max_length=64)
    names: dict[str, str] = Field(sa_type=JSON, nullable=False)
    # The languages whose name is a machine translation nobody has reviewed yet.
    machine_translated: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    duration_minutes: int
    buffer_minutes: int = 0
    channels: list[str] = Field(sa_type=JSON, nullable=False)
    min_notice_minutes: int = 0
    horizon_days: int = 60
    # Reminders to the client this many minutes before the session (24 h and 2 h by default).
    reminder_minutes: list[int] = Field(
        default_factory=lambda: [24 * 60, 2 * 60], sa_type=JSON, nullable=False
    )
    peer_guidance: bool = False
    active: bool = True
    # Slots start every this many minutes; None: every duration plus buffer (back to back).
    slot_step_minutes: int | None = None


class Agreement(Entity, table=True):
    """A cooperation agreement: ``organisation`` serves residents of ``municipality``."""

    __tablename__ = "agreements"
    __table_args__ = (Index("ix_agreements_municipality_valid", "municipality_code", "valid_from"),)

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE", index=True)
    municipality_code: str = Field(
        foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    valid_from: date
    valid_to: date | None = None
    note: str | None = Field(default=None, max_length=500)


class AgreementService(SQLModel, table=True):
    __tablename__ = "agreement_services"

    agreement_id: UUID = Field(foreign_key="agreements.id", ondelete="CASCADE", primary_key=True)
    service_id: UUID = Field(
        foreign_key="services.id", ondelete="CASCADE", primary_key=True, index=True
    )


class ReminderWay(StrEnum):
    """How the client wants to be reminded of a session (None on the booking: Neuvo's
    default, ``scheduling.notices``)."""

    SMS = "sms"
    CALL = "call"  # a call that speaks the reminder (SMS when it cannot be spoken)
    CALL_AND_SMS = "call_and_sms"


class Client(Entity, table=True):
    """A client: a language and a way to be reached, nothing more.

    A person is one row: their phone number (E.164) names them, or, when they gave none,
    their e-mail address (stored in lower case), so that their busy time covers them
    whoever books them and however many book them at once."""

    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_phone_e164", "phone_e164", unique=True),
        Index(
            "ix_clients_email_without_phone",
            "email",
            unique=True,
            sqlite_where=text("phone_e164 IS NULL"),
            postgresql_where=text("phone_e164 IS NULL"),
        ),
    )

    preferred_language: str = Field(max_length=8)
    second_language: str | None = Field(default=None, max_length=8)
    phone_e164: str | None = Field(default=None, max_length=16)
    email: str | None = Field(default=None, max_length=254)
    home_municipality_code: str | None = Field(
        default=None, foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    prefers_audio: bool = False
    target_group: TargetGroup | None = Field(default=None, sa_type=enum_type(TargetGroup))


class AvailabilityRule(Entity, table=True):
    """A weekly opening in local wall time: weekday, from, to, channels, valid from/to."""

    __tablename__ = "availability_rules"

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE", index=True)
    weekday: int
    starts: time
    ends: time
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    channels: list[str] = Field(sa_type=JSON, nullable=False)
    valid_from: date | None = None
    valid_to: date | None = None


class AvailabilityOverride(Entity, table=True):
    """One date that differs from the weekly rules: extra hours, or closed (all day or a window)."""

    __tablename__ = "availability_overrides"
    __table_args__ = (Index("ix_availability_overrides_staff_day", "staff_id", "day"),)

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE")
    day: date
    closed: bool
    starts: time | None = None
    ends: time | None = None
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    channels: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)


class Absence(Entity, table=True):
    """A stretch of time away (holiday, sick leave), in UTC; no reason is kept."""

    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_staff_starts", "staff_id", "starts_at"),)

    staff_id: UUID = Field(foreign_key="staff.id", ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Booking(Entity, table=True):
    """A session: a client, an advisor, a service, a channel and a time."""

    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_advisor_starts", "advisor_id", "starts_at"),
        Index("ix_bookings_client_starts", "client_id", "starts_at"),
        Index("ix_bookings_short_code_hash", "short_code_hash", unique=True),
    )

    service_id: UUID = Field(foreign_key="services.id", ondelete="RESTRICT")
    client_id: UUID = Field(foreign_key="clients.id", ondelete="RESTRICT")
    advisor_id: UUID = Field(foreign_key="staff.id", ondelete="RESTRICT")
    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="RESTRICT")
    municipality_code: str = Field(
        foreign_key="municipalities.code", ondelete="RESTRICT", max_length=3
    )
    channel: Channel = Field(sa_type=enum_type(Channel), nullable=False)
    language: str = Field(max_length=8)
    own_language: bool
    # The interpreter who accepted the offer, when the session needs one (the first to accept).
    interpreter_id: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    # When that interpreter accepted (kept when a move keeps her; cleared when she is dropped).
    interpreter_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: BookingStatus = Field(
        default=BookingStatus.CONFIRMED, sa_type=enum_type(BookingStatus), nullable=False
    )
    cancelled_by: CancelledBy | None = Field(default=None, sa_type=enum_type(CancelledBy))
    cancel_reason: str | None = Field(default=None, max_length=500)
    created_by_staff_id: UUID | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL"
    )
    calendar_uid: str = Field(max_length=100, unique=True)
    sequence: int = 0
    # The link's token is derived from SECRET_KEY and this salt, so that reminders and retried
    # requests can show the link again while only its hash is stored.
    client_token_salt: str = Field(max_length=32)
    client_token_hash: str = Field(max_length=64, unique=True)
    client_token_expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The short code read out over the phone is derived from SECRET_KEY and this salt too;
    # only its keyed hash is stored. It opens the booking until the link expires.
    short_code_salt: str | None = Field(default=None, max_length=32)
    short_code_hash: str | None = Field(default=None, max_length=64)
    # Public bookings keep a keyed hash of the network address, to cap hoarding by scripts.
    source_hash: str | None = Field(default=None, max_length=64, index=True)
    # How the client chose to be reminded, when they chose (a call speaks the reminder).
    reminder_by: ReminderWay | None = Field(default=None, sa_type=enum_type(ReminderWay))
    updated_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)

    @property
    def needs_interpreter(self) -> bool:
        """The advisor does not speak the client's language."""
        return not self.own_language

    @property
    def interpreter_missing(self) -> bool:
        """An interpreter is needed and none has accepted (yet)."""
        return self.needs_interpreter and self.interpreter_id is None


class ShortCodeAttempt(Entity, table=True):
    """A short code typed wrong, kept briefly to hold guessers back; the address only hashed."""

    __tablename__ = "short_code_attempts"
    __table_args__ = (Index("ix_short_code_attempts_address_at", "address_hash", "created_at"),)

    address_hash: str = Field(max_length=64)


class BusyInterval(Entity, table=True):
    """Time a person (staff member or client) is taken by a booking.

    On PostgreSQL an exclusion constraint makes two active intervals of one person overlapping
    impossible, whatever the concurrency; on SQLite writes are serialised and checked first.
    """

    __tablename__ = "busy_intervals"
    __table_args__ = (
        Index("ix_busy_intervals_person_starts", "person_id", "starts_at"),
        ExcludeConstraint(
            (Column("person_id"), "="),
            (func.tstzrange(Column("starts_at"), Column("ends_at"), text("'[)'")), "&&"),
            where=text("active"),
            using="gist",
            name="busy_intervals_no_overlap",
        ).ddl_if(dialect="postgresql"),
    )

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE", index=True)
    person_id: UUID
    role: BusyRole = Field(sa_type=enum_type(BusyRole), nullable=False)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    active: bool = True


class IdempotencyRecord(SQLModel, table=True):
    """A request made with an ``Idempotency-Key``: what it created, returned to every retry.

    The answer itself is not kept (it holds a capability link); a retry is answered from the
    resource, whose link is derived again from the server's key.
    """

    __tablename__ = "idempotency_records"

    scope: str = Field(max_length=80, primary_key=True)
    key: str = Field(max_length=200, primary_key=True)
    request_hash: str = Field(max_length=64)
    resource_id: UUID | None = None
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


class ScheduleVersion(SQLModel, table=True):
    """One row: a random token that every write to the schedule tables replaces, in the
    writer's own transaction (triggers, migration 0008), so that an in-memory copy of those
    tables knows when it is out of date (``scheduling.directory``)."""

    __tablename__ = "schedule_versions"

    id: int = Field(primary_key=True)
    token: str = Field(max_length=64)


class BusyChange(SQLModel, table=True):
    """A staff member whose busy time a transaction changed (triggers, migration 0012): on
    PostgreSQL with that transaction's id, on SQLite in commit order (``id``), so that an
    in-memory copy of busy time reads again only the people changed since (``scheduling.busy``).
    Clients' busy time is not logged: search never reads it."""

    __tablename__ = "busy_changes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(
        default=None, sa_type=BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    xid: int | None = Field(default=None, sa_type=BigInteger, index=True)
    person_id: UUID


class BusyClock(SQLModel, table=True):
    """One row: the database's busy-time epoch (random; a new one after a truncation), and
    below which change the log may have been pruned (``scheduling.busy``)."""

    __tablename__ = "busy_clocks"

    id: int = Field(primary_key=True)
    epoch: str = Field(max_length=64)
    pruned_below: int = Field(default=0, sa_type=BigInteger)
    prune_mark: int = Field(default=0, sa_type=BigInteger)


LONGEST_BUSY = timedelta(days=2)
"""No busy interval is longer: a session lasts at most 8 hours and its buffer at most a day."""


def busy_during(starts_at: Any, ends_at: Any, since: Any = None) -> tuple[Any, ...]:
    """The conditions of an active busy interval overlapping ``[starts_at, ends_at)``.

    The lower bound ``since`` on ``starts_at`` (``starts_at - LONGEST_BUSY`` unless given)
    keeps the index range one window wide, however long a person's history grows. A
    statement built once passes all three as parameters (``busy_params``)."""
    return (
        BusyInterval.active.is_(True),
        BusyInterval.starts_at < ends_at,
        BusyInterval.starts_at > (starts_at - LONGEST_BUSY if since is None else since),
        BusyInterval.ends_at > starts_at,
    )


def busy_params(starts_at: datetime, ends_at: datetime) -> dict[str, datetime]:
    """The parameters of ``busy_during(bindparam("starts_at"), bindparam("ends_at"),
    bindparam("since"))`` for the span ``[starts_at, ends_at)``."""
    return {"starts_at": starts_at, "ends_at": ends_at, "since": starts_at - LONGEST_BUSY}


BUSY_SPAN = (
    bindparam("starts_at", type_=UTCDateTime),
    bindparam("ends_at", type_=UTCDateTime),
    bindparam("since", type_=UTCDateTime),
)
"""The parameters of a busy-time statement built once (``busy_during(*BUSY_SPAN)``)."""


class FeedbackScore(StrEnum):
    """The three faces a client picks from after a session."""

    GOOD = "good"
    OKAY = "okay"
    BAD = "bad"


class Feedback(Entity, table=True):
    """A client's answer after a session: one face, and a comment only if they wrote one."""

    __tablename__ = "feedback"

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE", unique=True)
    score: FeedbackScore = Field(sa_type=enum_type(FeedbackScore), nullable=False)
    comment: str | None = Field(default=None, max_length=500)


class CallOutcome(StrEnum):
    """How one try to call a phone session's client went."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"


class CallParty(StrEnum):
    """Whom a call of a phone session went to: its client, or its interpreter dialled into the
    client's call (a leg of the advisor's three-way call, never a try to reach the client)."""

    CLIENT = "client"
    INTERPRETER = "interpreter"


class CallWay(StrEnum):
    """How a leg reaches its party: Neuvo dials her phone through Janus, or (the interpreter
    only) she joins the client's call from her own browser, the advisor's browser answering."""

    PHONE = "phone"
    BROWSER = "browser"


class BookingCall(Entity, table=True):
    """One try to call a phone session's client (or a video session gone on by phone): who
    called, when, and how it went; a session may have several (no answer, then again).

    A call Neuvo placed itself (``bridged``: Janus dialled the client through the SIP trunk
    and connected the advisor's browser) starts at ``created_at``, is answered at
    ``answered_at`` and ends at ``ended_at``; its outcome is known only when it has ended.
    Neuvo may also dial the session's interpreter into that call (``party`` interpreter): such
    a leg is kept here too, numbered apart, and is never a try at the client. An interpreter
    may instead join from her own browser (``way`` browser): her SDP offer waits in
    ``offer_sdp`` until the advisor's browser answers it (``answer_sdp``)."""

    __tablename__ = "booking_calls"
    __table_args__ = (Index("ix_booking_calls_booking_created", "booking_id", "created_at"),)

    booking_id: UUID = Field(foreign_key="bookings.id", ondelete="CASCADE")
    attempt: int  # the how-manyth try at this session's client (or at its interpreter): 1, 2, ...
    party: CallParty = Field(default=CallParty.CLIENT, sa_type=enum_type(CallParty), nullable=False)
    way: CallWay = Field(default=CallWay.PHONE, sa_type=enum_type(CallWay), nullable=False)
    staff_id: UUID | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    outcome: CallOutcome | None = Field(default=None, sa_type=enum_type(CallOutcome))
    bridged: bool = Field(default=False, nullable=False)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sip_code: int | None = None  # the last SIP status heard: 180 ringing, 486 busy, ...
    # The call's Janus session and SIP plugin handle, while it lasts; and the SDP answer the
    # advisor's browser still needs (Janus's, from the phone's 200 OK).
    janus_session: int | None = Field(default=None, sa_type=BigInteger)
    janus_handle: int | None = Field(default=None, sa_type=BigInteger)
    answer_sdp: str | None = Field(default=None, sa_type=Text)
    offer_sdp: str | None = Field(default=None, sa_type=Text)  # a browser leg's, until answered


class CallbackSource(StrEnum):
    """Where a client asked to be called back."""

    CLIENT_PAGE = "client_page"  # the "call me" pictogram on a client page (or the language offer)
    BOOKING_LINK = "booking_link"  # ... on the booking link's page
    REMINDER_CALL = "reminder_call"  # "0" pressed during a spoken reminder
    NO_ANSWER = "no_answer"  # a phone session's client was not reached: staff call again
    REMIND = "remind"  # a client to be reminded by call whom no call can remind: a person does
    REMINDER_CHANGED = "reminder_changed"  # a key pressed on a call for a booking changed since


class CallbackStatus(StrEnum):
    """Where a call-back request stands: open until someone closes it one of three ways (or
    its session closes a reminder by a person: lapsed)."""

    OPEN = "open"
    HELPED = "helped"  # reached and helped on the phone
    GAVE_UP = "gave_up"  # not reached in ``MAX_ATTEMPTS`` tries: one SMS with our number sent
    BOOKED = "booked"  # reached, and a session booked for them from the request
    # A reminder by a person (source ``remind``) nobody gave before its session began, or
    # whose session was cancelled after a try: nothing is left to remind of.
    LAPSED = "lapsed"


class CallbackOutcome(StrEnum):
    """How the last try to call a request's client went."""

    HELPED = "helped"
    NO_ANSWER = "no_answer"
    BOOKED = "booked"


class CallbackRequest(Entity, table=True):
    """A client's "call me": an organisation's operators call this number in this language.

    Personal data is minimal: the number (E.164) and the language, nothing else of the person;
    the network address only as a keyed hash, to cap requests per address. One request per
    number and service is open at a time (a partial unique index; no service counts as one)."""

    __tablename__ = "callback_requests"
    __table_args__ = (
        Index(
            "ix_callback_requests_one_open",
            "organisation_id",
            "phone_e164",
            text("coalesce(CAST(service_id AS VARCHAR(36)), '')"),
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_callback_requests_organisation_status", "organisation_id", "status"),
        # Every cancellation and move looks its booking's reminder up; the sweep joins on it.
        Index("ix_callback_requests_booking_id", "booking_id"),
    )

    organisation_id: UUID = Field(foreign_key="organisations.id", ondelete="CASCADE")
    service_id: UUID | None = Field(default=None, foreign_key="services.id", ondelete="SET NULL")
    # The booking the client asked from (its link, its reminder call), if any.
    booking_id: UUID | None = Field(default=None, foreign_key="bookings.id", ondelete="SET NULL")
    language: str = Field(max_length=8)
    phone_e164: str = Field(max_length=16)
    topic: str | None = Field(default=None, max_length=32)
    source: CallbackSource = Field(sa_type=enum_type(CallbackSource), nullable=False)
    source_hash: str | None = Field(default=None, max_length=64, index=True)
    status: CallbackStatus = Field(
        default=CallbackStatus.OPEN, sa_type=enum_type(CallbackStatus), nullable=False
    )
    attempts: int = 0  # tries to call that were not answered (or answered: the last one)
    next_attempt_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: CallbackOutcome | None = Field(default=None, sa_type=enum_type(CallbackOutcome))
    # Who closed it, and the session booked from it (status booked).
    closed_by_staff_id: UUID | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL"
    )
    booked_booking_id: UUID | None = Field(
        default=None, foreign_key="bookings.id", ondelete="SET NULL"
    )
