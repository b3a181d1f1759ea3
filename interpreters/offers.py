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
then are asked.
"""

from dataclasses import replace
from datetime import datetime, timedelta
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
from notifications import outbox
from notifications.models import MessageChannel, MessageKind, RecipientRole
from scheduling import claims, intervals, notices
from scheduling import slots as slot_search
from scheduling.models import Booking, BookingStatus, BusyInterval, BusyRole, busy_during

TIER_SIZE = 3  # the best few are offered first
LOAD_WINDOW = timedelta(days=30)  # recent offers and sessions count towards fairness
STAFF_LANGUAGE = "fi"


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
    advisor_languages = frozenset(
        await session.scalars(
            select(StaffLanguage.language).where(StaffLanguage.staff_id == booking.advisor_id)
        )
    )
    helpers = {
        key: value
        for key, value in (await _free_interpreters(session, booking, now, zone)).items()
        if key not in skip
    }
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
    if found.case != matching.Case.INTERPRETER:
        return []  # the booking shows that its interpreter is missing
    made = []
    for interpreter_id in found.helpers[:TIER_SIZE]:
        offer = InterpreterOffer(booking_id=booking.id, interpreter_id=interpreter_id, tier=tier)
        session.add(offer)
        made.append(offer)
    await session.flush()
    emails = await _emails(session, made)
    for offer in made:
        await _tell(session, booking, offer, emails[offer.interpreter_id], now, zone, base_url)
    return made


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
) -> None:
    minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
    about = notices.facts(
        booking,
        extra={"minutes": str(minutes), "link": f"{base_url.rstrip('/')}/console#offers"},
    )
    await outbox.put(
        session,
        kind=kind,
        to=outbox.Recipient(RecipientRole.STAFF, MessageChannel.EMAIL, email, STAFF_LANGUAGE),
        about=about,
        due_at=now,
        zone=zone,
        key=f"{kind.value}:{offer.id}",
    )


async def mine(session: AsyncSession, *, actor: Actor) -> list[tuple[InterpreterOffer, Booking]]:
    """The actor's offers, newest first, with their bookings."""
    actor.require(Role.INTERPRETER, Role.PEER_COUNSELLOR)
    rows = await session.execute(
        select(InterpreterOffer, Booking)
        .join(Booking, Booking.id == InterpreterOffer.booking_id)
        .where(InterpreterOffer.interpreter_id == actor.staff_id)
        .order_by(InterpreterOffer.created_at.desc())
    )
    return [(offer, booking) for offer, booking in rows.all()]


async def accept(
    session: AsyncSession, *, actor: Actor, offer_id: UUID, now: datetime, zone: str
) -> InterpreterOffer:
    """Take the session: the first interpreter to accept wins; everyone later gets 409."""
    offer, booking = await _own_open_offer(session, actor, offer_id, now)
    won = await session.execute(
        update(Booking)
        .where(
            Booking.id == booking.id,
            Booking.interpreter_id.is_(None),
            Booking.status == BookingStatus.CONFIRMED,
        )
        .values(interpreter_id=actor.staff_id, sequence=Booking.sequence + 1, updated_at=now)
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
) -> None:
    """Withdraw the booking's offers in ``statuses`` but ``keep``, and tell their holders."""
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
        offer.status, offer.answered_at = OfferStatus.WITHDRAWN, now
        await _tell(
            session,
            booking,
            offer,
            emails[offer.interpreter_id],
            now,
            zone,
            "",
            kind=MessageKind.OFFER_WITHDRAWN,
        )
    await session.flush()


EVERY_LIVE = (OfferStatus.OPEN, OfferStatus.ACCEPTED)


async def booking_cancelled(
    session: AsyncSession, *, booking: Booking, now: datetime, zone: str
) -> None:
    """A cancelled session withdraws its offers, the accepted one too, and tells their
    holders (everyone's busy time is already released)."""
    await _withdraw_others(session, booking, keep=None, now=now, zone=zone, statuses=EVERY_LIVE)


async def booking_moved(
    session: AsyncSession, *, booking: Booking, now: datetime, zone: str, base_url: str
) -> list[InterpreterOffer]:
    """A moved session loses its interpreter (their time was released with the old time) and
    is offered again at the new time, unless the new advisor speaks the client's language."""
    await _withdraw_others(session, booking, keep=None, now=now, zone=zone, statuses=EVERY_LIVE)
    booking.interpreter_id = None
    await session.flush()
    return await open_for(session, booking=booking, now=now, zone=zone, base_url=base_url)


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
