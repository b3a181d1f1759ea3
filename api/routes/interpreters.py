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
    await session.commit()
    return _read(view)


class WishesBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gender: Gender | None = None  # an interpreter of this gender only
    excluded: Annotated[list[UUID], Field(max_length=50)] = []  # never these interpreters


wishes_router = APIRouter(
    prefix="/api/v1/clients/{client_id}/interpreter-wishes", tags=["interpreters"]
)


def _wishes(found: wishes.Wishes) -> WishesBody:
    return WishesBody(gender=found.gender, excluded=sorted(found.excluded, key=str))


@wishes_router.get("", response_model=WishesBody, dependencies=[WRITES])
async def get_wishes(client_id: UUID, actor: ActorDep, session: SessionDep) -> WishesBody:
    """The client's wishes about interpreters."""
    found = await wishes.read(session, actor=actor, client_id=client_id)
    await session.commit()  # the audit event
    return _wishes(found)


@wishes_router.put("", response_model=WishesBody)
async def put_wishes(
    client_id: UUID, body: WishesBody, actor: ActorDep, session: SessionDep
) -> WishesBody:
    """Set the client's wishes; every later offer honours them."""
    found = await wishes.put(
        session, actor=actor, client_id=client_id, gender=body.gender, excluded=body.excluded
    )
    await session.commit()
    return _wishes(found)
