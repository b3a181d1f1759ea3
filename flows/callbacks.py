"""Call-back requests: a client's "call me" (from the client page or the booking link), what
she is told (received, and roughly when the call comes), whether her language can be booked
by ear at all (if not, the page offers the call first), and the operators' queue: who waits,
in what language, whether an own-language advisor or an interpreter is free now, each try,
the booking that closes a request, and the one SMS after three unanswered tries.

Composed here because the queue needs the interpreters' profiles and the offer needs the
speech library, beside the scheduling domain that keeps the requests."""

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.errors import OrganisationNotFound
from access.models import Role
from core import clock, phones, tokens
from core.config import Settings
from flows.effects import SEND_OUTBOX, Done
from interpreters import profiles
from notifications import templates
from scheduling import callback_figures, callbacks, directory, intervals, lifecycle
from scheduling.callback_schemas import (
    CallbackCreate,
    CallbackFigures,
    CallbackFromLink,
    CallbackOffer,
    CallbackRead,
    CallbackReceived,
)
from scheduling.clients import CLIENT_ROLES
from scheduling.errors import UnknownReference
from scheduling.models import (
    BusyInterval,
    CallbackOutcome,
    CallbackRequest,
    CallbackSource,
    Client,
    Organisation,
    Service,
)
from speech import library
from speech.models import RecordingKind

# The questions a client hears on the way to a booking by ear (with every clip: dates, times
# and a number's digits are composed from them). A language missing any of them cannot be
# booked by ear, and the client page offers a call by a person first.
PATH_PROMPTS = (
    "what_help", "choose_this", "how_meet", "video", "phone", "in_person", "where_live",
    "time_ok", "yes_time", "other_time", "contact_phone", "erase", "next", "confirm", "book",
    "confirmed", "when",
)  # fmt: skip
DAY = timedelta(days=1)
SOON = timedelta(minutes=15)  # an opening that ends sooner than this is not "today"


async def path_heard(session: AsyncSession, *, language: str) -> bool:
    """Whether every prompt and clip of the booking path has audio in ``language``."""
    said = library.prompt_texts(language)
    if any(key not in said for key in PATH_PROMPTS):
        return False
    items = {
        item: text
        for item, text in library.texts(language).items()
        if item[0] != RecordingKind.PROMPT or item[1] in PATH_PROMPTS
    }
    resolved = await library.resolve(session, lang=language, items=items)
    return all(found.source != "none" for found in resolved.values())


async def offer(session: AsyncSession, *, language: str) -> CallbackOffer:
    """Whether the client page should offer a call before anything that needs reading."""
    return CallbackOffer(language=language, path_heard=await path_heard(session, language=language))


async def _answering(
    session: AsyncSession, *, service_id: UUID | None, municipality: str | None, now: datetime
) -> Organisation:
    """Who calls back: the service's organisation; else one serving the municipality under an
    agreement; else the network's first organisation that gives clients a number (or the
    first of all, when none does yet)."""
    if service_id is not None:
        service = await session.get(Service, service_id)
        if service is None or not service.active:
            raise UnknownReference("no such service", field="service_id")
        found = await session.get(Organisation, service.organisation_id)
        assert found is not None
        return found
    given = select(Organisation).where(Organisation.phone_e164.is_not(None))
    if municipality is not None:
        snapshot = await directory.current(session, since=now)
        today = now.date()
        serving = [
            cover.organisation_id
            for cover in snapshot.covers.get(municipality, ())
            if cover.valid_from <= today and (cover.valid_to is None or cover.valid_to >= today)
        ]
        if serving:
            found = await session.scalar(
                given.where(Organisation.id.in_(serving)).order_by(Organisation.created_at)
            )
            if found is not None:
                return found
    found = await session.scalar(given.order_by(Organisation.created_at).limit(1))
    if found is None:  # nobody gives clients a number yet: the network's first organisation
        found = await session.scalar(
            select(Organisation).order_by(Organisation.created_at).limit(1)
        )
    if found is None:
        raise UnknownReference("nobody takes call-back requests here yet", field="phone")
    return found


