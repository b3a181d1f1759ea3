"""A staff member's availability: weekly rules, date overrides, absences."""

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Response, status

from api.deps import ActorDep, SessionDep
from scheduling import schedules
from scheduling.schemas import (
    AbsenceIn,
    AbsenceRead,
    AvailabilityRead,
    OverrideIn,
    OverrideRead,
    RuleIn,
    RuleRead,
)

router = APIRouter(prefix="/api/v1/staff/{staff_id}/availability", tags=["availability"])


@router.get("", response_model=AvailabilityRead)
async def get_availability(staff_id: UUID, actor: ActorDep, session: SessionDep):  # type: ignore[no-untyped-def]
    found = await schedules.get(session, actor=actor, staff_id=staff_id)
    return AvailabilityRead(
        rules=[RuleRead.model_validate(rule) for rule in found.rules],
        overrides=[OverrideRead.model_validate(item) for item in found.overrides],
        absences=[AbsenceRead.model_validate(item) for item in found.absences],
    )


@router.put("/rules", response_model=list[RuleRead])
async def replace_rules(
    staff_id: UUID, body: list[RuleIn], actor: ActorDep, session: SessionDep
) -> list[RuleRead]:
    """Replace the weekly rules (local wall times in the rule's or the person's zone)."""
    rows = await schedules.replace_rules(session, actor=actor, staff_id=staff_id, rules=body)
    return [RuleRead.model_validate(row) for row in rows]


@router.post("/overrides", response_model=OverrideRead, status_code=status.HTTP_201_CREATED)
async def add_override(
    staff_id: UUID, body: OverrideIn, actor: ActorDep, session: SessionDep
) -> OverrideRead:
    row = await schedules.add_override(session, actor=actor, staff_id=staff_id, data=body)
    return OverrideRead.model_validate(row)


@router.post("/absences", response_model=AbsenceRead, status_code=status.HTTP_201_CREATED)
async def add_absence(
    staff_id: UUID, body: AbsenceIn, actor: ActorDep, session: SessionDep
) -> AbsenceRead:
    row = await schedules.add_absence(session, actor=actor, staff_id=staff_id, data=body)
    return AbsenceRead.model_validate(row)


@router.delete("/{kind}/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_item(
    staff_id: UUID,
    kind: Literal["overrides", "absences"],
    item_id: UUID,
    actor: ActorDep,
    session: SessionDep,
) -> Response:
    await schedules.remove(session, actor=actor, staff_id=staff_id, kind=kind, item_id=item_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
