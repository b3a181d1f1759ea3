"""Municipalities: national reference data, keyed by official code, kept by platform admins."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from scheduling.errors import AlreadyExists, MunicipalityNotFound, UnknownReference
from scheduling.models import Municipality
from scheduling.schemas import MunicipalityCreate, MunicipalityUpdate


async def list_all(session: AsyncSession) -> list[Municipality]:
    """Return every municipality, ordered by Finnish name."""
    return list(await session.scalars(select(Municipality).order_by(Municipality.name_fi)))


async def get(session: AsyncSession, *, code: str) -> Municipality:
    """Return the municipality with official ``code``."""
    municipality = await session.get(Municipality, code)
    if municipality is None:
        raise MunicipalityNotFound(f"no municipality has the code {code!r}", code=code)
    return municipality


async def require_known(session: AsyncSession, *, code: str | None, field: str) -> None:
    """Raise ``UnknownReference`` on ``field`` unless ``code`` is ``None`` or a municipality."""
    if code is not None and await session.get(Municipality, code) is None:
        raise UnknownReference(f"no municipality has the code {code!r}", field=field)


async def create(session: AsyncSession, *, actor: Actor, data: MunicipalityCreate) -> Municipality:
    """Add a municipality; only platform administrators keep this national list."""
    actor.require_platform_admin()
    if await session.get(Municipality, data.code) is not None:
        raise AlreadyExists(f"municipality {data.code} exists already", field="code")
    municipality = Municipality(**data.model_dump())
    session.add(municipality)
    await session.flush()
    await audit.record(
        session, actor=actor, action="create", entity="municipality", entity_id=data.code
    )
    return municipality


async def update(
    session: AsyncSession, *, actor: Actor, code: str, data: MunicipalityUpdate
) -> Municipality:
    """Change a municipality's names or region."""
    actor.require_platform_admin()
    municipality = await get(session, code=code)
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(municipality, key, value)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="municipality",
        entity_id=code,
        detail={"fields": sorted(data.model_fields_set)},
    )
    return municipality
