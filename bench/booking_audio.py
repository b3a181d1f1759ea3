"""The audio a whole booking plays, per language (issue 15): one server process (uvicorn,
SQLite, the demo data) and headless Chromium at 360 px, booking by ear on the client page in
each language with generated audio: language, guidance service, video, Pudasjärvi (searched),
the first proposal, the phone number on the keypad and read back, the summary, book, and the
booking page's heading heard. Every HTMLMediaElement.play() is recorded (as the browser tests
record it), each screen's sound is waited for to its end, then each distinct file is fetched.

Per language it prints the files played, the distinct files and their KB (what a phone
downloads once; the browser's cache keeps a file heard twice), and whether the device's voice
was asked to say anything (the page is told the device has a voice of the language, so words
without a file would be said, and counted, rather than left silent).

The files play at eight times their speed (``playbackRate``): the same files, in the same
order, in an eighth of the time.

Run: ``make bench`` or ``.venv/bin/python -m bench.booking_audio [--languages fi sv]``.
"""

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright import async_api

from bench.common import free_port, fresh_sqlite, until_healthy
from speech import generate
from tests.e2e.sound import recorder

CHROMIUM = "/usr/bin/chromium"
FLAGS = [  # as tests/e2e/conftest.py launches it
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
SPEED = 8
# After tests/e2e/sound.py's recorder: every file faster, and when the page last made a sound.
# The device's voice is waited for as speech.js waits for it (its guess of the words' length).
QUIET = f"""
window.__changed = Date.now();
window.__speakingUntil = 0;
const recordedPlay = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {{
  window.__audio = this;
  window.__changed = Date.now();
  this.defaultPlaybackRate = {SPEED};
  this.playbackRate = {SPEED};
  for (const name of ["ended", "pause", "error"]) {{
    this.addEventListener(name, () => {{ window.__changed = Date.now(); }});
  }}
  return recordedPlay.call(this);
}};
const recordedSpeak = window.speechSynthesis.speak;
window.speechSynthesis.speak = (said) => {{
  window.__speakingUntil = Date.now() + 1500 + 90 * (said.text || "").length;
  window.__changed = Date.now();
  recordedSpeak(said);
}};
window.__sounds = () => window.__played.length + window.__spoken.length;
window.__quiet = () => {{
  const a = window.__audio;
  const playing = a && !a.ended && !a.paused && !a.error;
  return !playing && Date.now() > window.__speakingUntil && Date.now() - window.__changed > 300;
}};
"""


@dataclass
class Run:
    """What one language's booking played, and the steps that made no sound."""

    lang: str
    played: list[str] = field(default_factory=list)
    spoken: list[dict] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    booked: bool = False
    stopped: str = ""
    page_files: int = 0  # of them on the booking page


async def _sound(page, step: str, run: Run, act, wait: float = 5) -> None:  # type: ignore[no-untyped-def]
    """Do ``act`` and wait for the sound it starts (within ``wait`` seconds) to end; a step
    that makes none is noted."""
    before = await page.evaluate("window.__sounds()")
    await act()
    try:
        await page.wait_for_function(
            "(n) => window.__sounds() > n", arg=before, timeout=wait * 1000, polling=50
        )
    except async_api.TimeoutError:  # a step that makes no sound
        run.silent.append(step)
        return
    await page.wait_for_function("window.__quiet()", timeout=60_000, polling=100)


def _tap(page, testid: str):  # type: ignore[no-untyped-def]
    return lambda: page.locator(f'[data-testid="{testid}"]:visible').first.click()


async def _choose(page, testid: str, run: Run, opens: str, wait: float = 5) -> None:  # type: ignore[no-untyped-def]
    """Tap a choice to hear it, then its tick to choose it, and hear the screen it opens."""
    await _sound(page, testid, run, _tap(page, testid))
    await _sound(page, opens, run, _tap(page, f"{testid}-ok"), wait)


async def book(context, base: str, lang: str, phone: str) -> Run:  # type: ignore[no-untyped-def]
    """One booking by ear in ``lang``; what it played, however far it got."""
    run = Run(lang)
    page = await context.new_page()
    await page.set_viewport_size(PHONE)
    await page.add_init_script(recorder(voices=(lang,)))
    await page.add_init_script(QUIET)
    try:
        await page.goto(base + "/")
        await _choose(page, f"language-{lang}", run, "what_help")
        guidance = page.locator('[data-slug="guidance"]').first.click
        await _sound(page, "service", run, guidance)
        await _sound(page, "how_meet", run, _tap(page, "service-ok"))
        await _choose(page, "channel-video", run, "where_live")
        await page.get_by_test_id("municipality-search").fill("Pudas")
        await _choose(page, "municipality-615", run, "proposal", wait=20)
        if not await page.get_by_test_id("proposal-yes").is_visible():
            run.stopped = "no time proposed"
            run.played = await page.evaluate("window.__played")
            run.spoken = await page.evaluate("window.__spoken")
            return run
        await _sound(page, "contact", run, _tap(page, "proposal-yes"))
        for digit in phone:
            await _sound(page, f"key-{digit}", run, _tap(page, f"key-{digit}"))
        await _sound(page, "read-back", run, _tap(page, "read-back"))
        await _sound(page, "confirm", run, _tap(page, "next"))
        # The booking page is another document with a recorder of its own: keep this one's.
        run.played = await page.evaluate("window.__played")
        run.spoken = await page.evaluate("window.__spoken")
        await _tap(page, "book")()
        await page.wait_for_url("**/b/**", timeout=15_000)
        run.booked = True
        # Nothing plays there before a tap (browsers refuse it): the client taps the heading.
        await page.get_by_test_id("booking-when").wait_for(state="visible", timeout=10_000)
        await _sound(page, "booking-when", run, _tap(page, "speak-when"))
        on_page = await page.evaluate("window.__played")
        run.page_files = len(on_page)
        run.played += on_page
        run.spoken += await page.evaluate("window.__spoken")
    except Exception as error:  # report how far it got, then go on to the next language
        run.stopped = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
        if not run.booked:
            with contextlib.suppress(async_api.Error):  # a page gone keeps nothing
                run.played = await page.evaluate("window.__played")
                run.spoken = await page.evaluate("window.__spoken")
    finally:
        await page.close()
    return run


async def sizes(base: str, urls: set[str]) -> dict[str, int]:
    """Bytes of each file, as the server sends it."""
    async with httpx.AsyncClient() as client:
        found = {}
        for url in sorted(urls):
            answer = await client.get(httpx.URL(base).join(url))
            answer.raise_for_status()
            found[url] = len(answer.content)
        return found


def report(run: Run, size: dict[str, int]) -> str:
    distinct = {url for url in run.played if url}
    kb = sum(size[u] for u in distinct) / 1024
    prompts = len({u for u in distinct if f"/{run.lang}/p/" in u})
    other = sorted({u.split("/audio/")[1].split("/")[0] for u in distinct} - {run.lang})
    line = (
        f"booking audio {run.lang:<3}: {len(run.played)} files played "
        f"({run.page_files} on the booking page), {len(distinct)} distinct "
        f"({prompts} prompts), {kb:.1f} KB; device voice spoke: "
        f"{'no' if not run.spoken else ''}"
    )
    if run.spoken:
        words = ", ".join(repr(s["text"][:40]) for s in run.spoken[:5])
        more = ", …" if len(run.spoken) > 5 else ""
        line += f"{len(run.spoken)} times ({words}{more})"
    if other:
        line += f"; files of other languages: {', '.join(other)}"
    if run.silent:
        line += f"; no sound at: {', '.join(run.silent)}"
    if not run.booked or run.stopped:
        line += f"; stopped ({'booked' if run.booked else 'not booked'}): {run.stopped}"
    return line


def _serve(folder: str, url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"DATABASE_URL": url, "NEUVO_ENV": "development", "NEUVO_BASE_URL": base}
    env.pop("REDIS_URL", None)
    neuvo = str(Path(sys.executable).parent / "neuvo")
    subprocess.run([neuvo, "demo"], env=env, check=True, capture_output=True)
    log = open(f"{folder}/server.log", "wb")  # noqa: SIM115 (lives as long as the server)
    command = [sys.executable, "-m", "uvicorn", "api.main:app", "--port", str(port)]
    server = subprocess.Popen([*command, "--log-level", "warning"], env=env, stderr=log)
    return server, base


async def main(languages: tuple[str, ...] = tuple(generate.VOICES)) -> None:
    folder = tempfile.mkdtemp(prefix="bench-booking-audio-")
    server, base = _serve(folder, await fresh_sqlite(f"{folder}/booking-audio.db"))
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(base_url=base) as client:
            await until_healthy(client)
        async with async_api.async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=FLAGS
            )
            try:
                for number, lang in enumerate(languages):
                    # A fresh device each time: nothing remembered, nothing in its cache.
                    context = await browser.new_context()
                    try:
                        run = await book(context, base, lang, f"04012399{number:02d}")
                    finally:
                        await context.close()
                    print(report(run, await sizes(base, {u for u in run.played if u})), flush=True)
            finally:
                await browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"booking audio: {len(languages)} bookings in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", nargs="+", default=list(generate.VOICES))
    asyncio.run(main(tuple(parser.parse_args().languages)))
