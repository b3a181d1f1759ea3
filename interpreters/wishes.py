"""A client's wishes about interpreters, kept by the staff who serve clients and honoured by
every offer: one gender only, and never the interpreters the client has excluded."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import StaffMember
from interpreters.models import ExcludedInterpreter, Gender, InterpreterWish
from scheduling import clients
from scheduling.errors import UnknownReference


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


async def read(session: AsyncSession, *, actor: Actor, client_id: UUID) -> Wishes:
    """The wishes, to staff who serve clients (the look is audited like any client data)."""
    await clients.get(session, actor=actor, client_id=client_id)
    return await of(session, client_id)


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
