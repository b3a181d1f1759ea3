"""Services: a public catalogue, each kept by the admins of the organisation that owns it."""

from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, status

from api.deps import ActorDep, SessionDep, SettingsDep
from core import clock, phones
from core.config import Settings
from scheduling import agreements, municipalities, organisations, services
from scheduling.schemas import ServiceCreate, ServiceRead, ServiceUpdate

router = APIRouter(prefix="/api/v1/services", tags=["services"])


@router.get("", response_model=list[ServiceRead])
async def list_services(
    session: SessionDep,
    settings: SettingsDep,
    organisation_id: UUID | None = None,
    include_inactive: bool = False,
    municipality: str | None = None,
) -> list[ServiceRead]:
    """The services clients are offered: active, and covered by an agreement within their
    horizon; ``include_inactive`` lists every one, each saying whether it is ``bookable``;
    ``municipality`` (a code): only those an agreement gives that municipality's residents."""
    bookable = await _bookable(session, settings)
    reaching = bookable
    if municipality is not None:
        await municipalities.require_known(session, code=municipality, field="municipality")
        reaching = await _bookable(session, settings, municipality_code=municipality)
    found = [
        service
        for service in await services.list_all(
            session, organisation_id=organisation_id, active_only=not include_inactive
        )
        if (include_inactive and municipality is None) or service.id in reaching
    ]
    # Whose each is: two organisations may both offer "Guidance and advice".
    owners = {owner.id: owner for owner in await organisations.list_all(session)}
    return [
        ServiceRead.model_validate(service).model_copy(
            update={
                "organisation_name": owners[service.organisation_id].name,
                "organisation_municipality": owners[service.organisation_id].municipality_code,
                "bookable": service.id in bookable,
                # The number a client calls when no time suits: shown and read out.
                "organisation_phone": owners[service.organisation_id].phone_e164,
                "organisation_phone_label": _label(owners[service.organisation_id].phone_e164),
            }
        )
        for service in found
    ]


async def _bookable(
    session: SessionDep, settings: Settings, municipality_code: str | None = None
) -> set[UUID]:
    today = clock.now().astimezone(ZoneInfo(settings.timezone)).date()
    return await agreements.bookable_services(
        session, on=today, municipality_code=municipality_code
    )


async def _read(session: SessionDep, settings: Settings, service: object) -> ServiceRead:
    read = ServiceRead.model_validate(service)
    return read.model_copy(update={"bookable": read.id in await _bookable(session, settings)})


def _label(phone_e164: str | None) -> str | None:
    return phones.national(phone_e164) if phone_e164 else None


@router.get("/{service_id}", response_model=ServiceRead)
async def get_service(service_id: UUID, session: SessionDep, settings: SettingsDep) -> ServiceRead:
    return await _read(session, settings, await services.get(session, service_id=service_id))


@router.post("", response_model=ServiceRead, status_code=status.HTTP_201_CREATED)
async def create_service(
    body: ServiceCreate, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> ServiceRead:
    service = await services.create(session, actor=actor, data=body)
    return await _read(session, settings, service)


@router.patch("/{service_id}", response_model=ServiceRead)
async def update_service(
    service_id: UUID,
    body: ServiceUpdate,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
) -> ServiceRead:
    service = await services.update(session, actor=actor, service_id=service_id, data=body)
    return await _read(session, settings, service)
