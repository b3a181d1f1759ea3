"""Organisations of the regional network: cities, employment areas, the county, NGOs."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.errors import OrganisationNotFound
from scheduling import municipalities
from scheduling.errors import AlreadyExists
from scheduling.models import Organisation
from scheduling.schemas import OrganisationCreate, OrganisationUpdate


async def list_all(session: AsyncSession) -> list[Organisation]:
    """Return the network's organisations by name (a directory every staff member may read)."""
    return list(await session.scalars(select(Organisation).order_by(Organisation.name)))


async def get(session: AsyncSession, *, organisation_id: UUID) -> Organisation:
    """Return the organisation with ``organisation_id``."""
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise OrganisationNotFound("no such organisation", organisation_id=organisation_id)
    return organisation


async def _name_free(session: AsyncSession, *, name: str, other_than: UUID | None = None) -> None:
    query = select(Organisation.id).where(Organisation.name == name)
    if other_than is not None:
        query = query.where(Organisation.id != other_than)
    if await session.scalar(query) is not None:
        raise AlreadyExists(f"an organisation named {name!r} exists already", field="name")


async def create(session: AsyncSession, *, actor: Actor, data: OrganisationCreate) -> Organisation:
    """Add an organisation to the network; platform administrators only."""
    actor.require_platform_admin()
    await municipalities.require_known(
        session, code=data.municipality_code, field="municipality_code"
    )
    await _name_free(session, name=data.name)
    fields = data.model_dump()
    fields["phone_e164"] = fields.pop("phone")
    organisation = Organisation(**fields)
    session.add(organisation)
    await session.flush()
    await audit.record(
        session, actor=actor, action="create", entity="organisation", entity_id=organisation.id
    )
    return organisation


async def update(
    session: AsyncSession, *, actor: Actor, organisation_id: UUID, data: OrganisationUpdate
) -> Organisation:
    """Change an organisation; its own admins or a platform administrator may (only a platform
    administrator changes its kind)."""
    if data.kind is not None:
        actor.require_platform_admin()
    actor.require_manager(
        organisation_id,
        hidden=OrganisationNotFound("no such organisation", organisation_id=organisation_id),
    )
    organisation = await get(session, organisation_id=organisation_id)
    changes = data.model_dump(exclude_unset=True)
    if "phone" in changes:
        changes["phone_e164"] = changes.pop("phone")
    # null: a name, kind or zone stays as it is; names and opening hours are emptied.
    for key in ("name", "kind", "timezone"):
        if key in changes and changes[key] is None:
            del changes[key]
    for key in ("names", "opening_hours"):
        if key in changes and changes[key] is None:
            changes[key] = {}
    if "municipality_code" in changes:
        await municipalities.require_known(
            session, code=changes["municipality_code"], field="municipality_code"
        )
    if changes.get("name"):
        await _name_free(session, name=changes["name"], other_than=organisation_id)
    for key, value in changes.items():
        setattr(organisation, key, value)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="organisation",
        entity_id=organisation_id,
        detail={"fields": sorted(changes)},
    )
    return organisation