async def expected_at(
    session: AsyncSession, *, organisation: Organisation, now: datetime
) -> datetime | None:
    """Roughly when the call comes: the start of the organisation's next opening (its
    advisors' and operators' hours, absences out) with ``SOON`` left in it; None without."""
    snapshot = await directory.current(session, since=now)
    today = now.astimezone(ZoneInfo(organisation.timezone)).date()
    best: datetime | None = None
    for person in snapshot.people.values():
        if not (person.active and person.organisation_id == organisation.id):
            continue
        if not person.roles & {Role.ADVISOR, Role.OPERATOR}:
            continue
        hours = snapshot.hours(person, first=today, last=today + timedelta(days=7), channel=None)
        for start, end in intervals.subtract(hours, person.absences):
            if end - max(start, now) >= SOON:
                at = max(start, now)
                best = at if best is None else min(best, at)
                break
    return best


async def _received(
    session: AsyncSession, *, request: CallbackRequest, organisation: Organisation, now: datetime
) -> CallbackReceived:
    at = await expected_at(session, organisation=organisation, now=now)
    zone = ZoneInfo(organisation.timezone)
    on = at.astimezone(zone).date() if at else None
    said = (
        templates.spoken_when(at, language=request.language, zone=organisation.timezone)
        if at
        else None
    )
    number = organisation.phone_e164
    return CallbackReceived(
        id=request.id,
        expected_on=on,
        expected_at=at,
        expected_label=said.label if said else None,
        today=on == now.astimezone(zone).date(),
        organisation_phone=number,
        organisation_phone_label=phones.national(number) if number else None,
    )


async def request_call(
    session: AsyncSession, *, settings: Settings, data: CallbackCreate, address: str
) -> CallbackReceived:
    """A client's "call me" from the client page (public; capped per number and address)."""
    now = clock.now()
    organisation = await _answering(
        session, service_id=data.service_id, municipality=data.municipality, now=now
    )
    request = await callbacks.open_request(
        session,
        organisation_id=organisation.id,
        phone_e164=data.phone,
        language=data.language,
        service_id=data.service_id,
        source=CallbackSource.CLIENT_PAGE,
        topic=data.topic,
        source_hash=tokens.sign(settings.secret_key, f"source:{address}"),
        now=now,
    )
    return await _received(session, request=request, organisation=organisation, now=now)


async def request_from_link(
    session: AsyncSession, *, settings: Settings, token: str, data: CallbackFromLink, address: str
) -> CallbackReceived:
    """A "call me" from the booking link's page: the booking's number, language and service."""
    now = clock.now()
    booking = await lifecycle.by_token(session, token=token, now=now)
    client = await session.get(Client, booking.client_id)
    organisation = await session.get(Organisation, booking.organisation_id)
    assert client is not None and organisation is not None
    if not client.phone_e164:
        raise UnknownReference("this booking has no phone number to call", field="phone")
    request = await callbacks.open_request(
        session,
        organisation_id=organisation.id,
        phone_e164=client.phone_e164,
        language=booking.language,
        service_id=booking.service_id,
        booking_id=booking.id,
        source=CallbackSource.BOOKING_LINK,
        topic=data.topic,
        source_hash=tokens.sign(settings.secret_key, f"source:{address}"),
        now=now,
    )
    return await _received(session, request=request, organisation=organisation, now=now)


async def _free_now(
    session: AsyncSession, *, organisation_id: UUID, languages: set[str], now: datetime
) -> dict[str, tuple[bool, bool]]:
    """Per language: whether an own-language advisor of the organisation, and whether an
    interpreter of it (by phone), is within their hours and in no session now."""
    snapshot = await directory.current(session, since=now)
    busy = set(
        await session.scalars(
            select(BusyInterval.person_id).where(
                BusyInterval.active.is_(True),
                BusyInterval.starts_at <= now,
                BusyInterval.ends_at > now,
                BusyInterval.starts_at > now - timedelta(days=2),
            )
        )
    )
    day = now.date()

    def open_now(person: directory.Person) -> bool:
        if not person.active or person.id in busy:
            return False
        hours = snapshot.hours(person, first=day - DAY, last=day + DAY, channel=None)
        return any(s <= now < e for s, e in intervals.subtract(hours, person.absences))

    advisors = [
        p
        for p in snapshot.active(Role.ADVISOR)
        if p.organisation_id == organisation_id and open_now(p)
    ]
    found: dict[str, tuple[bool, bool]] = {}
    for language in languages:
        own = any(language in p.speaks for p in advisors)
        helpers = await profiles.of_language(session, language, version=snapshot.token)
        free = any(
            "phone" in helper.modes and helper.id in snapshot.people
            and open_now(snapshot.people[helper.id])
            for helper in helpers.values()
        )  # fmt: skip
        found[language] = (own, free)
    return found


