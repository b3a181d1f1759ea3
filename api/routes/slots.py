"""Slot search: public callers get times and references, staff also see who would serve."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from access.errors import NotAuthenticated
from api.deps import OptionalActorDep, SessionDep, SettingsDep
from core import clock
from core.dates import Day
from core.languages import LanguageCode
from interpreters.search import JointCheck
from notifications import templates
from scheduling import references, slots
from scheduling.models import Channel
from scheduling.schemas import MunicipalityCode, SlotPage, SlotRead

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
    result = await slots.search(
        session,
        query=query,
        now=clock.now(),
        zone=settings.timezone,
        interpreter_check=JointCheck(),
    )
    zone = ZoneInfo(settings.timezone)
    return SlotPage(
        slots=[
            _read(
                slot.starts_at,
                language,
                settings.timezone,
                starts_at=slot.starts_at.astimezone(zone),
                ends_at=slot.ends_at.astimezone(zone),
                slot=references.encode(
                    settings.secret_key,
                    references.SlotRef(
                        service_id, municipality, language, channel.value, slot.starts_at, staff_id
                    ),
                ),
                own_language=bool(slot.own_language),
                needs_interpreter=not slot.own_language,
                advisor_ids=list(slot.advisors) if actor is not None else None,
            )
            for slot in result.slots
        ],
        reason=result.reason,
    )


def _read(at: datetime, language: str, zone: str, **fields: Any) -> SlotRead:
    """A slot with its date and time in the client's language, as the SMS will write them."""
    said = templates.spoken_when(at, language=language, zone=zone)
    return SlotRead(**fields, day_label=said.day, time_label=said.time, label=said.label)
