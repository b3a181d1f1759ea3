"""The demo database as `make run` makes it (``neuvo migrate``, then ``neuvo demo``), built once
per test run (once for all its workers) and copied for each server or command-line test that
wants one of its own.

Building it takes some seven seconds (the migrations and the demo staff's password hashes);
a copy takes milliseconds. The demo data do not depend on the day, so a copy made later in the
run holds what a fresh build would.

Every process started on a demo database stands at the same moment, whatever the wall clock
says: ``NEUVO_CLOCK`` starts its clock at ``now()``, which began at ``START`` (a Wednesday
morning in Helsinki, far from the nights the clocks change and outside quiet hours) when the
test run did and runs on. Tests that compute days or times for such a process use ``now()``,
and browsers are set to it too (``tests/e2e/conftest.py``).
"""

import atexit
import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BIN = Path(sys.executable).parent
START = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
_STARTED = time.monotonic()


def now() -> datetime:
    """The demo processes' time (aware UTC): ``START`` when this run began, running on since."""
    return START.astimezone(UTC) + timedelta(seconds=time.monotonic() - _STARTED)


def sqlite_env(path: Path) -> dict[str, str]:
    """This environment, less its own database and Redis, pointed at the SQLite file ``path``
    in development mode (in-process jobs), as `make run` is, its clock set to ``now()``."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{path}", NEUVO_ENV="development", NEUVO_CLOCK=now().isoformat()
    )
    return env


SHARED = "NEUVO_TEST_DEMO_DIR"  # set by tests/conftest.py for the run's every worker


@functools.cache
def _template() -> Path:
    shared = os.environ.get(SHARED)
    if shared:  # one build for all the run's pytest-xdist workers, the first one makes it
        folder = Path(shared)
    else:
        folder = Path(tempfile.mkdtemp(prefix="neuvo-demo-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "neuvo.db"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _build(folder / "building.db")
            (folder / "building.db").rename(path)
    return path


def _build(path: Path) -> None:
    env = sqlite_env(path)
    for command in (["migrate"], ["demo", "--if-empty"]):
        done = subprocess.run(
            [str(BIN / "neuvo"), *command], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"neuvo {command[0]} failed: {done.stdout}{done.stderr}")


def demo_database(path: Path) -> dict[str, str]:
    """Put a copy of the demo database at ``path``; return the environment that reaches it."""
    shutil.copyfile(_template(), path)
    return sqlite_env(path)
