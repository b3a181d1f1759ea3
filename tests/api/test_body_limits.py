"""Request bodies are limited before they are read: small by default, larger only where a file
is expected; too large is a 413 problem, and nothing is stored."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api import limits
from scheduling.models import Booking
from speech.models import Recording
from tests.api.conftest import World


async def test_a_body_past_the_default_limit_is_413_and_books_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    padding = "x" * (limits.DEFAULT + 1)
    answer = await client.post(
        "/api/v1/bookings", json={"slot": padding, "client": {"preferred_language": "fi"}}
    )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert await session.scalar(select(func.count()).select_from(Booking)) == 0


async def test_a_recording_past_its_limit_is_413_and_kept_nowhere(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await client.put(
        f"/api/v1/speech/recorders/{world.advisor.id}",
        json={"languages": ["so"]},
        headers=world.admin.headers,
    )
    answer = await client.post(
        "/api/v1/speech/so/prompt/choose_language",
        content=b"\0" * (limits.RECORDING + 1),
        headers=world.advisor.headers,
    )
    assert answer.status_code == 413, answer.text
    assert await session.scalar(select(func.count()).select_from(Recording)) == 0


async def test_a_register_file_larger_than_the_default_is_still_taken(
    client: httpx.AsyncClient, world: World
) -> None:
    # Only its own route takes more than the default: a 1 MB file reaches the import's checks.
    campaigns = await client.get("/api/v1/campaigns", headers=world.admin.headers)
    assert campaigns.status_code == 200
    answer = await client.post(
        "/api/v1/campaigns/00000000-0000-0000-0000-000000000000/imports",
        files={"file": ("in.csv", b"a" * (1024 * 1024), "text/csv")},
        headers=world.admin.headers,
    )
    assert answer.status_code == 404, answer.text  # no such campaign: read, not refused


def test_each_larger_limit_names_a_route_that_exists(app) -> None:  # type: ignore[no-untyped-def]
    paths = app.openapi()["paths"]
    for method, path, _ in limits.LARGER:
        assert method.lower() in paths.get(path, {}), (method, path)


async def test_a_streamed_body_is_refused_as_it_passes_the_limit(
    client: httpx.AsyncClient,
) -> None:
    async def chunks():  # no Content-Length: counted as it comes
        for _ in range(8):
            yield b" " * (limits.DEFAULT // 4)

    answer = await client.post(
        "/api/v1/bookings", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
