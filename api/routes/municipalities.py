"""Municipalities: public to read, kept by platform administrators."""

from typing import Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, status

from api.deps import ActorDep, SessionDep, SettingsDep
from core import clock
from scheduling import municipalities, places
from scheduling.models import Municipality
from scheduling.schemas import (
    MunicipalityCreate,
    MunicipalityRead,
    MunicipalityUpdate,
    PlaceRead,
)

router = APIRouter(prefix="/api/v1/municipalities", tags=["municipalities"])


@router.get("", response_model=list[PlaceRead])
async def list_municipalities(
    session: SessionDep,
    settings: SettingsDep,
    order: Literal["name", "likely"] = "name",
    lang: Literal["fi", "sv"] = "fi",
) -> list[PlaceRead]:
    """Every municipality with its official code and names in Finnish and Swedish, by Finnish
    name; ``order=likely``: where a client likely lives first (the serving organisations'
    homes, then the places agreements cover, then the rest by name in ``lang``)."""
    if order == "name":
        return [_read(m) for m in await municipalities.list_all(session)]
    today = clock.now().astimezone(ZoneInfo(settings.timezone)).date()
    return [
        _read(place.municipality).model_copy(update={"home": place.home, "reach": place.reach})
        for place in await places.likely(session, on=today, lang=lang)
    ]


def _read(municipality: Municipality) -> PlaceRead:
    found = PlaceRead.model_validate(municipality)
    return found.model_copy(update={"language": places.name_language(found.code)})


@router.get("/{code}", response_model=MunicipalityRead)
async def get_municipality(code: str, session: SessionDep) -> MunicipalityRead:
    return _read(await municipalities.get(session, code=code))


@router.post("", response_model=MunicipalityRead, status_code=status.HTTP_201_CREATED)
async def create_municipality(
    body: MunicipalityCreate, actor: ActorDep, session: SessionDep
) -> MunicipalityRead:
    municipality = await municipalities.create(session, actor=actor, data=body)
    return _read(municipality)


@router.patch("/{code}", response_model=MunicipalityRead)
async def update_municipality(
    code: str, body: MunicipalityUpdate, actor: ActorDep, session: SessionDep
) -> MunicipalityRead:
    municipality = await municipalities.update(session, actor=actor, code=code, data=body)
    return _read(municipality)
