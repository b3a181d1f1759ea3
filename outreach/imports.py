"""Importing a register file into a campaign: every good row becomes a newcomer with a
personal link; every bad one is reported by line and reason and left out. A file refused as a
whole (encoding, columns, size) imports nothing. A person already in the campaign, or who
asked not to be contacted, is never imported again, so importing a file twice adds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from uuid import uuid4

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core import tokens
from core.models import new_row
from outreach import links, records
from outreach.models import Campaign, DoNotContact, Newcomer
from scheduling.models import Municipality

CHUNK = 1000
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Report:
    imported: int = 0
    rejected: list[records.Rejected] = field(default_factory=list)
    rows: int = 0


async def run(
    session: AsyncSession,
    *,
    campaign: Campaign,
    data: bytes,
    file_format: records.FileFormat = records.DEFAULT,
    secret: str,
    today: date,
    progress: Progress | None = None,
    max_bytes: int = records.MAX_BYTES,
) -> Report:
    """Import ``data`` into ``campaign``; return how many rows were imported and which not."""
    text = records.decode(data, file_format, max_bytes=max_bytes)
    raw_rows = list(records.rows(text, file_format))  # a bad header refuses the whole file
    municipalities = frozenset(await session.scalars(select(Municipality.code)))
    seen = await _known_keys(session, campaign)
    refused = frozenset(
        await session.scalars(
            select(DoNotContact.person_key).where(
                DoNotContact.organisation_id == campaign.organisation_id
            )
        )
    )
    report = Report(rows=len(raw_rows))
    first_line: dict[str, int] = {}
    pending: list[dict[str, object]] = []
    await core.db.flush_pending(session)
    connection = await session.connection()
    for done, (line, raw) in enumerate(raw_rows, start=1):
        checked = records.check(
            line,
            raw,
            municipalities=municipalities,
            campaign_municipalities=frozenset(campaign.municipality_codes),
            today=today,
            date_format=file_format.date_format,
        )
        if isinstance(checked, records.Rejected):
            report.rejected.append(checked)
        else:
            key = records.person_key(secret, checked)
            reason = _repeat(key, seen=seen, refused=refused, first_line=first_line)
            if reason:
                report.rejected.append(records.Rejected(line, reason))
            else:
                first_line[key] = line
                pending.append(_row(campaign, checked, key, secret))
        if len(pending) >= CHUNK:
            await connection.execute(insert(Newcomer), pending)
            report.imported += len(pending)
            pending = []
        if progress is not None and (done % 250 == 0 or done == len(raw_rows)):
            progress(done, len(raw_rows))
    if pending:
        await connection.execute(insert(Newcomer), pending)
        report.imported += len(pending)
    return report


async def _known_keys(session: AsyncSession, campaign: Campaign) -> frozenset[str]:
    return frozenset(
        await session.scalars(
            select(Newcomer.person_key).where(Newcomer.campaign_id == campaign.id)
        )
    )


def _repeat(
    key: str, *, seen: frozenset[str], refused: frozenset[str], first_line: dict[str, int]
) -> str | None:
    if key in refused:
        return "the person asked not to be contacted"
    if key in seen:
        return "the person is already imported in this campaign"
    if key in first_line:
        return f"the same person as on line {first_line[key]}"
    return None


def _row(campaign: Campaign, row: records.Row, key: str, secret: str) -> dict[str, object]:
    newcomer_id = uuid4()
    salt = tokens.new_salt()
    return new_row(
        Newcomer,
        id=newcomer_id,
        campaign_id=campaign.id,
        person_key=key,
        source_line=row.line,
        first_names=row.first_names,
        last_name=row.last_name,
        street_address=row.street_address,
        postcode=row.postcode,
        post_office=row.post_office,
        phone_e164=row.phone_e164,
        email=row.email,
        municipality_code=row.municipality_code,
        language=row.language,
        citizenship=row.citizenship,
        moving_date=row.moving_date,
        link_salt=salt,
        token_hash=links.token_hash(secret, newcomer_id=newcomer_id, salt=salt),
    )
