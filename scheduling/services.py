"""Services: the kinds of session an organisation offers (guidance, needs assessment, ...)."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role
from scheduling.errors import AlreadyExists, ServiceNotFound
from scheduling.models import Service
from scheduling.schemas import ServiceCreate, ServiceUpdate


async def list_all(
    session: AsyncSession, *, organisation_id: UUID | None = None, active_only: bool = True
) -> list[Service]:
    """Return the network's service catalogue, optionally one organisation's part of it."""
    query = select(Service).order_by(Service.slug, Service.id)
    if organisation_id is not None:
        query = query.where(Service.organisation_id == organisation_id)
    if active_only:
        query = query.where(Service.active.is_(True))
    return list(await session.scalars(query))


async def get(session: AsyncSession, *, service_id: UUID) -> Service:
    """Return the service with ``service_id`` (the catalogue is public)."""
    service = await session.get(Service, service_id)
    if service is None:
        raise ServiceNotFound("no such service", service_id=service_id)
    return service


async def create(session: AsyncSession, *, actor: Actor, data: ServiceCreate) -> Service:
    """Add a service to the actor's organisation; admins only."""
    actor.require(Role.ADMIN)
    taken = await session.scalar(
        select(Service.id).where(
            Service.organisation_id == actor.organisation_id, Service.slug == data.slug
        )
    )
    if taken is not None:
        raise AlreadyExists(f"the service {data.slug!r} exists already", field="slug")
    values = data.model_dump()
    values["channels"] = [channel.value for channel in data.channels]
    service = Service(organisation_id=actor.organisation_id, **values)
    session.add(service)
    await session.flush()
    await audit.record(
        session, actor=actor, action="create", entity="service", entity_id=service.id
    )
    return service


async def update(
    session: AsyncSession, *, actor: Actor, service_id: UUID, data: ServiceUpdate
) -> Service:
    """Change a service of the actor's own organisation."""
    service = await get(session, service_id=service_id)
    actor.require_manager(
        service.organisation_id, hidden=ServiceNotFound("no such service", service_id=service_id)
    )
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "slot_step_minutes" in data.model_fields_set:  # the one field that null clears
        changes["slot_step_minutes"] = data.slot_step_minutes
    if "channels" in changes:
        changes["channels"] = list(dict.fromkeys(channel.value for channel in data.channels or []))
    for key, value in changes.items():
        setattr(service, key, value)
    # A name taken away takes its mark with it.
    service.machine_translated = [c for c in service.machine_translated if c in service.names]
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="service",
        entity_id=service_id,
        detail={"fields": sorted(changes)},
    )
    return service
