"""Offers: a session that needs an interpreter is offered to the best qualified interpreters
who are free then; the first to accept wins it, atomically, and the others are withdrawn.

Winning is one conditional UPDATE of the booking (``interpreter_id IS NULL``): of two
interpreters accepting at the same moment, PostgreSQL lets one change the row and makes the
other re-read it and change nothing, so the other gets 409. The winner's time is a busy
interval like everyone else's, so the exclusion constraint keeps an interpreter from ever
being in two sessions at once.

The next tier is asked after ``NEUVO_OFFER_TIER_MINUTES`` or as soon as the current one has all
declined; ``NEUVO_INTERPRETER_DEADLINE_MINUTES`` before the session open offers expire and the
booking is listed for operators (``missing``). The client's wishes (``wishes``) are rules for
every offer, and only interpreters whose opening hours hold the session and who are not busy
then are asked. A moved session stays with the interpreter who accepted it when she may take
it at the new time; only when she cannot is it offered again (``booking_moved``).
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role, StaffLanguage, StaffMember
from interpreters import matching, profiles, wishes
from interpreters.errors import InterpreterBusy, OfferClosed, OfferNotFound, OfferTaken
from interpreters.models import (
    InterpreterOffer,
    OfferStatus,
)
from interpreters.schemas import OfferRead
from notifications import outbox
from notifications.models import MessageChannel, MessageKind, RecipientRole
from scheduling import claims, intervals, notices
from scheduling import slots as slot_search
from scheduling.models import (
    Booking,
    BookingStatus,
    BusyInterval,
    BusyRole,
    Organisation,
    Service,
    busy_during,
)

TIER_SIZE = 3  # the best few are offered first
LOAD_WINDOW = timedelta(days=30)  # recent offers and sessions count towards fairness
STAFF_LANGUAGE = "fi"


class Moved(StrEnum):
    """What a move did to the session's interpreter."""

    KEPT = "kept"  # she is free at the new time and keeps it (told by the booking's messages)
    REOFFERED = "reoffered"  # she is busy then: the offer round starts again without her
    OFFERED = "offered"  # nobody had accepted yet: the round starts again at the new time


@dataclass(frozen=True, slots=True)
class Was:
    """The session's time before a move, as the interpreters were offered it."""

    starts_at: datetime
    ends_at: datetime
    cancellation: dict[str, object] | None = None  # the old event, cancelled (ical.to_params)


async def open_for(
    session: AsyncSession,
    *,
    booking: Booking,
    now: datetime,
    zone: str,
    base_url: str,
    tier: int = 1,
    skip: frozenset[UUID] = frozenset(),
) -> list[InterpreterOffer]:
    """Offer ``booking`` to a tier of qualified, free interpreters (leaving out ``skip``, who
    had it already); none when the advisor speaks the client's language or an interpreter
    already has it."""
    if booking.own_language or booking.interpreter_id is not None:
        return []
    found = [
        helper for helper in await _qualified(session, booking, now, zone) if helper not in skip
    ]
    if not found:
        return []  # the booking shows that its interpreter is missing
    made = []
    for interpreter_id in found[:TIER_SIZE]:
        offer = InterpreterOffer(booking_id=booking.id, interpreter_id=interpreter_id, tier=tier)
        session.add(offer)
        made.append(offer)
    await session.flush()
    emails = await _emails(session, made)
    for offer in made:
        await _tell(session, booking, offer, emails[offer.interpreter_id], now, zone, base_url)
    return made


async def _qualified(
    session: AsyncSession, booking: Booking, now: datetime, zone: str
) -> list[UUID]:
    """The interpreters who may take ``booking`` at its time, best first: qualified, within
    the client's wishes, working then and not busy."""
    advisor_languages = frozenset(
        await session.scalars(
            select(StaffLanguage.language).where(StaffLanguage.staff_id == booking.advisor_id)
        )
    )
    helpers = await _free_interpreters(session, booking, now, zone)
    wished = await wishes.of(session, booking.client_id)
    need = matching.Need(
        language=booking.language,
        channel=str(booking.channel),
        municipality_code=booking.municipality_code,
        gender=wished.gender,
        excluded=wished.excluded,
    )
    found = matching.match(
        need, [matching.Advisor(booking.advisor_id, advisor_languages)], helpers.values()
    )
    return list(found.helpers) if found.case == matching.Case.INTERPRETER else []


async def _emails(session: AsyncSession, offers: list[InterpreterOffer]) -> dict[UUID, str]:
    """The e-mail address of each offer's holder."""
    rows = await session.execute(
        select(StaffMember.id, StaffMember.email).where(
            StaffMember.id.in_([offer.interpreter_id for offer in offers])
        )
    )
    return dict(rows.all())


