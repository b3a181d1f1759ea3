"""Slot search across the regional network: scheduling's free times, kept only while an
interpreter is free where the advisor does not speak the language, each with a signed
reference to book it and its date and time in the client's language."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.config import Settings
from interpreters.search import JointCheck
from notifications import templates
from scheduling import references, slots
from scheduling.schemas import SlotPage, SlotRead


async def search(
    session: AsyncSession, *, query: slots.SlotQuery, settings: Settings, for_staff: bool
) -> SlotPage:
    """Free slots for ``query``; staff also see which advisors would serve each."""
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
                query.language,
                settings.timezone,
                starts_at=slot.starts_at.astimezone(zone),
                ends_at=slot.ends_at.astimezone(zone),
                slot=references.encode(
                    settings.secret_key,
                    references.SlotRef(
                        query.service_id,
                        query.municipality_code,
                        query.language,
                        query.channel,
                        slot.starts_at,
                        query.staff_id,
                    ),
                ),
                own_language=bool(slot.own_language),
                needs_interpreter=not slot.own_language,
                advisor_ids=list(slot.advisors) if for_staff else None,
            )
            for slot in result.slots
        ],
        reason=result.reason,
    )


def _read(at: datetime, language: str, zone: str, **fields: Any) -> SlotRead:
    """A slot with its date and time in the client's language, as the SMS will write them."""
    said = templates.spoken_when(at, language=language, zone=zone)
    return SlotRead(**fields, day_label=said.day, time_label=said.time, label=said.label)
