"""Interpreter and peer-counsellor profiles of staff members."""

from uuid import UUID

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from core import clock
from interpreters import profiles
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
