"""The audit log: every change by staff, and every time staff look at a client's data."""

from typing import Any
from uuid import UUID

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from access.actors import Actor
from access.models import AuditEvent
from core.models import new_row

_INSERT = insert(AuditEvent)


async def record(
    session: AsyncSession,
    *,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: UUID | str,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit event in the caller's transaction; ``detail`` must hold no personal data."""
    await write(
        session,
        [
            event(
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                client_id=client_id,
                detail=detail,
            )
        ],
    )


def event(
    *,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: UUID | str,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An audit event not written yet (``write`` writes several in one statement)."""
    return new_row(
        AuditEvent,
        actor_staff_id=actor.staff_id if actor else None,
        organisation_id=actor.organisation_id if actor else None,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        client_id=client_id,
        detail=detail or {},
    )


async def write(session: AsyncSession, events: list[dict[str, Any]]) -> None:
    """Write audit events in the caller's transaction, after what they refer to."""
    await core.db.flush_pending(session)  # what the rows refer to is written first
    await (await session.connection()).execute(_INSERT, events)
