"""Prompt audio: one server process (uvicorn, SQLite) answers requests for prompt files that
its memory holds (every file after its first request), and a language's manifest, over HTTP
on loopback with keep-alive; the figures are client-side round trips.

Run: ``make bench`` or ``.venv/bin/python -m bench.audio [--runs 2000]``.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile

import httpx

from bench.common import free_port, fresh_sqlite, machine_speed, summary, timed


async def main(runs: int = 2000) -> None:
    folder = tempfile.mkdtemp(prefix="bench-audio-")
    url = await fresh_sqlite(f"{folder}/audio.db")
    port = free_port()
    env = os.environ | {"DATABASE_URL": url, "NEUVO_ENV": "development"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(100):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            manifest = (await client.get("/audio/fi/manifest.json")).json()
            files = list(manifest["prompts"].values()) + list(manifest["clips"].values())
            for path in files:  # the first request of each puts it in memory
                (await client.get(path)).raise_for_status()
            index = 0

            async def one_file() -> None:
                nonlocal index
                index += 1
                answer = await client.get(files[index % len(files)])
                assert answer.status_code == 200

            reader, writer = await asyncio.open_connection("127.0.0.1", port)

            async def raw_file() -> None:
                nonlocal index
                index += 1
                path = files[index % len(files)]
                writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reader.readexactly(length)

            print(f"machine speed: {machine_speed():.0f} ms for the reference loop")
            print(
                summary(f"audio file from memory ({len(files)} files)", await timed(runs, one_file))
            )
            print(summary("same, bare HTTP/1.1 client", await timed(runs, raw_file)))
            writer.close()
            print(
                summary(
                    "manifest (fi, from the database)",
                    await timed(runs // 10, lambda: client.get("/audio/fi/manifest.json")),
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    asyncio.run(main(runs=parser.parse_args().runs))
