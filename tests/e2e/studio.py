"""What the studio's browser tests share: generated WAV files, a server on a database of its
own (restartable, so that a changed prompt text can be deployed to it), staff logged in over
the API as an admin's tools would, and a check that a URL is audio a client can hear."""

import contextlib
import io
import math
import shutil
import struct
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

import frontend
from scheduling import demo
from speech import audio
from tests.demo_db import demo_database
from tests.e2e.conftest import CHROMIUM, FLAGS, HAVE_CHROMIUM, start_server

RATE = 16_000


def tone_wav(path: Path, *, seconds: float, hertz: float = 440.0) -> Path:
    """A 16-bit mono WAV of a tone rising and falling in loudness, as speech does (a flat
    level would be no different to the server's silence trimming, but a real signal)."""
    frames = bytearray()
    for n in range(int(seconds * RATE)):
        swell = 0.55 + 0.45 * math.sin(2 * math.pi * 3 * n / RATE)
        frames += struct.pack("<h", int(12_000 * swell * math.sin(2 * math.pi * hertz * n / RATE)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


def tone_bytes(*, seconds: float, hertz: float) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(10_000 * math.sin(2 * math.pi * hertz * n / RATE)))
                for n in range(int(seconds * RATE))
            )
        )
    return buffer.getvalue()


class Server:
    """``neuvo serve`` on a SQLite file with the demo loaded; ``restart(frontend_copy)``
    serves the same database from another copy of the frontend package (a new release)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = demo_database(folder / "neuvo.db")
        self.process, self.base = start_server(**self.env)

    def release_with(self, lang: str, prompt: str, text: str) -> None:
        """Restart with ``prompt`` of ``lang`` saying ``text``: the prompts JSON changed, as a
        release changes it (the whole frontend package copied, found first on the path)."""
        self.stop()
        release = self.folder / "release"
        shutil.rmtree(release, ignore_errors=True)
        shutil.copytree(Path(frontend.__file__).parent, release / "frontend")
        path = release / "frontend" / "static" / "prompts" / f"{lang}.json"
        source = path.read_text(encoding="utf-8")
        old = f'"{prompt}": '
        start = source.index(old) + len(old)
        end = source.index('",', start) + 1
        path.write_text(source[:start] + f'"{text}"' + source[end:], encoding="utf-8")
        env = dict(self.env, PYTHONPATH=str(release))
        self.process, self.base = start_server(**env)

    def stop(self) -> None:
        from tests.e2e.conftest import stop_server

        stop_server(self.process)


def bearer(base: str, email: str) -> httpx.Client:
    """An API client logged in as demo account ``email`` (a bearer token, no cookie)."""
    answer = httpx.post(
        base + "/api/v1/auth/tokens", json={"email": email, "password": demo.DEMO_PASSWORD}
    )
    assert answer.status_code == 201, answer.text
    token = answer.json()["access_token"]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def staff_id(admin: httpx.Client, email: str) -> str:
    found = admin.get("/api/v1/staff")
    assert found.status_code == 200, found.text
    return next(member["id"] for member in found.json() if member["email"] == email)


def assign(admin: httpx.Client, email: str, *langs: str) -> str:
    """The admin gives ``email`` ``langs`` to record (the role voice with them)."""
    member = staff_id(admin, email)
    answer = admin.put(f"/api/v1/speech/recorders/{member}", json={"languages": list(langs)})
    assert answer.status_code == 200, answer.text
    return member


PLATFORM_ADMIN = "admin@demo.neuvo.fi"


def name_reviewer(base: str, email: str, *langs: str) -> None:
    """The platform admin names ``email`` the reviewer of ``langs``: the one who approves what
    every client of those languages hears."""
    with bearer(base, email) as person:
        member = person.get("/api/v1/auth/me").json()["staff"]["id"]
    with bearer(base, PLATFORM_ADMIN) as platform:
        answer = platform.put(f"/api/v1/speech/reviewers/{member}", json={"languages": list(langs)})
        assert answer.status_code == 200, answer.text


def heard_seconds(base: str, url: str) -> float:
    """Seconds of audio at ``url`` (the server's public file), decoded; it must be MP3."""
    answer = httpx.get(url if url.startswith("http") else base + url)
    assert answer.status_code == 200, (url, answer.status_code)
    assert answer.headers["content-type"] == audio.MEDIA_TYPE, answer.headers
    return audio.duration(answer.content)


@contextlib.asynccontextmanager
async def microphone(folder: Path, *, hertz: float) -> AsyncIterator[object]:
    """Chromium whose fake microphone says a two-second swelling tone of ``hertz``, over and
    over (its profile and the tone in ``folder``); skipped where Chromium is not installed."""
    if not HAVE_CHROMIUM:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.async_api import async_playwright

    wav = tone_wav(folder / "voice.wav", seconds=2.0, hertz=hertz)
    args = [*FLAGS, f"--use-file-for-fake-audio-capture={wav}"]
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(folder / "profile"), executable_path=CHROMIUM, headless=True, args=args
        )
        try:
            yield context
        finally:
            await context.close()
