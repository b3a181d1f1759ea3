"""Clients: a language and a way to be reached. Every staff look at one is audited.

A person is one row, named by their phone number, or by their e-mail address when they gave
no number (``identify``), so that their busy time covers them however many book them at once.

Which organisation sees which client (``visible_to``, the one rule every client endpoint
applies): an organisation sees a client whom it serves or has been asked to serve, that is
one who has a booking with its advisor or of its service, whom its staff recorded, or whose
home municipality it serves under an agreement that has not ended. A platform admin sees
every client. Any other client is answered as not found.
"""

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import AuditEvent, Role
from core import clock
from core.models import new_row
from scheduling import directory, municipalities
from scheduling.errors import AlreadyExists, ClientNotFound
from scheduling.models import Agreement, Booking, Client, Service
from scheduling.schemas import ClientCreate

# Staff who serve clients directly may see them; interpreters see only their sessions.
CLIENT_ROLES = (Role.ADMIN, Role.ADVISOR, Role.OPERATOR)
# A row that a unique index refuses (the person is recorded) is not written, and no error.
_INSERT = {
    name: dialect.insert(Client).on_conflict_do_nothing().returning(Client.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def visible_to(actor: Actor, *, today: date | None = None) -> ColumnElement[bool]:
    """The condition on ``Client`` of the clients ``actor``'s organisation may see."""
    if actor.is_platform_admin:
        return true()
    organisation_id = actor.organisation_id
    own_services = select(Service.id).where(Service.organisation_id == organisation_id)
    booked = exists().where(
        Booking.client_id == Client.id,
        or_(Booking.organisation_id == organisation_id, Booking.service_id.in_(own_services)),
    )
    recorded = exists().where(
        AuditEvent.client_id == Client.id,
        AuditEvent.organisation_id == organisation_id,
        AuditEvent.entity == "client",
        AuditEvent.action == "create",
    )
    served = select(Agreement.municipality_code).where(
        Agreement.organisation_id == organisation_id,
        or_(Agreement.valid_to.is_(None), Agreement.valid_to >= (today or clock.now().date())),
    )
    return or_(Client.home_municipality_code.in_(served), booked, recorded)


async def identify(
    session: AsyncSession,
    *,
    actor: Actor | None,
    data: ClientCreate,
    snapshot: directory.Snapshot | None = None,
    events: list[dict[str, Any]] | None = None,
) -> tuple[Client, bool]:
    """The client ``data`` names, recorded now unless their phone number (or, without one,
    their e-mail address) is recorded already; and whether they were recorded now.

    A stored client is never changed by what a caller sends. Racing callers that name one
    person get one row: the later insert waits for the earlier one's transaction and then
    finds its row. The municipality is checked in ``snapshot`` when the caller has the
    directory at hand. A new client's audit event is added to ``events`` for the caller to
    write with its own, when given (else written now); the client is not tracked."""
    if actor is not None:
        actor.require(*CLIENT_ROLES)
    field = "home_municipality_code"
    if snapshot is None:
        await municipalities.require_known(session, code=data.home_municipality_code, field=field)
    elif data.home_municipality_code is not None:
        snapshot.require_municipality(data.home_municipality_code, field=field)
    email = data.email.lower() if data.email else None
    row = new_row(
        Client, phone_e164=data.phone, email=email, **data.model_dump(exclude={"phone", "email"})
    )
    connection = await session.connection()
    written = await connection.scalar(_INSERT[connection.dialect.name], row)
    if written is None:
        match = (
            Client.phone_e164 == data.phone
            if data.phone
            else (Client.phone_e164.is_(None) & (Client.email == email))
        )
        found = await session.scalar(select(Client).where(match))
        if found is None:  # the row that refused this one was deleted meanwhile
            raise AlreadyExists("this client was changed just now; try again", field="phone")
        return found, False
    client = Client(**row)
    created = audit.event(
        actor=actor, action="create", entity="client", entity_id=client.id, client_id=client.id
    )
    if events is None:
        await audit.write(session, [created])
    else:
        events.append(created)
    return client, True


async def record(session: AsyncSession, *, actor: Actor, data: ClientCreate) -> tuple[Client, bool]:
    """Record a client for staff, or give them the one recorded at that number when they may
    see them (True when recorded now); of a person hidden from them nothing is shown."""
    client, new = await identify(session, actor=actor, data=data)
    if new:
        return client, True
    try:
        await get(session, actor=actor, client_id=client.id)
    except ClientNotFound:
        field = "phone" if data.phone else "email"
        raise AlreadyExists(
            "a client is recorded at this address elsewhere; book them with these details",
            field=field,
        ) from None
    return client, False


async def get(session: AsyncSession, *, actor: Actor, client_id: UUID) -> Client:
    """Return a client to staff who serve clients and may see them, and log that they
    looked; any other client is not found."""
    actor.require(*CLIENT_ROLES)
    client = await session.scalar(select(Client).where(Client.id == client_id, visible_to(actor)))
    if client is None:
        raise ClientNotFound("no such client", client_id=client_id)
    await audit.record(
        session,
        actor=actor,
        action="read",
        entity="client",
        entity_id=client_id,
        client_id=client_id,
    )
    return client


async def find_by_phone(session: AsyncSession, *, actor: Actor, phone_e164: str) -> list[Client]:
    """Return the client reachable at a number if the actor may see them, logging the look."""
    actor.require(*CLIENT_ROLES)
    found = list(
        await session.scalars(
            select(Client).where(Client.phone_e164 == phone_e164, visible_to(actor))
        )
    )
    if found:
        await audit.write(
            session,
            [
                audit.event(
                    actor=actor,
                    action="search",
                    entity="client",
                    entity_id=client.id,
                    client_id=client.id,
                )
                for client in found
            ],
        )
    return found