async def _free_interpreters(
    session: AsyncSession, booking: Booking, now: datetime, zone: str
) -> dict[UUID, matching.Interpreter]:
    """Active interpreters who speak the booking's language, whose opening hours hold the
    session (for its way of meeting), and who are not busy then."""
    found = await profiles.of_language(session, booking.language)
    if not found:
        return {}
    busy = set(
        await session.scalars(
            select(BusyInterval.person_id).where(
                BusyInterval.person_id.in_(list(found)),
                *busy_during(booking.starts_at, booking.ends_at),
            )
        )
    )
    local = ZoneInfo(zone)
    hours = await slot_search.windows_of(
        session,
        [staff_id for staff_id in found if staff_id not in busy],
        slot_search.SlotQuery(
            service_id=booking.service_id,
            municipality_code=booking.municipality_code,
            language=booking.language,
            channel=str(booking.channel),
            first=booking.starts_at.astimezone(local).date(),
            last=booking.ends_at.astimezone(local).date(),
        ),
        zone,
    )
    working = {
        staff_id
        for staff_id, candidate in hours.items()
        if intervals.covers(candidate.windows, booking.starts_at, booking.ends_at)
    }
    load = dict(
        (
            await session.execute(
                select(InterpreterOffer.interpreter_id, func.count())
                .where(
                    InterpreterOffer.interpreter_id.in_(list(found)),
                    InterpreterOffer.created_at > now - LOAD_WINDOW,
                )
                .group_by(InterpreterOffer.interpreter_id)
            )
        ).all()
    )
    return {
        staff_id: replace(interpreter, load=load.get(staff_id, 0))
        for staff_id, interpreter in found.items()
        if staff_id in working
    }


async def _tell(
    session: AsyncSession,
    booking: Booking,
    offer: InterpreterOffer,
    email: str,
    now: datetime,
    zone: str,
    base_url: str,
    kind: MessageKind = MessageKind.INTERPRETER_OFFER,
    was: Was | None = None,
    calendar: dict[str, object] | None = None,
) -> None:
    minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
    about = notices.facts(
        booking,
        extra={"minutes": str(minutes), "link": f"{base_url.rstrip('/')}/console#offers"},
    )
    if was is not None:  # a withdrawal after a move names the time she was offered
        about = replace(about, starts_at=was.starts_at, ends_at=was.ends_at)
    await outbox.put(
        session,
        kind=kind,
        to=outbox.Recipient(RecipientRole.STAFF, MessageChannel.EMAIL, email, STAFF_LANGUAGE),
        about=about,
        due_at=now,
        zone=zone,
        key=f"{kind.value}:{offer.id}",
        calendar=calendar,
    )


async def mine(session: AsyncSession, *, actor: Actor) -> list[tuple[InterpreterOffer, Booking]]:
    """The actor's offers, newest first, with their bookings: one per session, the latest
    (a session offered again after a move is one row, not an old and a new one)."""
    actor.require(Role.INTERPRETER, Role.PEER_COUNSELLOR)
    rows = await session.execute(
        select(InterpreterOffer, Booking)
        .join(Booking, Booking.id == InterpreterOffer.booking_id)
        .where(InterpreterOffer.interpreter_id == actor.staff_id)
        .order_by(InterpreterOffer.created_at.desc())
    )
    latest: dict[UUID, tuple[InterpreterOffer, Booking]] = {}
    for offer, booking in rows.all():  # a live offer before one it replaced at the same moment
        held = latest.get(booking.id)
        if held is None or (offer.status in EVERY_LIVE and held[0].status not in EVERY_LIVE):
            latest[booking.id] = (offer, booking)
    return sorted(latest.values(), key=lambda pair: pair[0].created_at, reverse=True)