def _read(
    request: CallbackRequest, *, free: tuple[bool, bool], now: datetime, sms: bool = False
) -> CallbackRead:
    return CallbackRead(
        id=request.id,
        language=request.language,
        phone=request.phone_e164,
        phone_label=phones.national(request.phone_e164),
        topic=request.topic,
        source=request.source.value,
        status=request.status.value,
        service_id=request.service_id,
        booking_id=request.booking_id,
        attempts=request.attempts,
        created_at=request.created_at,
        next_attempt_at=request.next_attempt_at,
        waiting_minutes=max(0, int((now - request.created_at).total_seconds() // 60)),
        due=request.next_attempt_at <= now,
        own_language_free=free[0],
        interpreter_free=free[1],
        sms_sent=sms,
    )


async def queue(session: AsyncSession, *, actor: Actor) -> list[CallbackRead]:
    """The organisation's open requests, the due ones first, each with who is free now."""
    now = clock.now()
    waiting = await callbacks.waiting(session, actor=actor)
    free: dict[tuple[UUID, str], tuple[bool, bool]] = {}
    for organisation_id in {r.organisation_id for r in waiting}:
        languages = {r.language for r in waiting if r.organisation_id == organisation_id}
        found = await _free_now(
            session, organisation_id=organisation_id, languages=languages, now=now
        )
        free |= {(organisation_id, lang): pair for lang, pair in found.items()}
    return [_read(r, free=free[(r.organisation_id, r.language)], now=now) for r in waiting]


async def record_attempt(
    session: AsyncSession, *, actor: Actor, request_id: UUID, outcome: CallbackOutcome
) -> Done[CallbackRead]:
    """One try to call: helped closes it; the third unanswered try gives it up and puts the
    one SMS with the organisation's number in the outbox, sent after the commit."""
    now = clock.now()
    request, gave_up = await callbacks.record_attempt(
        session, actor=actor, request_id=request_id, outcome=outcome, now=now
    )
    sent = False
    if gave_up:
        organisation = await session.get(Organisation, request.organisation_id)
        assert organisation is not None
        sent = await callbacks.tell_missed(
            session, request=request, organisation=organisation, now=now
        )
    read = _read(request, free=(False, False), now=now, sms=sent)
    return Done(read, (SEND_OUTBOX,) if sent else ())


async def mark_booked(
    session: AsyncSession, *, actor: Actor, request_id: UUID, booking_id: UUID
) -> CallbackRead:
    """Close a request with the session booked for its client from the queue."""
    now = clock.now()
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    client = await session.get(Client, booking.client_id)
    assert client is not None
    request = await callbacks.mark_booked(
        session, actor=actor, request_id=request_id, booking=booking, client=client, now=now
    )
    return _read(request, free=(False, False), now=now)


async def figures(
    session: AsyncSession,
    *,
    actor: Actor,
    organisation_id: UUID | None,
    first: date | None,
    last: date | None,
) -> CallbackFigures:
    """The queue's figures for staff who serve clients (a platform admin names any
    organisation): requests on local ``first``..``last`` (the last 30 days by default)."""
    actor.require(*CLIENT_ROLES)
    wanted = organisation_id or actor.organisation_id
    organisation = await session.get(Organisation, wanted) if actor.sees(wanted) else None
    if organisation is None:
        raise OrganisationNotFound("no such organisation", organisation_id=wanted)
    zone = organisation.timezone
    today = clock.now().astimezone(ZoneInfo(zone)).date()
    last = last or today
    first = first or last - timedelta(days=29)
    counted = await callback_figures.figures(
        session, organisation_id=organisation.id, first=first, last=last, zone=zone
    )
    return CallbackFigures(
        first=first,
        last=last,
        requests=counted.requests,
        called_back_same_day=counted.called_back_same_day,
        same_day_share=counted.same_day_share,
        helped=counted.helped,
        booked=counted.booked,
        gave_up=counted.gave_up,
        open=counted.open,
    )
