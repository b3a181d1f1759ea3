"""Schemathesis against a real server (SQLite, demo data), public and with a staff token: no
answer is a server error, and every answer keeps the OpenAPI document's own word (status
codes, content types, schemas).

Bounded to run in about two minutes on two cores: ``NEUVO_FUZZ_EXAMPLES`` raises the number
of examples per operation, ``NEUVO_FUZZ_SEED`` changes the seed (fixed, so that CI is
repeatable; the seed is printed with any failure).
"""

import os
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from scheduling import demo
from tests.e2e.conftest import BIN, start_server, stop_server

CHECKS = ",".join(
    [
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    ]
)
EXAMPLES = os.environ.get("NEUVO_FUZZ_EXAMPLES", "12")
SEED = os.environ.get("NEUVO_FUZZ_SEED", "20261201")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server as `make run` starts it, and a bearer token of the demo's platform admin."""
    path = tmp_path_factory.mktemp("fuzz") / "neuvo.db"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{path}", NEUVO_ENV="development")
    for command in (["migrate"], ["demo", "--if-empty"]):
        subprocess.run([str(BIN / "neuvo"), *command], env=env, check=True, capture_output=True)
    process, base = start_server(DATABASE_URL=f"sqlite:///{path}", NEUVO_ENV="development")
    try:
        # Before any fuzzing: its failed log-ins soon hold this address back (429).
        answer = httpx.post(
            f"{base}/api/v1/auth/tokens",
            json={"email": "admin@demo.neuvo.fi", "password": demo.DEMO_PASSWORD},
        )
        answer.raise_for_status()
        yield base, answer.json()["access_token"]
    finally:
        stop_server(process)


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
def test_fuzzing_finds_no_server_error_and_no_answer_against_the_schema(
    server, staff, tmp_path
) -> None:
    base, token = server
    workdir = tmp_path  # schemathesis keeps a cache in the directory it runs in
    command = [
        str(BIN / "st"),
        "run",
        f"{base}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        EXAMPLES,
        "--seed",
        SEED,
        "--workers",
        "2",
        "--phases",
        "examples,coverage,fuzzing",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    if staff:
        # Logging out would end the token for every later request.
        command += ["--header", f"Authorization: Bearer {token}"]
        command += ["--exclude-path", "/api/v1/auth/logout"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=workdir
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-20000:]
    assert "passed" in report and "Operations:" in report, report[-4000:]
