"""Letters as the console gets them: ask for a batch (202), let the printing job run (as the
worker or the in-process runner would, after the commit), follow the batch to its download."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from outreach import jobs


async def printed(
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    campaign_id: str,
    headers: dict[str, str],
) -> httpx.Response:
    """The PDF download of the campaign's letters not yet printed."""
    asked = await client.post(f"/api/v1/campaigns/{campaign_id}/letters", headers=headers)
    assert asked.status_code == 202, asked.text
    assert asked.json()["status"] == "queued" and asked.json()["download"] is None
    await jobs.print_letters({"sessions": sessions, "settings": settings})
    state = await client.get(
        f"/api/v1/campaigns/{campaign_id}/letters/{asked.json()['id']}", headers=headers
    )
    assert state.status_code == 200 and state.json()["status"] == "ready", state.text
    download = await client.get(state.json()["download"], headers=headers)
    assert download.status_code == 200, download.text
    return download
