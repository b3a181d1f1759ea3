"""A real Neuvo server (SQLite, demo data) in a subprocess, and real headless Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests import demo_db
from tests.conftest import REQUIRE_SERVICES
from tests.demo_db import demo_database

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    log_to: Path | None = None, clock: datetime | None = None, **env_extra: str
) -> tuple[subprocess.Popen, str]:
    """Start ``neuvo serve`` on a free port with ``env_extra`` over this environment (less its
    own database and Redis); return the process and its base URL once it answers. With
    ``log_to``, everything it writes (the access log included) goes to that file. A demo
    database's server stands at the demo's time now, or at ``clock`` (a later look at the
    same database: a session booked earlier has started)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(NEUVO_BASE_URL=base, **env_extra)
    if "NEUVO_CLOCK" in env:  # a demo database's server: at the demo's time now, not when
        env["NEUVO_CLOCK"] = (clock or demo_db.now()).isoformat()  # its environment was made
    # Its log goes to a file: a pipe nobody reads would stall the server once full.
    log = open(log_to, "w+b") if log_to else tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(
        [str(BIN / "neuvo"), "serve", "--port", str(port)],
        env=env,
        stdout=log if log_to else subprocess.DEVNULL,
        stderr=log,
    )
    # A server starts in some two seconds of CPU; on a shared two-core machine running the
    # suite's workers beside other work, that has taken over 30 seconds of wall time.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
        if process.poll() is not None:
            break
    process.kill()
    log.seek(0)
    raise RuntimeError(f"the server did not start: {log.read().decode()[-2000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def demo_server(path: Path) -> Iterator[str]:
    """A server started the way `make run` starts it, on a new SQLite database at ``path``."""
    env = demo_database(path)
    server, base = start_server(**env)
    try:
        yield base
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a server started the way `make run` starts it."""
    with demo_server(tmp_path_factory.mktemp("live") / "neuvo.db") as base:
        yield base


@pytest.fixture
async def browser_context(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[object]:
    """Headless Chromium. In this folder every server runs on a demo database, so the
    browser's clock (``Date``, timers) is set to theirs: its "today" is the servers' whatever
    the wall clock says. (The video tests' servers keep the real time, and so does their
    browser.)"""
    if not HAVE_CHROMIUM:
        message = "Chromium is not installed (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            if request.path.is_relative_to(Path(__file__).parent):
                await context.clock.install(time=demo_db.now())
            yield context
        finally:
            await context.close()
