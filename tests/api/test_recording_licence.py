"""A recorder agrees to the installation's stated licence when sending a take: the take keeps
it (a language pack shares only takes with one); another licence is refused."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from speech.models import Recording
from tests.api.conftest import World
from tests.speech.conftest import espeak_wav

TAKE = "/api/v1/speech/so/prompt/choose_language"


async def test_a_take_keeps_the_licence_its_recorder_agreed_to(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    answer = await client.put(
        f"/api/v1/speech/recorders/{world.advisor.id}",
        json={"languages": ["so"]},
        headers=world.admin.headers,
    )
    assert answer.status_code == 200, answer.text
    page = await client.get("/api/v1/speech/so/prompts", headers=world.advisor.headers)
    assert page.json()["licence"] == "CC-BY-4.0"  # what the studio states beside Send

    other = await client.post(
        f"{TAKE}?licence=CC0-1.0", content=espeak_wav(), headers=world.advisor.headers
    )
    assert other.status_code == 422 and "CC-BY-4.0" in other.text
    agreed = await client.post(
        f"{TAKE}?licence=CC-BY-4.0", content=espeak_wav(), headers=world.advisor.headers
    )
    assert agreed.status_code == 201, agreed.text
    silent = await client.post(TAKE, content=espeak_wav(), headers=world.advisor.headers)
    assert silent.status_code == 201
    licences = {take.licence for take in await session.scalars(select(Recording))}
    assert licences == {"CC-BY-4.0", None}  # one agreed, one sent without agreeing
