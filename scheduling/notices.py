"""What a booking change tells whom, written to the outbox in the booking's own transaction.

The client hears of a booking, a move and a cancellation at once (SMS when they gave a phone
number, else e-mail) and is reminded before the session at the service's reminder times (by
SMS, or by a call that speaks the reminder and takes a key: ``reminded``); a client reminded
by call hears of a booking and a move by a call as well. A client who would be reminded by a
call that cannot be placed (a part without audio, no telephone connection) gets the SMS, and
the operators' queue shows them as one to remind by a person (``callbacks.open_for_booking``,
source ``remind``); the
advisor and the interpreter who accepted get the calendar invitation (or its cancellation) by
e-mail, kept as the event's facts and written when it is sent. When an interpreter accepts,
she gets the invitation, and the advisor and the operator who booked are told. A change first
takes back every message of the booking that has not gone out yet, so a cancelled session is
never reminded of and a moved one only at its new time.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import StaffMember
from notifications import ical, outbox
from notifications.models import MessageChannel, MessageKind, RecipientRole
from notifications.telephony import scripts
from scheduling import callbacks, directory
from scheduling.calendars import event
from scheduling.models import (
    Booking,
    BookingStatus,
    CallbackSource,
    Client,
    ReminderWay,
    Service,
)

STAFF_LANGUAGE = "fi"  # staff have no language of their own for messages yet


async def booking_changed(
    session: AsyncSession,
    *,
    booking: Booking,
    kind: MessageKind,
    now: datetime,
    zone: str,
    base_url: str,
    client: Client | None = None,
    snapshot: directory.Snapshot | None = None,
    voice: bool = True,
) -> None:
    """Write the messages that ``kind`` (confirmation, moved, cancelled) of ``booking`` needs
    (``client`` and the directory ``snapshot`` when the caller has them at hand; ``voice``:
    whether a telephone connection can place calls, as ``Settings.voice_calls`` says)."""
    if client is None:
        client = await session.get(Client, booking.client_id)
    if snapshot is None:
        snapshot = await directory.current(session, since=min(booking.starts_at, now))
    assert client is not None
    service = snapshot.services[booking.service_id]
    advisor = snapshot.people.get(booking.advisor_id)
    if kind != MessageKind.CONFIRMATION:
        await outbox.withdraw(session, booking_id=booking.id)
    interpreter = (
        await session.get(StaffMember, booking.interpreter_id)
        if booking.interpreter_id is not None
        else None
    )
    item = event(
        booking,
        service,
        zone=zone,
        base_url=base_url,
        interpreter=interpreter.display_name if interpreter is not None else None,
    )
    cancelled = booking.status == BookingStatus.CANCELLED
    about = facts(
        booking,
        # Even a cancellation carries the link: the page says (and speaks) that it is off.
        link_salt=booking.client_token_salt,
        extra={"calendar_method": "CANCEL" if cancelled else "REQUEST"},
    )
    staff = [
        _staff(member.email)
        for member in (advisor, interpreter)  # the interpreter who accepted is told too
        if member is not None and member.active
    ]
    told = outbox.client_recipient(
        phone=client.phone_e164,
        email=client.email,
        language=booking.language,
        second_language=_second(client, booking.language),
    )
    ways = Ways(None) if cancelled else await reminded(session, booking, client, told, voice=voice)
    await outbox.announce(
        session,
        about=about,
        client=told,
        staff=staff,
        calendar=ical.to_params(item),  # the invitation is written when the e-mail is sent
        reminders=() if cancelled else service.reminder_minutes,
        now=now,
        zone=zone,
        kind=kind,
        reminded=ways.reminded,
        also=ways.told_also,
    )
    if ways.by_person and told is not None:
        await _remind_by_person(session, booking, told, service.reminder_minutes, now, zone)
    elif kind != MessageKind.CONFIRMATION:  # cancelled, or moved where a call can remind
        await callbacks.withdraw_reminder(session, booking_id=booking.id, now=now)


async def _remind_by_person(
    session: AsyncSession,
    booking: Booking,
    told: outbox.Recipient,
    minutes: tuple[int, ...],
    now: datetime,
    zone: str,
) -> None:
    """The operators' queue shows the client as one to remind by a person, due when the first
    reminder is (none when no reminder is left to give)."""
    due = outbox.reminder_times(booking.starts_at, minutes, now=now, zone=zone)
    if due:
        await callbacks.open_for_booking(
            session,
            booking=booking,
            phone_e164=told.address,
            language=booking.language,
            source=CallbackSource.REMIND,
            due_at=due[0][1],
            now=now,
        )


async def interpreter_accepted(
    session: AsyncSession, *, booking: Booking, now: datetime, zone: str, base_url: str
) -> None:
    """An interpreter accepted ``booking`` (its SEQUENCE already raised): she gets the calendar
    invitation, the advisor the updated one (naming her), and the staff member who booked it,
    when another, is told."""
    assert booking.interpreter_id is not None
    service = await session.get(Service, booking.service_id)
    interpreter = await session.get(StaffMember, booking.interpreter_id)
    assert service is not None and interpreter is not None
    item = ical.to_params(
        event(booking, service, zone=zone, base_url=base_url, interpreter=interpreter.display_name)
    )
    about = facts(booking)
    told = [(interpreter, MessageKind.CONFIRMATION, item)]
    for staff_id, calendar in ((booking.advisor_id, item), (booking.created_by_staff_id, None)):
        member = await session.get(StaffMember, staff_id) if staff_id is not None else None
        if member is not None and member.active and all(member.id != m.id for m, *_ in told):
            told.append((member, MessageKind.INTERPRETER_ACCEPTED, calendar))
    for member, kind, calendar in told:
        await outbox.put(
            session,
            kind=kind,
            to=_staff(member.email),
            about=about,
            due_at=now,
            zone=zone,
            key=f"{kind.value}:{booking.id}:{booking.sequence}:{member.id}",
            calendar=calendar,
        )


@dataclass(frozen=True, slots=True)
class Ways:
    """How a client is reminded (``None``: as they are told), who else tells them of the
    booking now (a call), and whether a person must remind them instead of a call."""

    reminded: list[outbox.Recipient] | None
    told_also: tuple[outbox.Recipient, ...] = ()
    by_person: bool = False


async def reminded(
    session: AsyncSession,
    booking: Booking,
    client: Client,
    told: outbox.Recipient | None,
    *,
    voice: bool = True,
) -> Ways:
    """How the client is reminded: by SMS, by a call that speaks the reminder, or both, as
    they chose on the booking; unchosen, by a call when they chose by ear (``prefers_audio``).
    A call only when one can be placed (``voice``) and every part of the reminder has audio
    in the session's language; else by SMS, and a person reminds them (``by_person``): those
    who chose a call, and those who would get one by default where calls can be placed but
    their language's reminder cannot be spoken. Where no call can be placed (no voice
    connection), a client who did not choose one gets the SMS only. A
    client reminded by call hears the booking's confirmation (or move) by call too, when every
    part of it has audio."""
    if told is None or told.channel != MessageChannel.SMS:
        return Ways(None)  # no number to call: reminded as told (by e-mail), or not at all
    way = booking.reminder_by
    chosen = way is not None
    if way is None:
        way = ReminderWay.CALL if client.prefers_audio else ReminderWay.SMS
    if way == ReminderWay.SMS:
        return Ways([told])
    if not voice and not chosen:
        # An installation that places no calls offers none: the SMS is what was promised.
        # (Every client page booking is "by ear"; a queue item for each would drown the
        # operators' queue.)
        return Ways([told])
    session_is = {
        "lang": booking.language,
        "starts_at": booking.starts_at,
        "channel": booking.channel,
    }
    if not (voice and await scripts.speakable(session, **session_is)):
        return Ways([told], by_person=True)
    call = replace(told, channel=MessageChannel.VOICE)
    confirmed = await scripts.speakable(session, **session_is, kind=MessageKind.CONFIRMATION)
    return Ways(
        [call] if way == ReminderWay.CALL else [call, told],
        told_also=(call,) if confirmed else (),
    )


def _staff(email: str) -> outbox.Recipient:
    return outbox.Recipient(RecipientRole.STAFF, MessageChannel.EMAIL, email, STAFF_LANGUAGE)


def facts(
    booking: Booking, *, link_salt: str | None = None, extra: dict[str, str] | None = None
) -> outbox.BookingFacts:
    """What the messages about ``booking`` may say: times, channel and language, no names."""
    return outbox.BookingFacts(
        booking_id=booking.id,
        organisation_id=booking.organisation_id,
        sequence=booking.sequence,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        channel=str(booking.channel),
        language=booking.language,
        link_salt=link_salt,
        extra=extra or {},
    )


def _second(client: Client, language: str) -> str | None:
    """The client's other language, when the session is not in it."""
    for candidate in (client.preferred_language, client.second_language):
        if candidate and candidate != language:
            return candidate
    return None
