"""Municipalities: national reference data, keyed by official code: the official list loaded
from Statistics Finland's classification (``load``), kept by platform admins."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from scheduling.classification import Entry
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


@dataclass
class Loaded:
    """What ``load`` did: codes added and updated, how many were right already, and the codes
    the database has that the list has not (merged away: reported, never deleted)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    gone: list[str] = field(default_factory=list)


async def load(session: AsyncSession, entries: Iterable[Entry], *, only: bool = False) -> Loaded:
    """Bring the table to ``entries`` (a year's classification): add the municipalities missing,
    update the names and regions of the codes there; no code is deleted, since agreements,
    clients and organisations name them. With ``only``, ``gone`` stays empty (a part of the
    list was given, as the demo does). Flushes; the caller commits."""
    found = {m.code: m for m in await session.scalars(select(Municipality))}
    done = Loaded()
    listed = set()
    for entry in entries:
        listed.add(entry.code)
        values = {
            "name_fi": entry.name_fi,
            "name_sv": entry.name_sv,
            "region": entry.region_fi,
            "region_code": entry.region_code,
            "region_sv": entry.region_sv,
        }
        row = found.get(entry.code)
        if row is None:
            session.add(Municipality(code=entry.code, **values))
            done.added.append(entry.code)
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            done.updated.append(entry.code)
        else:
            done.unchanged += 1
    if not only:
        done.gone = sorted(set(found) - listed)
    await session.flush()
    return done
