"""Cooperation agreements: which organisation serves the residents of which municipality,
for which services, and from when until when."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.errors import OrganisationNotFound
from access.models import Role
from scheduling import municipalities
from scheduling.errors import (
    AgreementNotFound,
    AgreementOverlaps,
    InvalidValue,
    UnknownReference,
)
from scheduling.models import Agreement, AgreementService, Organisation, Service
from scheduling.schemas import AgreementCreate, AgreementUpdate


@dataclass(frozen=True, slots=True)
class AgreementView:
    """An agreement together with the services it covers."""

    agreement: Agreement
    service_ids: list[UUID]

    def __getattr__(self, name: str) -> object:
        return getattr(self.agreement, name)


async def _view(session: AsyncSession, agreement: Agreement) -> AgreementView:
    ids = await session.scalars(
        select(AgreementService.service_id)
        .where(AgreementService.agreement_id == agreement.id)
        .order_by(AgreementService.service_id)
    )
    return AgreementView(agreement=agreement, service_ids=list(ids))


async def list_for(session: AsyncSession, *, actor: Actor) -> list[AgreementView]:
    """Return the agreements of the actor's organisation (all of them for a platform admin)."""
    query = select(Agreement).order_by(Agreement.municipality_code, Agreement.valid_from)
    if not actor.is_platform_admin:
        query = query.where(Agreement.organisation_id == actor.organisation_id)
    return [await _view(session, agreement) for agreement in await session.scalars(query)]


async def get(session: AsyncSession, *, actor: Actor, agreement_id: UUID) -> AgreementView:
    """Return one agreement of the actor's organisation."""
    agreement = await session.get(Agreement, agreement_id)
    if agreement is None or not actor.sees(agreement.organisation_id):
        raise AgreementNotFound("no such agreement", agreement_id=agreement_id)
    return await _view(session, agreement)


async def _set_services(session: AsyncSession, *, agreement_id: UUID, ids: list[UUID]) -> None:
    wanted = list(dict.fromkeys(ids))
    found = set(await session.scalars(select(Service.id).where(Service.id.in_(wanted))))
    missing = [str(service_id) for service_id in wanted if service_id not in found]
    if missing:
        raise UnknownReference(f"no such service: {', '.join(missing)}", field="service_ids")
    await session.execute(
        delete(AgreementService).where(AgreementService.agreement_id == agreement_id)
    )
    session.add_all(AgreementService(agreement_id=agreement_id, service_id=s) for s in wanted)
    await session.flush()


def _ordered(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise InvalidValue("the agreement ends before it starts", field="valid_to")


async def _require_no_overlap(
    session: AsyncSession,
    *,
    organisation_id: UUID,
    municipality_code: str,
    service_ids: list[UUID],
    valid_from: date,
    valid_to: date | None,
    field: str,
    other_than: UUID | None = None,
) -> None:
    """Refuse days on which another agreement of the organisation already gives one of these
    services to the municipality's residents (two organisations may both serve it)."""
    query = (
        select(Agreement.valid_from, Agreement.valid_to)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.municipality_code == municipality_code,
            AgreementService.service_id.in_(service_ids),
            or_(Agreement.valid_to.is_(None), Agreement.valid_to >= valid_from),
        )
        .order_by(Agreement.valid_from)
    )
    if valid_to is not None:
        query = query.where(Agreement.valid_from <= valid_to)
    if other_than is not None:
        query = query.where(Agreement.id != other_than)
    found = (await session.execute(query)).first()
    if found is not None:
        until = found.valid_to.isoformat() if found.valid_to else "further notice"
        raise AgreementOverlaps(
            f"another agreement gives this service to {municipality_code} from "
            f"{found.valid_from.isoformat()} until {until}",
            field=field,
        )


async def create(session: AsyncSession, *, actor: Actor, data: AgreementCreate) -> AgreementView:
    """Record that an organisation serves a municipality's residents for some services."""
    actor.require(Role.ADMIN)
    organisation_id = data.organisation_id or actor.organisation_id
    hidden = OrganisationNotFound("no such organisation", field="organisation_id")
    actor.require_manager(organisation_id, hidden=hidden)
    if await session.get(Organisation, organisation_id) is None:
        raise hidden
    await municipalities.require_known(
        session, code=data.municipality_code, field="municipality_code"
    )
    _ordered(data.valid_from, data.valid_to)
    await _require_no_overlap(
        session,
        organisation_id=organisation_id,
        municipality_code=data.municipality_code,
        service_ids=data.service_ids,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        field="municipality_code",
    )
    agreement = Agreement(
        organisation_id=organisation_id,
        municipality_code=data.municipality_code,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        note=data.note,
    )
    session.add(agreement)
    await session.flush()
    await _set_services(session, agreement_id=agreement.id, ids=data.service_ids)
    await audit.record(
        session, actor=actor, action="create", entity="agreement", entity_id=agreement.id
    )
    return await _view(session, agreement)


