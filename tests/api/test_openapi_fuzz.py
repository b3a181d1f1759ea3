"""Schemathesis against a real server (SQLite, demo data), public and with a staff token: no
answer is a server error, and every answer keeps the OpenAPI document's own word (status
codes, content types, schemas).

Bounded to run in under three minutes on two cores: ``NEUVO_FUZZ_EXAMPLES`` raises the number
of examples per operation, ``NEUVO_FUZZ_SEED`` changes the seed (fixed, so that CI is
repeatable; the seed is printed with any failure).
"""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scheduling import demo
from tests.demo_db import demo_database
from tests.e2e.conftest import BIN, _free_port, stop_server

CHECKS = ",".join(
    [
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    ]
)
EXAMPLES = os.environ.get("NEUVO_FUZZ_EXAMPLES", "6")
SEED = os.environ.get("NEUVO_FUZZ_SEED", "20261201")


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """``neuvo serve`` on a free port, its log in ``log`` (shown with any failure)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "neuvo"), "serve", "--port", str(port)],
            env={**env, "NEUVO_BASE_URL": base},
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """A server as `make run` starts it, a bearer token of the demo's platform admin, and
    the server's log."""
    folder = tmp_path_factory.mktemp("fuzz")
    env = demo_database(folder / "neuvo.db")
    process, base = _serve(env, folder / "server.log")
    try:
        # Before any fuzzing: its failed log-ins soon hold this address back (429).
        answer = httpx.post(
            f"{base}/api/v1/auth/tokens",
            json={"email": "admin@demo.neuvo.fi", "password": demo.DEMO_PASSWORD},
        )
        answer.raise_for_status()
        yield base, answer.json()["access_token"], folder / "server.log"
    finally:
        stop_server(process)


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
def test_fuzzing_finds_no_server_error_and_no_answer_against_the_schema(
    server, staff, tmp_path
) -> None:
    base, token, log = server
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
        # One worker: Python 3.11's ast is not thread-safe, and hypothesis parses lambdas
        # ("AST constructor recursion depth mismatch" in schemathesis' own threads).
        "--workers",
        "1",
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
    failures = report[report.find("FAILURES") :][:20000]
    errors = [line for line in log.read_text().splitlines() if "Error" in line or "File" in line]
    assert result.returncode == 0, failures + "\n\nServer log:\n" + "\n".join(errors[-60:])
    assert "passed" in report and "Operations:" in report, report[-4000:]
