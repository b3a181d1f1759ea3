"""The demo database as `make run` makes it (``neuvo migrate``, then ``neuvo demo``), built once
per test run and copied for each server or command-line test that wants one of its own.

Building it takes some seven seconds (the migrations and the demo staff's password hashes);
a copy takes milliseconds. The demo data do not depend on the day, so a copy made later in the
run holds what a fresh build would.
"""

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent


def sqlite_env(path: Path) -> dict[str, str]:
    """This environment, less its own database and Redis, pointed at the SQLite file ``path``
    in development mode (in-process jobs), as `make run` is."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{path}", NEUVO_ENV="development")
    return env


@functools.cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="neuvo-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "neuvo.db"
    env = sqlite_env(path)
    for command in (["migrate"], ["demo", "--if-empty"]):
        done = subprocess.run(
            [str(BIN / "neuvo"), *command], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"neuvo {command[0]} failed: {done.stdout}{done.stderr}")
    return path


def demo_database(path: Path) -> dict[str, str]:
    """Put a copy of the demo database at ``path``; return the environment that reaches it."""
    shutil.copyfile(_template(), path)
    return sqlite_env(path)
