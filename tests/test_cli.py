"""What `make run` does, end to end: migrate, load the demo, serve, and log in over HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _neuvo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "neuvo"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", "NEUVO_ENV": "development"}


def test_migrate_then_demo_loads_once_and_prints_log_ins(env: dict[str, str]) -> None:
    assert _neuvo(env, "migrate").returncode == 0
    first = _neuvo(env, "demo", "--if-empty")
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout and "admin@demo.neuvo.fi" in first.stdout
    again = _neuvo(env, "demo", "--if-empty")
    assert again.returncode == 0 and "not loaded again" in again.stdout
    assert "admin@demo.neuvo.fi" in again.stdout
    refused = _neuvo(env, "demo")
    assert refused.returncode != 0


def test_demo_is_refused_in_production(env: dict[str, str]) -> None:
    env = {**env, "NEUVO_ENV": "production", "SECRET_KEY": "p" * 40}
    result = _neuvo(env, "demo", "--if-empty")
    assert result.returncode != 0 and "production" in result.stdout + result.stderr


def test_serve_answers_pages_api_and_demo_log_in(env: dict[str, str]) -> None:
    assert _neuvo(env, "migrate").returncode == 0
    assert _neuvo(env, "demo", "--if-empty").returncode == 0
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "neuvo"), "serve", "--port", str(port)],
        env={**env, "NEUVO_BASE_URL": base},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with httpx.Client(base_url=base, timeout=5) as client:
            _wait_until_ready(client, server)
            for page in ("/", "/console", "/docs", "/openapi.json", "/readyz"):
                assert client.get(page).status_code == 200, page
            login = client.post(
                "/api/v1/auth/login",
                json={"email": "oulu.admin@demo.neuvo.fi", "password": "neuvo-demo-2026"},
            )
            assert login.status_code == 200, login.text
            services = client.get("/api/v1/services").json()
            assert any(service["slug"] == "guidance" for service in services)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"{base}/console" in output and f"{base}/docs" in output


def _wait_until_ready(client: httpx.Client, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            if client.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not start in 30 s")


def test_create_admin_asks_for_a_password_and_can_log_in(env: dict[str, str]) -> None:
    assert _neuvo(env, "migrate").returncode == 0
    args = [
        "create-admin",
        "--email",
        "Paakayttaja@Kunta.fi",
        "--name",
        "Pää Käyttäjä",
        "--organisation",
        "Testikunta",
    ]
    weak = subprocess.run(
        [str(BIN / "neuvo"), *args],
        env=env,
        input="short\nshort\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert weak.returncode != 0 and "password" in weak.stdout + weak.stderr
    leaked = subprocess.run(  # long enough, but on the list of leaked passwords
        [str(BIN / "neuvo"), *args],
        env=env,
        input="password123\npassword123\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert leaked.returncode != 0 and "leaked" in leaked.stdout + leaked.stderr
    made = subprocess.run(
        [str(BIN / "neuvo"), *args],
        env=env,
        input="a long passphrase\na long passphrase\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "paakayttaja@kunta.fi" in made.stdout
    assert "/console" in made.stdout  # where to go next
    again = subprocess.run(
        [str(BIN / "neuvo"), *args],
        env=env,
        input="a long passphrase\na long passphrase\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode != 0 and "exists already" in again.stdout + again.stderr
