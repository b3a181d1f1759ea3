"""The outbox's people: what was sent to whom (the number and the code to read out for those
who may see the client), a failed message queued again, the link sent again by SMS."""

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from core import clock
from core.config import Settings
from flows.effects import SEND_OUTBOX, Done
from notifications import console, dispatch, outbox
from notifications.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    RecipientRole,
)
from notifications.schemas import MessageRead
from scheduling import clients, lifecycle, notices, short_codes
from scheduling.errors import InvalidValue
from scheduling.models import BookingStatus


async def listing(
    session: AsyncSession,
    *,
    actor: Actor,
    settings: Settings,
    status: MessageStatus | None,
    booking_id: UUID | None,
    limit: int,
) -> list[MessageRead]:
    """The outbox as the actor reads it: a client's number and the booking's short code shown
    only to those who may see that client (each such client's look audited), masked for
    everyone else; the client's link never (a capability)."""
    found = await console.listing(
        session, actor=actor, status=status, booking_id=booking_id, limit=limit
    )
    about = {m.booking_id for m in found if m.booking_id and m.recipient_role == "client"}
    seen = await short_codes.readable(
        session, actor=actor, secret=settings.secret_key, booking_ids=about
    )
    looked = sorted({client_id for client_id, _code in seen.values()})
    if looked:
        await audit.write(
            session,
            [
                audit.event(
                    actor=actor,
                    action="read_messages",
                    entity="client",
                    entity_id=client_id,
                    client_id=client_id,
                )
                for client_id in looked
            ],
        )
    return [
        MessageRead.from_message(
            message,
            dispatch.preview(message),
            seen=seen.get(message.booking_id)
            if message.booking_id and message.recipient_role == "client"
            else None,
        )
        for message in found
    ]


async def send_again(session: AsyncSession, *, actor: Actor, message_id: UUID) -> Done[Message]:
    """Queue a failed message again, once what was wrong has been put right."""
    message = await console.send_again(session, actor=actor, message_id=message_id, now=clock.now())
    return Done(message, (SEND_OUTBOX,))


async def send_link_again(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, settings: Settings
) -> Done[MessageRead]:
    """The booking's confirmation, with the client's link, once more by SMS to the client's
    number (an operator on the phone with a client who lost it)."""
    actor.require(*clients.CLIENT_ROLES)
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    client = await clients.get(session, actor=actor, client_id=booking.client_id)
    if booking.status != BookingStatus.CONFIRMED or booking.ends_at <= clock.now():
        raise InvalidValue("the session is over or cancelled", field="booking_id")
    if not client.phone_e164:
        raise InvalidValue("the client has no phone number to send an SMS to", field="phone")
    recipient = outbox.Recipient(
        RecipientRole.CLIENT,
        MessageChannel.SMS,
        client.phone_e164,
        booking.language,
        None,
    )
    key = f"link_again:{booking.id}:{uuid4()}"
    await outbox.put(
        session,
        kind=MessageKind.CONFIRMATION,
        to=recipient,
        about=notices.facts(booking, link_salt=booking.client_token_salt),
        due_at=clock.now(),
        zone=settings.timezone,
        key=key,
    )
    await audit.record(
        session,
        actor=actor,
        action="send_link",
        entity="booking",
        entity_id=booking.id,
        client_id=client.id,
    )
    message = next(
        m for m in await outbox.for_booking(session, booking.id) if m.idempotency_key == key
    )
    seen = (client.id, short_codes.code_of(settings.secret_key, booking))
    return Done(
        MessageRead.from_message(message, dispatch.preview(message), seen=seen), (SEND_OUTBOX,)
    )