async def described(
    session: AsyncSession, pairs: list[tuple[InterpreterOffer, Booking]]
) -> list[OfferRead]:
    """Offers as their interpreters read them: with the service, its length, the organisation
    and the advisor."""
    services = {booking.service_id for _, booking in pairs}
    people = {booking.advisor_id for _, booking in pairs}
    places = {booking.organisation_id for _, booking in pairs}
    names = {
        row.id: row.names
        for row in await session.scalars(select(Service).where(Service.id.in_(services)))
    }
    advisors = dict(
        (
            await session.execute(
                select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(people))
            )
        ).all()
    )
    organisations = dict(
        (
            await session.execute(
                select(Organisation.id, Organisation.name).where(Organisation.id.in_(places))
            )
        ).all()
    )
    return [
        OfferRead(
            id=offer.id,
            booking_id=booking.id,
            status=offer.status.value,
            tier=offer.tier,
            offered_at=offer.created_at,
            answered_at=offer.answered_at,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            minutes=int((booking.ends_at - booking.starts_at).total_seconds() // 60),
            channel=str(booking.channel),
            language=booking.language,
            service_names=names.get(booking.service_id, {}),
            organisation=organisations.get(booking.organisation_id, ""),
            advisor=advisors.get(booking.advisor_id, ""),
        )
        for offer, booking in pairs
    ]


async def accept(
    session: AsyncSession,
    *,
    actor: Actor,
    offer_id: UUID,
    now: datetime,
    zone: str,
    base_url: str,
) -> InterpreterOffer:
    """Take the session: the first interpreter to accept wins; everyone later gets 409. The
    interpreter gets the calendar invitation; the advisor (with the updated invitation) and the
    operator who booked are told."""
    offer, booking = await _own_open_offer(session, actor, offer_id, now)
    won = await session.execute(
        update(Booking)
        .where(
            Booking.id == booking.id,
            Booking.interpreter_id.is_(None),
            Booking.status == BookingStatus.CONFIRMED,
        )
        .values(
            interpreter_id=actor.staff_id,
            interpreter_accepted_at=now,
            sequence=Booking.sequence + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:
        raise OfferTaken("another interpreter took this session first")
    await _hold_time(session, booking, actor.staff_id)
    offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
    await session.flush()
    await _withdraw_others(session, booking, keep=offer.id, now=now, zone=zone)
    await audit.record(
        session,
        actor=actor,
        action="accept_offer",
        entity="booking",
        entity_id=booking.id,
        detail={"offer": str(offer.id)},
    )
    await session.refresh(booking)
    await notices.interpreter_accepted(
        session, booking=booking, now=now, zone=zone, base_url=base_url
    )
    return offer


async def decline(
    session: AsyncSession, *, actor: Actor, offer_id: UUID, reason: str | None, now: datetime
) -> InterpreterOffer:
    """Say no to an offer, with a reason if the interpreter gives one."""
    offer, _ = await _own_open_offer(session, actor, offer_id, now)
    offer.status, offer.answered_at, offer.decline_reason = OfferStatus.DECLINED, now, reason
    await session.flush()
    return offer


async def _own_open_offer(
    session: AsyncSession, actor: Actor, offer_id: UUID, now: datetime
) -> tuple[InterpreterOffer, Booking]:
    actor.require(Role.INTERPRETER, Role.PEER_COUNSELLOR)
    offer = await session.get(InterpreterOffer, offer_id)
    if offer is None:
        raise OfferNotFound("no such offer", offer_id=offer_id)
    booking = await session.get(Booking, offer.booking_id)
    assert booking is not None
    if offer.interpreter_id != actor.staff_id:
        # Someone else's offer in one's own organisation is a conflict; elsewhere it is hidden.
        member = await session.get(StaffMember, offer.interpreter_id)
        if member is None or member.organisation_id != actor.organisation_id:
            raise OfferNotFound("no such offer", offer_id=offer_id)
        raise OfferClosed("this offer was made to someone else")
    if offer.status != OfferStatus.OPEN:
        raise OfferClosed(f"the offer is {offer.status.value}")
    if booking.status != BookingStatus.CONFIRMED or booking.starts_at <= now:
        raise OfferClosed("the session is no longer open")
    return offer, booking


async def _hold_time(session: AsyncSession, booking: Booking, interpreter_id: UUID) -> None:
    """Record the interpreter's busy time; refuse when they are in another session then."""
    hold = claims.Hold(interpreter_id, BusyRole.INTERPRETER, booking.starts_at, booking.ends_at)
    if not await claims.take(session, booking_id=booking.id, holds=[hold]):
        raise InterpreterBusy("you are in another session at that time")


async def _withdraw_others(
    session: AsyncSession,
    booking: Booking,
    *,
    keep: UUID | None,
    now: datetime,
    zone: str,
    statuses: tuple[OfferStatus, ...] = (OfferStatus.OPEN,),
    told: tuple[OfferStatus, ...] = (OfferStatus.OPEN,),
    was: Was | None = None,
) -> None:
    """Withdraw the booking's offers in ``statuses`` but ``keep``, and tell the holders of
    those in ``told`` (at the time they were offered, ``was``, when the booking moved; an
    interpreter who had accepted also gets the calendar's cancellation)."""
    query = select(InterpreterOffer).where(
        InterpreterOffer.booking_id == booking.id, InterpreterOffer.status.in_(statuses)
    )
    if keep is not None:
        query = query.where(InterpreterOffer.id != keep)
    others = list(await session.scalars(query))
    if not others:
        return
    emails = await _emails(session, others)
    for offer in others:
        status = offer.status
        offer.status, offer.answered_at = OfferStatus.WITHDRAWN, now
        if status not in told:
            continue
        calendar = None
        if status == OfferStatus.ACCEPTED and was is not None:
            calendar = was.cancellation
        await _tell(
            session,
            booking,
            offer,
            emails[offer.interpreter_id],
            now,
            zone,
            "",
            kind=MessageKind.OFFER_WITHDRAWN,
            was=was,
            calendar=calendar,
        )
    await session.flush()


EVERY_LIVE = (OfferStatus.OPEN, OfferStatus.ACCEPTED)


async def booking_cancelled(
    session: AsyncSession, *, booking: Booking, now: datetime, zone: str
) -> None:
    """A cancelled session withdraws its offers, the accepted one too (everyone's busy time is
    already released). Those still asked are told; the interpreter who had accepted was told,
    with the calendar's cancellation, by the booking's own messages."""
    await _withdraw_others(session, booking, keep=None, now=now, zone=zone, statuses=EVERY_LIVE)


async def booking_moved(
    session: AsyncSession,
    *,
    booking: Booking,
    was: Was,
    now: datetime,
    zone: str,
    base_url: str,
) -> Moved | None:
    """After a move (every busy time released and the advisor's taken again): the interpreter
    who accepted keeps the session when she may take it at the new time (her hours, not busy,
    the way of meeting); else every offer is withdrawn (their holders told of the time they
    were offered) and the session is offered again, unless the new advisor speaks the
    client's language (None)."""
    kept = booking.interpreter_id
    if (
        kept is not None
        and not booking.own_language
        and kept in await _qualified(session, booking, now, zone)
    ):
        hold = claims.Hold(kept, BusyRole.INTERPRETER, booking.starts_at, booking.ends_at)
        if await claims.take(session, booking_id=booking.id, holds=[hold]):
            return Moved.KEPT
    await _withdraw_others(
        session,
        booking,
        keep=None,
        now=now,
        zone=zone,
        statuses=EVERY_LIVE,
        told=EVERY_LIVE,
        was=was,
    )
    booking.interpreter_id, booking.interpreter_accepted_at = None, None
    await session.flush()
    if booking.own_language:
        return None
    await open_for(
        session,
        booking=booking,
        now=now,
        zone=zone,
        base_url=base_url,
        skip=frozenset({kept}) if kept else frozenset(),
    )
    return Moved.REOFFERED if kept else Moved.OFFERED


async def booking_of(session: AsyncSession, offer: InterpreterOffer) -> Booking:
    """The booking an offer is for."""
    booking = await session.get(Booking, offer.booking_id)
    assert booking is not None
    return booking


async def advance(
    session: AsyncSession,
    *,
    now: datetime,
    zone: str,
    base_url: str,
    tier_wait: timedelta,
    deadline: timedelta,
) -> int:
    """Move every unfilled offer round on: the next tier once the current one has waited
    ``tier_wait`` or said no; at ``deadline`` before the session, expire what is open (the
    booking then shows its interpreter missing, and operators see it). Return the offers made."""
    waiting = list(
        await session.scalars(
            select(Booking).where(
                Booking.status == BookingStatus.CONFIRMED,
                Booking.own_language.is_(False),
                Booking.interpreter_id.is_(None),
                Booking.starts_at > now,
            )
        )
    )
    made = 0
    for booking in waiting:
        offers = list(
            await session.scalars(
                select(InterpreterOffer).where(InterpreterOffer.booking_id == booking.id)
            )
        )
        open_now = [offer for offer in offers if offer.status == OfferStatus.OPEN]
        if booking.starts_at - deadline <= now:
            for offer in open_now:
                offer.status, offer.answered_at = OfferStatus.EXPIRED, now
            continue
        tier = max((offer.tier for offer in offers), default=0)
        started = min((o.created_at for o in offers if o.tier == tier), default=None)
        if open_now and started is not None and now - started < tier_wait:
            continue
        for offer in open_now:  # the next tier takes over from those who did not answer
            offer.status, offer.answered_at = OfferStatus.EXPIRED, now
        made += len(
            await open_for(
                session,
                booking=booking,
                now=now,
                zone=zone,
                base_url=base_url,
                tier=tier + 1,
                skip=frozenset(offer.interpreter_id for offer in offers),
            )
        )
    await session.flush()
    return made


async def missing(
    session: AsyncSession, *, actor: Actor, now: datetime, deadline: timedelta
) -> list[Booking]:
    """Coming sessions of the actor's organisation past their deadline without an interpreter:
    the operators' alert."""
    actor.require(Role.ADMIN, Role.OPERATOR)
    query = select(Booking).where(
        Booking.status == BookingStatus.CONFIRMED,
        Booking.own_language.is_(False),
        Booking.interpreter_id.is_(None),
        Booking.starts_at > now,
        Booking.starts_at <= now + deadline,
    )
    if not actor.is_platform_admin:
        query = query.where(Booking.organisation_id == actor.organisation_id)
    return list(await session.scalars(query.order_by(Booking.starts_at)))
