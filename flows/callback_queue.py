"""The operators' queue of call-back requests: who waits, in what language, whether an advisor
of the organisation who speaks it or a phone interpreter of it is free now; each try (the
third unanswered one gives up and sends the one SMS); the queue's figures. A booking made
from a request closes it in the booking's own step (``flows.bookings.book``). Composed here
because "free now" needs the interpreters' profiles beside the scheduling domain's directory
and busy time."""

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.errors import OrganisationNotFound
from access.models import Role
from core import clock, phones
from flows.effects import SEND_OUTBOX, Done
from interpreters import profiles
from scheduling import callback_figures, callbacks, directory, intervals
from scheduling.callback_schemas import CallbackFigures, CallbackRead
from scheduling.clients import CLIENT_ROLES
from scheduling.models import (
    Booking,
    BusyInterval,
    CallbackOutcome,
    CallbackRequest,
    Organisation,
)

DAY = timedelta(days=1)


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


async def _sessions(session: AsyncSession, requests: list[CallbackRequest]) -> dict[UUID, Booking]:
    """The bookings the requests are about, in one query."""
    ids = {r.booking_id for r in requests if r.booking_id is not None}
    if not ids:
        return {}
    found = await session.scalars(select(Booking).where(Booking.id.in_(ids)))
    return {booking.id: booking for booking in found}


def _read(
    request: CallbackRequest,
    *,
    free: tuple[bool, bool],
    now: datetime,
    sms: bool = False,
    about: Booking | None = None,
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
        session_starts_at=about.starts_at if about else None,
        session_channel=str(about.channel) if about else None,
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
    waiting = await callbacks.waiting(session, actor=actor, now=now)
    free: dict[tuple[UUID, str], tuple[bool, bool]] = {}
    for organisation_id in {r.organisation_id for r in waiting}:
        languages = {r.language for r in waiting if r.organisation_id == organisation_id}
        found = await _free_now(
            session, organisation_id=organisation_id, languages=languages, now=now
        )
        free |= {(organisation_id, lang): pair for lang, pair in found.items()}
    about = await _sessions(session, waiting)
    return [
        _read(
            r,
            free=free[(r.organisation_id, r.language)],
            now=now,
            about=about.get(r.booking_id) if r.booking_id else None,
        )
        for r in waiting
    ]


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
    about = (await _sessions(session, [request])).get(request.booking_id or request.id)
    read = _read(request, free=(False, False), now=now, sms=sent, about=about)
    return Done(read, (SEND_OUTBOX,) if sent else ())


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
