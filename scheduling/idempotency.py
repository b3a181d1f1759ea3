"""``Idempotency-Key``: the same key and body get the first result, also when requests race;
the same key with another body is refused."""

import hashlib
import json
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.errors import IdempotencyKeyReused
from scheduling.models import IdempotencyRecord


def request_hash(body: Any) -> str:
    """A stable hash of a JSON-like request body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def claim(session: AsyncSession, *, scope: str, key: str, body_hash: str) -> UUID | None:
    """Claim ``key`` for this request, or return what the request that claimed it created.

    The claim is a row inserted in the caller's transaction: a concurrent request with the
    same key waits on it (PostgreSQL) or behind it (SQLite's serialised writes), then sees
    the committed row. If the first request fails, its claim rolls back with it.
    """
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    inserted = await session.execute(
        dialect.insert(IdempotencyRecord)
        .values(scope=scope, key=key, request_hash=body_hash)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(IdempotencyRecord.key)
    )
    if inserted.first() is not None:
        return None
    record = (
        await session.execute(
            select(IdempotencyRecord.request_hash, IdempotencyRecord.resource_id).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
            )
        )
    ).one()
    if record.request_hash != body_hash:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with another request body", field="Idempotency-Key"
        )
    assert record.resource_id is not None
    return record.resource_id


async def complete(session: AsyncSession, *, scope: str, key: str, resource_id: UUID) -> None:
    """Record what the claimed request created (in the same transaction as the claim)."""
    record = await session.get(IdempotencyRecord, (scope, key))
    assert record is not None
    record.resource_id = resource_id
    await session.flush()
