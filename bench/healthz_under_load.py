"""How long ``/healthz`` takes while the server does heavy work for others (issue 25):
a 1,000-letter batch, a 50 MB body (claimed, and streamed without a length) and a hostile
"recording" (an SDP text) at once, against ``neuvo serve`` on a SQLite copy of the demo.

    python -m bench.healthz_under_load [--letters 1000]

Prints /healthz p50, p99 and max while the load runs, and how long each load took.
"""

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.common import free_port, percentile, until_healthy
from outreach.records import COLUMNS

BIN = Path(sys.executable).parent
PASSWORD = "neuvo-demo-2026"
SDP = b"v=0\no=- 0 0 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 8324 RTP/AVP 0\n"


def _neuvo(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "neuvo"), *args], env=env, check=True, capture_output=True)


def _register(path: Path, people: int) -> Path:
    moved = (date.today() - timedelta(days=20)).isoformat()
    rows = [
        ",".join(("Amina", f"H{n}", f"Katu {n}", "93100", "615", "ar", "SY", moved)) + ",,"
        for n in range(people)
    ]
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _claim_50_mb(port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(
            b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 52428800\r\n\r\n{"
        )
        return raw.recv(200).decode("latin-1").split("\r\n", 1)[0]


async def main(letters: int = 1000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="neuvo-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'neuvo.db'}", NEUVO_ENV="development")
    env["NEUVO_BASE_URL"] = base
    _neuvo(env, "migrate")
    _neuvo(env, "demo")
    _neuvo(
        env, "outreach", "import", str(_register(folder / "in.csv", letters)), "--campaign", "Kutsu"
    )
    server = subprocess.Popen(
        [str(BIN / "neuvo"), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=base, timeout=600) as admin:
            await until_healthy(admin)
            me = await admin.post(
                "/api/v1/auth/login",
                json={"email": "oulu.admin@demo.neuvo.fi", "password": PASSWORD},
            )
            staff = me.json()["staff"]["id"]
            headers = {"X-CSRF-Token": me.json()["csrf_token"], "Origin": base}
            await admin.put(
                f"/api/v1/speech/recorders/{staff}", json={"languages": ["so"]}, headers=headers
            )
            campaign = next(
                c for c in (await admin.get("/api/v1/campaigns")).json() if c["name"] == "Kutsu"
            )
            took: dict[str, float] = {}

            async def timed(name: str, work) -> None:  # type: ignore[no-untyped-def]
                started = time.perf_counter()
                await work
                took[name] = time.perf_counter() - started

            async def stream_50_mb() -> None:
                async def chunks():  # type: ignore[no-untyped-def]
                    for _ in range(50):
                        yield b" " * (1024 * 1024)

                async with httpx.AsyncClient(base_url=base) as anonymous:
                    with contextlib.suppress(httpx.HTTPError):  # refused mid-stream
                        await anonymous.post("/api/v1/bookings", content=chunks())

            printed = f"/api/v1/campaigns/{campaign['id']}/letters"

            async def letters() -> None:
                batch = (await admin.post(printed, headers=headers)).json()
                while batch["status"] in ("queued", "printing"):
                    await asyncio.sleep(0.2)
                    batch = (await admin.get(f"{printed}/{batch['id']}")).json()
                await admin.get(batch["download"])

            take = "/api/v1/speech/so/prompt/choose_language"
            load = asyncio.gather(
                timed("letters", letters()),
                timed("50 MB claimed", asyncio.to_thread(_claim_50_mb, port)),
                timed("50 MB streamed", stream_50_mb()),
                timed("SDP upload", admin.post(take, content=SDP, headers=headers)),
            )
            task = asyncio.ensure_future(load)
            latencies: list[float] = []
            async with httpx.AsyncClient(base_url=base) as probe:
                while not task.done():
                    started = time.perf_counter()
                    await probe.get("/healthz")
                    latencies.append((time.perf_counter() - started) * 1000)
                    await asyncio.sleep(0.02)
            await task
    finally:
        server.terminate()
        server.wait(timeout=10)
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    print(
        f"/healthz during the load ({len(latencies)} probes): p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, max {max(latencies):.1f} ms"
    )
    for name, seconds in took.items():
        print(f"  {name:<16} {seconds:6.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    asyncio.run(main(parser.parse_args().letters))
