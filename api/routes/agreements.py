"""Cooperation agreements of the caller's organisation (admins)."""

from uuid import UUID

from fastapi import APIRouter, Response, status

from access.models import Role
from api.deps import ActorDep, SessionDep
from scheduling import agreements
from scheduling.schemas import AgreementCreate, AgreementRead, AgreementUpdate

router = APIRouter(prefix="/api/v1/agreements", tags=["agreements"])


@router.get("", response_model=list[AgreementRead])
async def list_agreements(actor: ActorDep, session: SessionDep) -> list[AgreementRead]:
    actor.require(Role.ADMIN)
    return [
        AgreementRead.model_validate(a) for a in await agreements.list_for(session, actor=actor)
    ]


@router.get("/{agreement_id}", response_model=AgreementRead)
async def get_agreement(agreement_id: UUID, actor: ActorDep, session: SessionDep) -> AgreementRead:
    actor.require(Role.ADMIN)
    view = await agreements.get(session, actor=actor, agreement_id=agreement_id)
    return AgreementRead.model_validate(view)


@router.post("", response_model=AgreementRead, status_code=status.HTTP_201_CREATED)
async def create_agreement(
    body: AgreementCreate, actor: ActorDep, session: SessionDep
) -> AgreementRead:
    view = await agreements.create(session, actor=actor, data=body)
    return AgreementRead.model_validate(view)


@router.patch("/{agreement_id}", response_model=AgreementRead)
async def update_agreement(
    agreement_id: UUID, body: AgreementUpdate, actor: ActorDep, session: SessionDep
) -> AgreementRead:
    view = await agreements.update(session, actor=actor, agreement_id=agreement_id, data=body)
    return AgreementRead.model_validate(view)


@router.delete("/{agreement_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_agreement(agreement_id: UUID, actor: ActorDep, session: SessionDep) -> Response:
    await agreements.remove(session, actor=actor, agreement_id=agreement_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
