"""Real Neuvo servers (``neuvo serve`` subprocesses on loopback) over one database, with the
rooms of ``world`` in it, for aiortc peers and Chromium to meet in."""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import core.db
import migrations
from tests.conftest import (
    TEST_SECRET,
    create_postgres_database,
    drop_postgres_database,
    postgres_admin_url,
)
from tests.e2e.conftest import _free_port
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
    """Start ``neuvo serve`` on a free port; return the process and its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url,
        NEUVO_ENV="test",
        SECRET_KEY=TEST_SECRET,
        NEUVO_BASE_URL=base,
        # The "second" room starts in two hours: open it now, but not the one in three days.
        NEUVO_ROOM_OPEN_MINUTES="180",
        **env_extra,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    process = subprocess.Popen(
        [str(BIN / "neuvo"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"the server did not start: {process.stderr.read().decode()[-2000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


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
