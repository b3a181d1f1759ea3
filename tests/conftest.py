"""Shared fixtures: databases built by the real migrations, on SQLite and (when reachable)
PostgreSQL; each test runs in a transaction that is rolled back.

PostgreSQL is used when ``DATABASE_URL`` names it or when it answers on 127.0.0.1:5432;
Redis likewise with ``REDIS_URL`` or 127.0.0.1:6379. With ``NEUVO_REQUIRE_SERVICES=1``
(as CI sets) a missing service fails the run instead of skipping tests.
"""

import asyncio
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import core.db
import migrations
from api.app import create_app
from core import clock
from core.config import Settings
from tests import demo_db
from tests.api import scheduling_world as sw

REQUIRE_SERVICES = os.environ.get("NEUVO_REQUIRE_SERVICES") == "1"
TEST_SECRET = "test-secret-" + "x" * 40


def pytest_configure(config: pytest.Config) -> None:
    """In the run's first process (the pytest-xdist controller, or the only process): a folder
    where the workers share one demo database build (``tests/demo_db.py``)."""
    if not hasattr(config, "workerinput") and not os.environ.get(demo_db.SHARED):
        folder = tempfile.mkdtemp(prefix="neuvo-demo-")
        os.environ[demo_db.SHARED] = folder

        def remove() -> None:
            os.environ.pop(demo_db.SHARED, None)
            shutil.rmtree(folder, ignore_errors=True)

        config.add_cleanup(remove)


# The two longest modules (two minutes each), handed out first: with --dist loadfile a worker
# takes a whole module, and one started last kept a worker busy minutes after the others had
# finished. Only these two: every browser module at once made the machine too busy for them.
LONG_FIRST = (
    "tests/api/test_openapi_fuzz.py",  # schemathesis against a live server
    "tests/e2e/test_client_by_ear_recorded.py",
)


# Browser tests drive Chromium and a server each while three other workers do the same on two
# cores; in clean-clone CI runs about one in three runs had one of them time out (a file chooser,
# a prompt not yet loaded, a round trip). Such a test runs once more, and the run says so
# ("rerun"); a test that fails twice fails the run. The telephony tests are of the same kind:
# real SIP software and sipp phones on loopback, whose audio is timed in real time (once in a
# clean-clone CI run a phone stopped listening before the last goodbye arrived).
BROWSER_TESTS = (
    "tests/e2e/",
    "tests/video/test_room_page.py",
    "tests/notifications/telephony/",
    "tests/notifications/test_janus.py",
    "tests/api/test_bridge",  # test_bridge.py, _registration.py, _interpreter.py
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long modules first (a stable sort: each module's own order stays); let a browser
    test run once more when it fails."""
    for item in items:
        if item.nodeid.startswith(BROWSER_TESTS):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((n for n, prefix in enumerate(LONG_FIRST) if path.startswith(prefix)), 99)

    items.sort(key=rank)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def postgres_admin_url() -> str | None:
    """The URL of a PostgreSQL database we may create test databases from, if there is one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        parsed = make_url(url).set(drivername="postgresql+asyncpg")
        return parsed.render_as_string(hide_password=False)
    if _reachable("127.0.0.1", 5432):
        return "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    return None


def xdist_worker() -> int:
    """The number of this pytest-xdist worker (gw0 is 0), or 0 when the run is not split."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name.removeprefix("gw"))


def redis_url() -> str | None:
    """Redis for the tests: ``REDIS_URL`` or the local server's database 15; under
    pytest-xdist each worker takes a database of its own below that one (14, 13, ...), since
    tests flush theirs."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if not _reachable("127.0.0.1", 6379):
            return None
        url = "redis://127.0.0.1:6379/15"
    parts = urlsplit(url)
    number = parts.path.strip("/")
    db = int(number) if number.isdigit() else 0
    worker = xdist_worker()
    if worker > db:
        raise RuntimeError(f"{worker + 1} workers need Redis databases {db} down to 0")
    return urlunsplit(parts._replace(path=f"/{db - worker}"))


def missing(service: str, how: str) -> None:
    """Skip (locally) or fail (in CI) a test whose service is not there."""
    message = f"{service} is not reachable ({how})"
    if REQUIRE_SERVICES:
        pytest.fail(message + "; NEUVO_REQUIRE_SERVICES=1 forbids skipping")
    pytest.skip(message)


async def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_postgres_database(admin_url: str) -> str:
    """Create an empty database beside ``admin_url``'s and return its URL."""
    name = f"neuvo_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(await _dsn(admin_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    conn = await asyncpg.connect(await _dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    url = postgres_admin_url()
    if url is None:
        missing("PostgreSQL", "set DATABASE_URL or start it on 127.0.0.1:5432")
    assert url is not None
    return url


@asynccontextmanager
async def migrated_database(request: pytest.FixtureRequest, folder: Path) -> AsyncIterator[str]:
    """A database of the backend that ``request.param`` names, upgraded to head by the real
    migrations (a SQLite file in ``folder``, or a PostgreSQL database dropped afterwards)."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'neuvo.db'}"
        await asyncio.to_thread(migrations.upgrade, url)
        yield url
        return
    admin = request.getfixturevalue("postgres_admin")
    url = await create_postgres_database(admin)
    try:
        await asyncio.to_thread(migrations.upgrade, url)
        yield url
    finally:
        await drop_postgres_database(admin, url)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A database upgraded to head by the real migrations, once per backend."""
    async with migrated_database(request, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def committed_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database of each backend whose commits are real (no enclosing transaction)."""
    async with migrated_database(request, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = core.db.create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessions(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session maker whose every commit stays inside one transaction, rolled back after."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield async_sessionmaker(
            bind=connection,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )
        await transaction.rollback()


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        NEUVO_ENV="test",
        DATABASE_URL=database_url,
        SECRET_KEY=TEST_SECRET,
        NEUVO_BASE_URL="http://testserver",
    )


def is_postgres(session: AsyncSession) -> bool:
    return session.bind.dialect.name == "postgresql"


@pytest.fixture
def redis_dsn() -> str:
    url = redis_url()
    if url is None:
        missing("Redis", "set REDIS_URL or start it on 127.0.0.1:6379")
    assert url is not None
    return url


@pytest.fixture
def app(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> FastAPI:
    app = create_app(settings)
    app.state.sessions = sessions
    app.state.read_sessions = sessions
    app.state.redis = None
    return app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def frozen() -> Iterator[object]:
    """The clock frozen at the scheduling world's Monday morning (``sw.NOW``, a week before the
    clocks go forward); ``frozen.advance(delta)`` moves it on."""
    with clock.frozen(sw.NOW) as handle:
        yield handle


@pytest.fixture
async def network(session: AsyncSession, frozen: object) -> sw.Network:
    """The scheduling world (``tests/api/scheduling_world.py``: Oulu's network), built while
    the clock stands at its Monday morning."""
    return await sw.build(session)
