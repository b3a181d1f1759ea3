"""Slot search: public callers get times and references, staff also see who would serve."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from access.errors import NotAuthenticated
from api.deps import OptionalActorDep, SessionDep, SettingsDep
from core.dates import Day
from core.languages import LanguageCode
from flows import slots as slot_flows
from scheduling import slots
from scheduling.models import Channel
from scheduling.schemas import MunicipalityCode, SlotPage

router = APIRouter(prefix="/api/v1/slots", tags=["slots"])
MAX_SPAN = f"at most {slots.MAX_DAYS} days in all"


@router.get("", response_model=SlotPage)
async def search_slots(
    session: SessionDep,
    settings: SettingsDep,
    actor: OptionalActorDep,
    service_id: UUID,
    municipality: Annotated[MunicipalityCode, Query(description="Client's home municipality")],
    language: Annotated[LanguageCode, Query(description="Client's language")],
    channel: Channel,
    from_: Annotated[Day, Query(alias="from", description="The first local date searched")],
    to: Annotated[Day, Query(description=f"The last local date searched: from `from`, {MAX_SPAN}")],
    staff_id: UUID | None = None,
) -> SlotPage:
    """Free slots over up to 62 days; each says whether it is in the client's own language."""
    if staff_id is not None and actor is None:
        raise NotAuthenticated("only staff may search one staff member's slots")
    query = slots.SlotQuery(
        service_id=service_id,
        municipality_code=municipality,
        language=language,
        channel=channel.value,
        first=from_,
        last=to,
        staff_id=staff_id,
    )
    return await slot_flows.search(
        session, query=query, settings=settings, for_staff=actor is not None
    )
