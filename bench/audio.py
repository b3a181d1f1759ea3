"""Prompt audio: one server process (uvicorn, SQLite) answers requests for prompt files that
its memory holds (every file after its first request), and a language's manifest, over HTTP
on loopback with keep-alive; the figures are client-side round trips.

It also prints the budgets of issue 15: the client booking page's bytes on the wire
(gzip) before any audio, the page and every script, style and icon it loads; and per
language, what the audio library holds (every prompt and clip file, an upper bound of what a
whole booking plays) and a typical prompt's size.

Run: ``make bench`` or ``.venv/bin/python -m bench.audio [--runs 2000]``.
"""

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile

import httpx

from bench.common import free_port, fresh_sqlite, machine_speed, summary, timed, until_healthy
from speech import library

REFERENCES = re.compile(
    r"""(?:src|href)="(/[^"?]+\.(?:js|css|svg|png|ico|json)(?:\?[^"]*)?)"|"""
    r"""(?:from|import)\s*\(?\s*["']([^"']+\.js)["']"""
)


async def page_weight(client: httpx.AsyncClient, page: str = "/") -> tuple[int, int, int]:
    """Bytes on the wire (gzip), bytes once unpacked and requests of ``page`` with every
    script, module, style and image it names, followed through ES module imports."""
    seen: set[str] = set()
    wire = unpacked = 0
    todo = [page]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        answer = await client.get(path, headers={"Accept-Encoding": "gzip"})
        answer.raise_for_status()
        wire += answer.num_bytes_downloaded
        unpacked += len(answer.content)
        kind = answer.headers.get("content-type", "")
        if "javascript" in kind or "text/html" in kind:
            base = client.base_url.join(path)
            for a, b in REFERENCES.findall(answer.text):
                found = base.join(a or b)
                if found.host == client.base_url.host:
                    todo.append(found.raw_path.decode())
    return wire, unpacked, len(seen)


def audio_weights() -> list[str]:
    """Per language: files and KB of every generated prompt and clip, and a typical
    (median) prompt's KB; recordings approved in a console come on top of these."""
    lines = []
    for folder in sorted(p for p in library.GENERATED.iterdir() if p.is_dir()):
        prompts = [f.stat().st_size for f in (folder / "p").glob("*.mp3")]
        clips = [f.stat().st_size for f in folder.rglob("*.mp3") if f.parent.name != "p"]
        total = (sum(prompts) + sum(clips)) / 1024
        typical = statistics.median(prompts) / 1024 if prompts else 0
        lines.append(
            f"audio {folder.name}: {len(prompts)} prompts + {len(clips)} clips, {total:.0f} KB in "
            f"all; a typical prompt {typical:.1f} KB, the largest {max(prompts) / 1024:.1f} KB"
        )
    return lines


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
            await until_healthy(client)
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

            wire, unpacked, requests = await page_weight(client)
            print(
                f"client booking page before audio: {wire / 1024:.1f} KB on the wire (gzip), "
                f"{unpacked / 1024:.1f} KB unpacked, {requests} requests (budget 60 KB)"
            )
            for line in audio_weights():
                print(line)
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
