"""Clients: a language and a way to be reached. Every staff look at one is audited."""

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role
from core.models import new_row
from scheduling import directory, municipalities
from scheduling.errors import ClientNotFound
from scheduling.models import Client
from scheduling.schemas import ClientCreate

# Staff who serve clients directly may see them; interpreters see only their sessions.
CLIENT_ROLES = (Role.ADMIN, Role.ADVISOR, Role.OPERATOR)
_INSERT = insert(Client)


async def create(
    session: AsyncSession,
    *,
    actor: Actor | None,
    data: ClientCreate,
    known: directory.Snapshot | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Client:
    """Record a client (by staff on their behalf, or by the client with ``actor=None``).

    The municipality is checked in ``known`` when the caller has the directory at hand. The
    row is written at once, and the client returned is not tracked by the session. Its
    audit event is added to ``events`` for the caller to write with its own, when given."""
    if actor is not None:
        actor.require(*CLIENT_ROLES)
    field = "home_municipality_code"
    if known is None:
        await municipalities.require_known(session, code=data.home_municipality_code, field=field)
    elif data.home_municipality_code is not None:
        known.require_municipality(data.home_municipality_code, field=field)
    row = new_row(Client, phone_e164=data.phone, **data.model_dump(exclude={"phone"}))
    await (await session.connection()).execute(_INSERT, row)
    client = Client(**row)
    created = audit.event(
        actor=actor, action="create", entity="client", entity_id=client.id, client_id=client.id
    )
    if events is None:
        await audit.write(session, [created])
    else:
        events.append(created)
    return client


async def get(session: AsyncSession, *, actor: Actor, client_id: UUID) -> Client:
    """Return a client to staff who serve clients, and log that they looked."""
    actor.require(*CLIENT_ROLES)
    client = await session.get(Client, client_id)
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
    """Return the clients reachable at a number, logging each one shown."""
    actor.require(*CLIENT_ROLES)
    found = list(
        await session.scalars(
            select(Client).where(Client.phone_e164 == phone_e164).order_by(Client.created_at)
        )
    )
    for client in found:
        await audit.record(
            session,
            actor=actor,
            action="search",
            entity="client",
            entity_id=client.id,
            client_id=client.id,
        )
    return found


async def find_for_booking(session: AsyncSession, *, data: ClientCreate) -> Client | None:
    """The client already reachable at the number (or address) a public booking gives."""
    if data.phone:
        match = Client.phone_e164 == data.phone
    elif data.email:
        match = Client.email == data.email
    else:
        return None
    return await session.scalar(
        select(Client)
        .where(
            match,
            Client.home_municipality_code == data.home_municipality_code,
            Client.preferred_language == data.preferred_language,
        )
        .order_by(Client.created_at)
        .limit(1)
    )
