"""Organisations of the network: a directory for staff, created by platform administrators."""

from uuid import UUID

from fastapi import APIRouter, status

from api.deps import ActorDep, SessionDep
from scheduling import organisations
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
