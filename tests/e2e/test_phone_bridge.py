"""A phone session bridged from the console, in real Chromium against real telephony on
loopback: the advisor presses "Call through Neuvo" (by keyboard) on a Tigrinya phone session,
Neuvo dials the client through Janus's SIP plugin, a `sipp` phone answers and echoes what it
hears, and audio flows both ways: the phone receives the browser's microphone (a tone file)
and the browser receives it back (getStats: packets, bytes, audio energy). Hanging up keeps
the call on the session: its start, answer, end and "reached". The interpreter's browser
never gets the client's number nor the call button."""

import os
import subprocess
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from scheduling.demo import DEMO_PASSWORD
from tests import demo_db, janus_sip
from tests.conftest import REQUIRE_SERVICES
from tests.demo_db import demo_database
from tests.e2e.conftest import CHROMIUM, FLAGS, HAVE_CHROMIUM, start_server, stop_server
from tests.e2e.keys import choose_language, log_in, tab_to
from tests.e2e.test_phone_sessions import CLIENT_PHONE, _book_tigrinya_by_phone

HELSINKI = ZoneInfo("Europe/Helsinki")
SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-bridge-shots"
if not (janus_sip.JANUS and janus_sip.SIPP and HAVE_CHROMIUM) and not REQUIRE_SERVICES:
    pytest.skip("apt-get install janus sip-tester chromium", allow_module_level=True)

# Every RTCPeerConnection the page makes, for getStats (the page itself keeps them private).
KEEP_PEERS = """(() => { const Native = window.RTCPeerConnection; window.__peers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peers.push(this); } }; })();"""
STATS = """async () => { const found = {}; const pc = window.__peers.at(-1);
  (await pc.getStats()).forEach((r) => {
    if (r.kind !== "audio") return;
    if (r.type === "inbound-rtp") found.inbound = { packets: r.packetsReceived,
      bytes: r.bytesReceived, level: r.audioLevel ?? 0, energy: r.totalAudioEnergy ?? 0 };
    if (r.type === "outbound-rtp") found.outbound = { packets: r.packetsSent,
      bytes: r.bytesSent }; });
  return found; }"""


@pytest.fixture
def telephony(tmp_path: Path):
    """Janus and a phone that answers one call after a short ring; a Neuvo server with them
    as its SIP connection, on the demo database (each try of the test has its own)."""
    folder = tmp_path / "bridge"
    with (
        janus_sip.janus(folder / "janus") as url,
        janus_sip.phone(folder / "phone", ring_ms=800) as phone,
    ):
        env = demo_database(folder / "neuvo.db")
        server, base = start_server(
            **env,
            NEUVO_JANUS_URL=url,
            NEUVO_SIP_URI=f"sip:{{number}}@127.0.0.1:{phone.port}",
            NEUVO_SIP_FROM="sip:{caller}@127.0.0.1",
        )
        try:
            yield base, phone, folder
        finally:
            stop_server(server)