async def update(
    session: AsyncSession, *, actor: Actor, agreement_id: UUID, data: AgreementUpdate
) -> AgreementView:
    """Change an agreement's services, dates or note; the dates must stay in order."""
    view = await get(session, actor=actor, agreement_id=agreement_id)
    agreement = view.agreement
    actor.require_manager(agreement.organisation_id, hidden=AgreementNotFound("no such agreement"))
    changes = data.model_dump(exclude_unset=True)
    valid_from = changes.get("valid_from") or agreement.valid_from
    valid_to = changes.get("valid_to", agreement.valid_to)
    _ordered(valid_from, valid_to)
    await _require_no_overlap(
        session,
        organisation_id=agreement.organisation_id,
        municipality_code=agreement.municipality_code,
        service_ids=data.service_ids if data.service_ids is not None else view.service_ids,
        valid_from=valid_from,
        valid_to=valid_to,
        field="valid_from",
        other_than=agreement.id,
    )
    agreement.valid_from, agreement.valid_to = valid_from, valid_to
    if "note" in changes:
        agreement.note = changes["note"]
    if data.service_ids is not None:
        await _set_services(session, agreement_id=agreement.id, ids=data.service_ids)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="agreement",
        entity_id=agreement_id,
        detail={"fields": sorted(changes)},
    )
    return await _view(session, agreement)


async def remove(session: AsyncSession, *, actor: Actor, agreement_id: UUID) -> None:
    """Delete an agreement (ending it with ``valid_to`` keeps its history; prefer that)."""
    view = await get(session, actor=actor, agreement_id=agreement_id)
    actor.require_manager(
        view.agreement.organisation_id, hidden=AgreementNotFound("no such agreement")
    )
    await session.delete(view.agreement)
    await session.flush()
    await audit.record(
        session, actor=actor, action="delete", entity="agreement", entity_id=agreement_id
    )


async def bookable_services(
    session: AsyncSession, *, on: date, municipality_code: str | None = None
) -> set[UUID]:
    """Return the active services some agreement covers on a day within their horizon from
    ``on`` (the services a client can be offered); with ``municipality_code``, only those an
    agreement gives that municipality's residents."""
    covered = await coverage(session, on=on, municipality_code=municipality_code)
    return {service_id for ids in covered.values() for service_id in ids}


async def coverage(
    session: AsyncSession, *, on: date, municipality_code: str | None = None
) -> dict[str, set[UUID]]:
    """Municipality code → the active services an agreement gives its residents on a day
    within the service's horizon from ``on``."""
    query = (
        select(Agreement.municipality_code, Service.id, Service.horizon_days, Agreement.valid_from)
        .join(AgreementService, AgreementService.service_id == Service.id)
        .join(Agreement, Agreement.id == AgreementService.agreement_id)
        .where(
            Service.active.is_(True),
            or_(Agreement.valid_to.is_(None), Agreement.valid_to >= on),
        )
    )
    if municipality_code is not None:
        query = query.where(Agreement.municipality_code == municipality_code)
    found: dict[str, set[UUID]] = {}
    for code, service_id, horizon, valid_from in await session.execute(query):
        if (valid_from - on).days <= horizon:
            found.setdefault(code, set()).add(service_id)
    return found


async def serving_organisations(
    session: AsyncSession, *, municipality_code: str, service_id: UUID, on: date
) -> list[UUID]:
    """Return the organisations whose agreement covers the municipality and service on ``on``."""
    query = (
        select(Agreement.organisation_id)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .where(
            Agreement.municipality_code == municipality_code,
            AgreementService.service_id == service_id,
            Agreement.valid_from <= on,
            or_(Agreement.valid_to.is_(None), Agreement.valid_to >= on),
        )
        .distinct()
    )
    return list(await session.scalars(query))
