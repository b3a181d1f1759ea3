"""Feedback asked for and read, in real Chromium: a client's session ends and is marked
completed, the feedback SMS arrives once at the local SMS gateway (also after the job runs
again), she opens its link on a 360 px phone and finds the three faces on screen without
scrolling, answers with one, and the organisation's admin sees the count in the console."""

import asyncio
import os
import re
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests import demo_db
from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.sound import recorder, start
from tests.e2e.test_booking_page import book_as_client
from tests.notifications.gateway import TOKEN, Gateway

WHEN = "%Y-%m-%d %H:%M:%S.%f"  # how SQLite keeps an instant (UTC, no zone)
SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-start-shots"


async def _shots(page) -> None:
    """The feedback page's start at 360 and 1280 px, to look at (then back to the phone)."""
    SHOTS.mkdir(exist_ok=True)
    for size in ({"width": 1280, "height": 800}, {"width": 360, "height": 640}):
        await page.set_viewport_size(size)
        await page.screenshot(path=str(SHOTS / f"feedback-ar-{size['width']}.png"))


def _ended_an_hour_ago(path: Path, booking_id: str) -> None:
    """The session took place: it ended half an hour ago (the demo server's time)."""
    ends = demo_db.now() - timedelta(minutes=30)
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE bookings SET starts_at = ?, ends_at = ?, client_token_expires_at = ? "
            "WHERE id = ?",
            (
                (ends - timedelta(minutes=45)).strftime(WHEN),
                ends.strftime(WHEN),
                (ends + timedelta(days=1)).strftime(WHEN),
                booking_id.replace("-", ""),
            ),
        )
        assert db.total_changes == 1


async def _feedback_sms(gateway: Gateway, seconds: float = 60) -> list[dict]:
    for _ in range(int(seconds * 4)):
        found = [p for key, p in gateway.delivered.items() if key.startswith("feedback:")]
        if found:
            return found
        await asyncio.sleep(0.25)
    return []


async def test_the_feedback_sms_arrives_once_and_the_admin_sees_the_answer(
    browser_context, tmp_path: Path
):
    gateway = await Gateway().start()
    path = tmp_path / "neuvo.db"
    env = {**demo_database(path), "SMS_GATEWAY_URL": gateway.url, "SMS_GATEWAY_TOKEN": TOKEN}
    # The server and this test's gateway talk while the test waits: blocking calls in threads.
    server, base = await asyncio.to_thread(start_server, **env)
    try:
        made = await asyncio.to_thread(book_as_client, base, "ar", "0405550199", "564")
        booking_id = made["booking"]["id"]
        await asyncio.to_thread(stop_server, server)
        _ended_an_hour_ago(path, booking_id)
        server, base = await asyncio.to_thread(start_server, **env)
        async with httpx.AsyncClient(base_url=base) as api:
            login = {"email": "oulu.admin@demo.neuvo.fi", "password": demo.DEMO_PASSWORD}
            token = (await api.post("/api/v1/auth/tokens", json=login)).json()["access_token"]
            done = await api.post(
                f"/api/v1/bookings/{booking_id}/status",
                json={"status": "completed"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert done.status_code == 200, done.text
        # The job runs when a server starts (and every five minutes): start it again twice.
        for _ in range(2):
            await asyncio.to_thread(stop_server, server)
            server, base = await asyncio.to_thread(start_server, **env)
            sent = await _feedback_sms(gateway)
            assert len(sent) == 1
        assert sum(1 for key in gateway.attempts if key.startswith("feedback:")) == 1
        (sms,) = sent
        assert sms["to"] == "+358405550199"
        link = re.search(r"http://[^/\s]+(/b/[\w-]+)", sms["text"])
        assert link is not None and made["client_link"].endswith(link[1])

        page = await browser_context.new_page()
        await page.set_viewport_size({"width": 360, "height": 640})  # a small phone
        await page.add_init_script(recorder())
        await page.goto(base + link[1])  # this server's address (each start has its own port)
        faces = [page.get_by_test_id(f"face-{face}") for face in ("good", "okay", "bad")]
        for face in faces:
            await expect(face).to_be_visible()
            box = await face.bounding_box()
            assert box is not None and box["y"] + box["height"] <= 640, box
        assert await page.evaluate("scrollY") == 0
        await _shots(page)
        # One tap on the start control: the question and the three faces, in Arabic, in order.
        async with httpx.AsyncClient(base_url=base) as api:
            prompts = (await api.get("/audio/ar/manifest.json")).json()["prompts"]
        asked = [prompts[key] for key in ("feedback_q", "feedback_good", "feedback_okay")]
        asked.append(prompts["feedback_bad"])
        await start(page)
        await page.wait_for_function(
            "(n) => window.__played.length >= n", arg=len(asked), timeout=30_000
        )
        played = await page.evaluate("window.__played")
        assert all(p.endswith(u) for p, u in zip(played, asked, strict=True)), played
        await faces[0].click()
        await page.get_by_test_id("face-good-ok").click()
        await expect(page.get_by_test_id("status")).to_contain_text("إجابتك")  # thank you
        await expect(page.get_by_test_id("feedback")).to_be_hidden()

        console = await browser_context.new_page()
        await console.goto(base + "/console")
        await console.get_by_test_id("login-email").fill("oulu.admin@demo.neuvo.fi")
        await console.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
        await console.get_by_test_id("login-submit").click()
        await console.get_by_test_id("tab-feedback").click()
        row = console.locator(
            '[data-testid="feedback-row"][data-language="ar"][data-channel="video"]'
        )
        await expect(row.get_by_test_id("feedback-answers")).to_have_text("1")
        await expect(row).to_contain_text("Guidance")  # the service, in the console language
    finally:
        await asyncio.to_thread(stop_server, server)
        await gateway.stop()
