"""Organisations of the network: a directory for staff, created by platform administrators."""

from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from api import limits
from api.deps import ActorDep, SessionDep
from scheduling import logos, organisations
from scheduling.errors import InvalidValue, LogoNotFound
from scheduling.schemas import OrganisationCreate, OrganisationRead, OrganisationUpdate

router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"])


@router.get("", response_model=list[OrganisationRead])
async def list_organisations(actor: ActorDep, session: SessionDep) -> list[OrganisationRead]:
    return [OrganisationRead.model_validate(o) for o in await organisations.list_all(session)]


@router.get("/{organisation_id}", response_model=OrganisationRead)
async def get_organisation(
    organisation_id: UUID, actor: ActorDep, session: SessionDep
) -> OrganisationRead:
    organisation = await organisations.get(session, organisation_id=organisation_id)
    return OrganisationRead.model_validate(organisation)


@router.post("", response_model=OrganisationRead, status_code=status.HTTP_201_CREATED)
async def create_organisation(
    body: OrganisationCreate, actor: ActorDep, session: SessionDep
) -> OrganisationRead:
    organisation = await organisations.create(session, actor=actor, data=body)
    return OrganisationRead.model_validate(organisation)


@router.patch("/{organisation_id}", response_model=OrganisationRead)
async def update_organisation(
    organisation_id: UUID, body: OrganisationUpdate, actor: ActorDep, session: SessionDep
) -> OrganisationRead:
    organisation = await organisations.update(
        session, actor=actor, organisation_id=organisation_id, data=body
    )
    return OrganisationRead.model_validate(organisation)


@router.get("/{organisation_id}/logo", response_class=Response)
async def get_logo(organisation_id: UUID, actor: ActorDep, session: SessionDep) -> Response:
    """The logo printed on the organisation's letters (a PNG Neuvo made), or 404."""
    await organisations.get(session, organisation_id=organisation_id)
    png = await logos.png(session, organisation_id=organisation_id)
    if png is None:
        raise LogoNotFound("the organisation has no logo", field="logo")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-cache"})


@router.put("/{organisation_id}/logo", response_model=OrganisationRead)
async def put_logo(
    organisation_id: UUID, request: Request, actor: ActorDep, session: SessionDep
) -> OrganisationRead:
    """Set the logo for letters: the PNG or JPEG file itself is the body."""
    data = await limits.read_upload(request, limit=logos.MAX_BYTES, refused=_too_large)
    organisation = await logos.put(session, actor=actor, organisation_id=organisation_id, data=data)
    return OrganisationRead.model_validate(organisation)


@router.delete("/{organisation_id}/logo", response_model=OrganisationRead)
async def delete_logo(
    organisation_id: UUID, actor: ActorDep, session: SessionDep
) -> OrganisationRead:
    """Print the organisation's letters without a logo."""
    organisation = await logos.remove(session, actor=actor, organisation_id=organisation_id)
    return OrganisationRead.model_validate(organisation)


def _too_large() -> InvalidValue:
    return InvalidValue(f"the file is larger than {logos.MAX_BYTES} bytes", field="logo")
