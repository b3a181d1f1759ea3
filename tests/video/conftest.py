"""Real Neuvo servers (``neuvo serve`` subprocesses on loopback) over one database, with the
rooms of ``world`` in it, for aiortc peers and Chromium to meet in."""

import asyncio
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import core.db
import migrations
from tests.conftest import (
    TEST_SECRET,
    create_postgres_database,
    drop_postgres_database,
    postgres_admin_url,
)
from tests.e2e import conftest as e2e
from tests.video import world

BIN = Path(sys.executable).parent


@dataclass
class Site:
    base: str
    world: world.World
    database_url: str

    @property
    def ws_base(self) -> str:
        return "ws" + self.base.removeprefix("http")


def start_server(database_url: str, *, redis_url: str | None = None, **env_extra: str):
    """A Neuvo server over the rooms' database; return the process and its base URL."""
    if redis_url:
        env_extra["REDIS_URL"] = redis_url
    return e2e.start_server(
        DATABASE_URL=database_url,
        NEUVO_ENV="test",
        SECRET_KEY=TEST_SECRET,
        # The "second" room starts in two hours: open it now, but not the one in three days.
        NEUVO_ROOM_OPEN_MINUTES="180",
        **env_extra,
    )


stop_server = e2e.stop_server


@pytest.fixture(scope="module")
async def room_database(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A database of its own (PostgreSQL when there is one), migrated, with the world in it."""
    admin = postgres_admin_url()
    if admin is not None:
        url = await create_postgres_database(admin)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('rooms') / 'neuvo.db'}"
    try:
        await asyncio.to_thread(migrations.upgrade, url)
        yield url
    finally:
        if admin is not None:
            await drop_postgres_database(admin, url)


@pytest.fixture(scope="module")
async def built(room_database: str) -> world.World:
    engine = core.db.create_engine(room_database, pool_size=1)
    try:
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            return await world.build(session)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def site(room_database: str, built: world.World) -> Iterator[Site]:
    process, base = start_server(room_database)
    try:
        yield Site(base=base, world=built, database_url=room_database)
    finally:
        stop_server(process)
