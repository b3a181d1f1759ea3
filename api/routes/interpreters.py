"""Interpreter and peer-counsellor profiles of staff members, and clients' wishes about them."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import WRITES, ActorDep, SessionDep
from core import clock
from interpreters import profiles, wishes
from interpreters.models import Gender
from interpreters.schemas import ProfileIn, ProfileRead, Qualification, SpokenIn

router = APIRouter(prefix="/api/v1/staff/{staff_id}/interpreter-profile", tags=["interpreters"])


def _read(view: profiles.ProfileView) -> ProfileRead:
    profile = view.profile
    return ProfileRead(
        staff_id=profile.staff_id,
        kind=profile.kind,
        languages=[SpokenIn(language=i.language, dialect=i.dialect) for i in view.languages],
        into_languages=profile.into_languages,
        modes=profile.modes,
        regions=profile.regions,
        qualifications=[Qualification(**item) for item in profile.qualifications],
        gender=profile.gender,
        freelance=profile.freelance,
        phone=profile.phone_e164,
        updated_at=profile.updated_at,
    )


@router.get("", response_model=ProfileRead)
async def get_profile(staff_id: UUID, actor: ActorDep, session: SessionDep) -> ProfileRead:
    """The languages, modes and regions of an interpreter or peer counsellor."""
    return _read(await profiles.get(session, actor=actor, staff_id=staff_id))


@router.put("", response_model=ProfileRead)
async def put_profile(
    staff_id: UUID, body: ProfileIn, actor: ActorDep, session: SessionDep
) -> ProfileRead:
    """Set the profile (the person themselves, or an admin of their organisation)."""
    view = await profiles.put(session, actor=actor, staff_id=staff_id, data=body, now=clock.now())
    return _read(view)


class WishesBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gender: Gender | None = None  # an interpreter of this gender only
    excluded: Annotated[list[UUID], Field(max_length=50)] = []  # never these interpreters


class Candidate(BaseModel):
    id: UUID
    display_name: str


class WishesRead(WishesBody):
    # Whom the client may exclude: those who speak their language, and those already excluded.
    candidates: list[Candidate] = []


wishes_router = APIRouter(
    prefix="/api/v1/clients/{client_id}/interpreter-wishes", tags=["interpreters"]
)


async def _wishes(session: SessionDep, client_id: UUID, found: wishes.Wishes) -> WishesRead:
    # After wishes.read or wishes.put, which check the actor may see the client.
    people = await wishes.candidates(session, client_id=client_id, wished=found)
    return WishesRead(
        gender=found.gender,
        excluded=sorted(found.excluded, key=str),
        candidates=[Candidate(id=p.id, display_name=p.display_name) for p in people],
    )


@wishes_router.get("", response_model=WishesRead, dependencies=[WRITES])
async def get_wishes(client_id: UUID, actor: ActorDep, session: SessionDep) -> WishesRead:
    """The client's wishes about interpreters, and whom they may exclude."""
    found = await wishes.read(session, actor=actor, client_id=client_id)
    answer = await _wishes(session, client_id, found)
    return answer


@wishes_router.put("", response_model=WishesRead)
async def put_wishes(
    client_id: UUID, body: WishesBody, actor: ActorDep, session: SessionDep
) -> WishesRead:
    """Set the client's wishes; every later offer honours them."""
    found = await wishes.put(
        session, actor=actor, client_id=client_id, gender=body.gender, excluded=body.excluded
    )
    answer = await _wishes(session, client_id, found)
    return answer
