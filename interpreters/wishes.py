"""A client's wishes about interpreters, kept by the staff who serve clients and honoured by
every offer: one gender only, and never the interpreters the client has excluded."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import StaffMember
from interpreters.models import (
    ExcludedInterpreter,
    Gender,
    InterpreterLanguage,
    InterpreterProfile,
    InterpreterWish,
)
from scheduling import clients
from scheduling.errors import UnknownReference
from scheduling.models import Client


@dataclass(frozen=True, slots=True)
class Wishes:
    gender: Gender | None = None
    excluded: frozenset[UUID] = frozenset()


async def of(session: AsyncSession, client_id: UUID) -> Wishes:
    """The client's wishes (none when nothing was said)."""
    wish = await session.get(InterpreterWish, client_id)
    excluded = await session.scalars(
        select(ExcludedInterpreter.interpreter_id).where(ExcludedInterpreter.client_id == client_id)
    )
    return Wishes(gender=wish.gender if wish else None, excluded=frozenset(excluded))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An interpreter or peer counsellor a client may ask never to have (name only)."""

    id: UUID
    display_name: str


async def read(session: AsyncSession, *, actor: Actor, client_id: UUID) -> Wishes:
    """The wishes, to staff who serve clients (the look is audited like any client data)."""
    await clients.get(session, actor=actor, client_id=client_id)
    return await of(session, client_id)


async def candidates(session: AsyncSession, *, client_id: UUID, wished: Wishes) -> list[Candidate]:
    """Whom the client could be offered, of any organisation (interpreters mostly work for an
    agency, not for the municipality): the active people who speak the client's language with
    clients, and those already excluded. Only names: enough for the client to recognise.
    For ``read`` or ``put`` to call on, once they have checked the actor."""
    client = await session.get(Client, client_id)
    if client is None:
        return []
    speaks = (
        select(InterpreterProfile.staff_id)
        .join(InterpreterLanguage, InterpreterLanguage.profile_id == InterpreterProfile.id)
        .where(InterpreterLanguage.language == client.preferred_language)
    )
    found = await session.execute(
        select(StaffMember.id, StaffMember.display_name)
        .where(
            (StaffMember.active & StaffMember.id.in_(speaks))
            | StaffMember.id.in_(list(wished.excluded))
        )
        .order_by(StaffMember.display_name, StaffMember.id)
    )
    return [Candidate(id=row.id, display_name=row.display_name) for row in found]


async def put(
    session: AsyncSession,
    *,
    actor: Actor,
    client_id: UUID,
    gender: Gender | None,
    excluded: list[UUID],
) -> Wishes:
    """Replace the client's wishes."""
    await clients.get(session, actor=actor, client_id=client_id)
    known = set(await session.scalars(select(StaffMember.id).where(StaffMember.id.in_(excluded))))
    unknown = [str(staff_id) for staff_id in excluded if staff_id not in known]
    if unknown:
        raise UnknownReference(f"no staff member {unknown[0]}", field="excluded")
    await session.merge(InterpreterWish(client_id=client_id, gender=gender))
    await session.execute(
        delete(ExcludedInterpreter).where(ExcludedInterpreter.client_id == client_id)
    )
    session.add_all(
        ExcludedInterpreter(client_id=client_id, interpreter_id=staff_id)
        for staff_id in dict.fromkeys(excluded)
    )
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="set_interpreter_wishes",
        entity="client",
        entity_id=client_id,
        client_id=client_id,
    )
    return await of(session, client_id)
