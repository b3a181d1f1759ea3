"""Staff accounts of the caller's organisation."""

from uuid import UUID

from fastapi import APIRouter, status

from access import staff
from access.schemas import StaffCreate, StaffRead, StaffUpdate
from api.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])


@router.get("", response_model=list[StaffRead])
async def list_staff(
    actor: ActorDep, session: SessionDep, organisation_id: UUID | None = None
) -> list[StaffRead]:
    """The staff of the caller's organisation (platform admins may name another)."""
    found = await staff.list_for(session, actor=actor, organisation_id=organisation_id)
    return [StaffRead.model_validate(view) for view in found]


@router.get("/{staff_id}", response_model=StaffRead)
async def get_staff(staff_id: UUID, actor: ActorDep, session: SessionDep) -> StaffRead:
    return StaffRead.model_validate(await staff.get(session, actor=actor, staff_id=staff_id))


@router.post("", response_model=StaffRead, status_code=status.HTTP_201_CREATED)
async def create_staff(body: StaffCreate, actor: ActorDep, session: SessionDep) -> StaffRead:
    view = await staff.create(session, actor=actor, data=body)
    return StaffRead.model_validate(view)


@router.patch("/{staff_id}", response_model=StaffRead)
async def update_staff(
    staff_id: UUID, body: StaffUpdate, actor: ActorDep, session: SessionDep
) -> StaffRead:
    view = await staff.update(session, actor=actor, staff_id=staff_id, data=body)
    return StaffRead.model_validate(view)
