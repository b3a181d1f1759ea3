"""The clients' answers after their sessions, counted for the organisation's admins."""

from uuid import UUID

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from scheduling import feedback
from scheduling.schemas import FeedbackCountRow

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])


@router.get("/counts", response_model=list[FeedbackCountRow])
async def feedback_counts(
    actor: ActorDep, session: SessionDep, organisation_id: UUID | None = None
) -> list[FeedbackCountRow]:
    """Per service, language and channel: how many answered with each face (the caller's
    organisation unless ``organisation_id``; counts from 1 to 4 are "<5" outside it)."""
    rows = await feedback.counts(session, actor=actor, organisation_id=organisation_id)
    return [FeedbackCountRow.model_validate(row) for row in rows]