@pytest.fixture
def tone(tmp_path: Path) -> Path:
    """Five seconds of 440 Hz (sox), the browser's microphone (Chromium plays it in a loop)."""
    tone = tmp_path / "tone.wav"
    subprocess.run(
        ["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(tone), "synth", "5", "sine", "440"],
        check=True,
    )
    return tone


@pytest.fixture
async def browser(telephony, tone: Path, tmp_path: Path) -> AsyncIterator[BrowserContext]:
    """Chromium whose microphone is a 440 Hz tone, at the demo's time."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, f"--use-file-for-fake-audio-capture={tone}"],
        )
        try:
            await context.clock.install(time=demo_db.now())
            yield context
        finally:
            await context.close()


async def _day_of(page: Page, booking: dict) -> None:
    day = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI).date().isoformat()
    await page.get_by_test_id("tab-sessions").click()
    await page.get_by_test_id("sessions-day").fill(day)
    await page.get_by_test_id("sessions-day").dispatch_event("change")


async def _shoot(page: Page, name: str) -> None:
    """What the window shows (the call's bar sits at its bottom edge)."""
    SHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"))


async def _scroll(locator) -> None:  # type: ignore[no-untyped-def]
    """Bring ``locator`` into the window: at once, without Playwright's wait for the element to
    stand still (the day view draws its call state again while a call rings; under a loaded CI
    run the element was replaced during that wait)."""
    await expect(locator).to_be_visible()
    await locator.evaluate("(node) => node.scrollIntoView({ block: 'center' })")


async def test_the_advisor_calls_the_client_through_neuvo_and_they_hear_each_other(
    telephony, browser
):
    base, phone, _ = telephony
    made = _book_tigrinya_by_phone(base)
    booking = made["booking"]
    page = await browser.new_page()
    await page.add_init_script(KEEP_PEERS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, base, made["advisor"])
    await choose_language(page, "en")
    await _day_of(page, booking)
    row = page.get_by_test_id(f"session-{booking['id']}")
    # The tel: link stays beside the call button (her own phone, should the bridge fail).
    await expect(row.get_by_test_id(f"client-tel-{booking['id']}")).to_be_visible()
    call = row.get_by_test_id(f"bridge-call-{booking['id']}")
    await expect(call).to_have_text("Call through Neuvo")

    await page.set_viewport_size({"width": 360, "height": 780})
    await _scroll(call)
    await _shoot(page, "bridge-idle-360")
    await page.set_viewport_size({"width": 1280, "height": 900})
    await tab_to(page, f"bridge-call-{booking['id']}")
    await page.keyboard.press("Enter")
    bar = page.get_by_test_id(f"bridge-bar-{booking['id']}")
    state = bar.get_by_test_id(f"bridge-state-{booking['id']}")
    await expect(state).to_have_attribute("data-state", "answered", timeout=20_000)
    hang_up = bar.get_by_test_id(f"bridge-hangup-{booking['id']}")
    mute = bar.get_by_test_id(f"bridge-mute-{booking['id']}")
    await expect(hang_up).to_be_focused()  # the next thing to do, by keyboard

    # Both ways: the phone hears the browser's tone (sipp echoes what it receives) and the
    # browser hears it back from the phone.
    for _ in range(100):  # about 2 s of audio each way; a loose bound of 20 s
        stats = await page.evaluate(STATS)
        if stats.get("inbound", {}).get("packets", 0) > 100 and phone.relay.from_phone > 100:
            break
        await page.wait_for_timeout(200)
    assert stats["outbound"]["packets"] > 100 and stats["inbound"]["bytes"] > 8000, stats
    assert stats["inbound"]["energy"] > 0, stats  # sound, not silence, came from the phone
    assert phone.relay.to_phone > 100 and phone.relay.from_phone > 100  # the phone got it
    await expect(state).to_contain_text("On the call")
    await expect(row.get_by_test_id(f"calls-{booking['id']}").locator("li")).to_have_count(1)
    await expect(row.locator('li[data-outcome="live"]')).to_contain_text("in progress")

    # Screenshots of the call's controls, wide and narrow: to look at.
    await page.set_viewport_size({"width": 1280, "height": 900})
    await _scroll(row)
    await _shoot(page, "bridge-call-1280")
    await page.set_viewport_size({"width": 360, "height": 780})
    await _scroll(row)
    await _shoot(page, "bridge-call-360")
    for button in (hang_up, mute):  # in the window on a phone, not off to the side
        box = await button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["y"] + box["height"] <= 780, box

    # Mute by keyboard, then hang up by keyboard; the phone gets its BYE.
    await hang_up.focus()
    await page.keyboard.press("Shift+Tab")
    await expect(mute).to_be_focused()
    await page.keyboard.press("Space")
    await expect(mute).to_have_attribute("aria-pressed", "true")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    ended = page.get_by_test_id(f"bridge-ended-{booking['id']}")
    await expect(ended).to_have_text("Call ended: Reached")
    await expect(page.get_by_test_id(f"bridge-call-{booking['id']}")).to_be_focused()
    await expect(bar).to_have_count(0)  # the call's bar goes with the call
    assert phone.wait() == 0  # sipp: the call went as scripted, BYE answered
    tries = page.get_by_test_id(f"calls-{booking['id']}").locator("li")
    await expect(tries).to_have_count(1)
    await expect(tries.first).to_have_attribute("data-outcome", "reached")
    await expect(tries.first).to_have_attribute("data-bridged", "true")
    assert errors == []

    # Kept on the session: start, answer, end, outcome; the interpreter gets none of it.
    async with httpx.AsyncClient(base_url=base) as api:
        advisor = await _token_of(api, made["advisor"])
        day = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI).date()
        mine = (await api.get("/api/v1/bookings", params={"on": day}, headers=advisor)).json()
        [kept] = next(b for b in mine if b["id"] == booking["id"])["phone"]["calls"]
        assert kept["bridged"] and kept["outcome"] == "reached" and kept["sip_code"] == 200
        assert kept["created_at"] <= kept["answered_at"] < kept["ended_at"]
        interpreter = await _token_of(api, "interpreter.ti@demo.neuvo.fi")
        hers = await api.get("/api/v1/bookings", params={"on": day}, headers=interpreter)
        assert CLIENT_PHONE not in hers.text and "5553361" not in hers.text
        [session] = [b for b in hers.json() if b["id"] == booking["id"]]
        assert session["phone"]["bridge"] is False and session["phone"]["calls"] == []
        refused = await api.post(
            f"/api/v1/bookings/{booking['id']}/bridge",
            json={"sdp": "v=0\r\nm=audio 9 RTP/AVP 0\r\n"},
            headers=interpreter,
        )
        assert refused.status_code == 404, refused.text


async def _token_of(api: httpx.AsyncClient, email: str) -> dict[str, str]:
    answer = await api.post("/api/v1/auth/tokens", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
