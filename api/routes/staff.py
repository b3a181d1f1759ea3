"""Staff accounts of the caller's organisation."""

from uuid import UUID

from fastapi import APIRouter, status

from access import staff
from access.schemas import StaffCreate, StaffInvite, StaffRead, StaffUpdate
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep
from flows import staff as staff_flows

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


@router.post("/invitations", response_model=StaffRead, status_code=status.HTTP_201_CREATED)
async def invite_staff(
    body: StaffInvite, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> StaffRead:
    """Add a staff member and e-mail them a one-time link to set their password (it expires
    after ``NEUVO_INVITATION_DAYS``); with ``recording_languages``, the languages they record."""
    done = await staff_flows.invite(uow.session, actor=actor, data=body, settings=settings)
    return StaffRead.model_validate(uow.after(done))


@router.post("/{staff_id}/invitation", response_model=StaffRead)
async def resend_invitation(
    staff_id: UUID, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> StaffRead:
    """Send the invitation again with a new link (the earlier one stops working), to someone
    who has not set a password yet."""
    done = await staff_flows.resend_invitation(
        uow.session, actor=actor, staff_id=staff_id, settings=settings
    )
    return StaffRead.model_validate(uow.after(done))
