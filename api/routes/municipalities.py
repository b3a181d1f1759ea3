"""Municipalities: public to read, kept by platform administrators."""

from fastapi import APIRouter, status

from api.deps import ActorDep, SessionDep
from scheduling import municipalities
from scheduling.schemas import MunicipalityCreate, MunicipalityRead, MunicipalityUpdate

router = APIRouter(prefix="/api/v1/municipalities", tags=["municipalities"])


@router.get("", response_model=list[MunicipalityRead])
async def list_municipalities(session: SessionDep) -> list[MunicipalityRead]:
    """Every municipality with its official code and names in Finnish and Swedish."""
    return [MunicipalityRead.model_validate(m) for m in await municipalities.list_all(session)]


@router.get("/{code}", response_model=MunicipalityRead)
async def get_municipality(code: str, session: SessionDep) -> MunicipalityRead:
    return MunicipalityRead.model_validate(await municipalities.get(session, code=code))


@router.post("", response_model=MunicipalityRead, status_code=status.HTTP_201_CREATED)
async def create_municipality(
    body: MunicipalityCreate, actor: ActorDep, session: SessionDep
) -> MunicipalityRead:
    municipality = await municipalities.create(session, actor=actor, data=body)
    return MunicipalityRead.model_validate(municipality)


@router.patch("/{code}", response_model=MunicipalityRead)
async def update_municipality(
    code: str, body: MunicipalityUpdate, actor: ActorDep, session: SessionDep
) -> MunicipalityRead:
    municipality = await municipalities.update(session, actor=actor, code=code, data=body)
    return MunicipalityRead.model_validate(municipality)
