"""The interpreter joins a bridged phone session's call from her own browser, with three real
parties: the advisor's Chromium (its microphone a 440 Hz tone file), the interpreter's
Chromium (another browser, its microphone 600 Hz) and the client's `sipp` phone speaking
1000 Hz through Janus's SIP plugin. The interpreter joins "through the room" (her profile has
no phone): her day view shows "Join the call" once the advisor has the client on the line;
her browser offers, the advisor's answers and mixes her in. With the advisor muted, the
client's phone hears the interpreter's tone (Goertzel on the decoded G.711), which can only
have come through the advisor's mix; her browser hears the client's tone (getStats energy,
and a WebAudio analyser at 1000 Hz). She leaves; the client's call goes on; she joins again
and the advisor ends her leg; all legs stay on the session, hers apart. No answer to her page
carries the client's number."""

import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from tests import demo_db, janus_sip
from tests.demo_db import demo_database
from tests.e2e.conftest import CHROMIUM, FLAGS, start_server, stop_server
from tests.e2e.keys import choose_language, log_in, tab_to
from tests.e2e.test_phone_bridge import HELSINKI, KEEP_PEERS, _day_of, _scroll, _shoot, _token_of
from tests.e2e.test_phone_bridge import browser as browser  # the advisor's, 440 Hz
from tests.e2e.test_phone_bridge import tone as tone
from tests.e2e.test_phone_sessions import CLIENT_PHONE, _book_tigrinya_by_phone

ADVISOR_HZ, CLIENT_HZ, INTERPRETER_HZ = 440, 1000, 600
INTERPRETER = "interpreter.ti@demo.neuvo.fi"
# The page's peers' audio (the advisor's: the client's leg, then hers).
STATS = """async () => Promise.all(window.__peers.map(async (pc) => {
  const found = { inbound: {}, outbound: {} };
  (await pc.getStats()).forEach((r) => {
    if (r.kind !== "audio") return;
    if (r.type === "inbound-rtp") found.inbound = { packets: r.packetsReceived,
      bytes: r.bytesReceived, energy: r.totalAudioEnergy ?? 0 };
    if (r.type === "outbound-rtp") found.outbound = { packets: r.packetsSent }; });
  return found; }))"""
# What her browser plays, through a WebAudio analyser: the level (dBFS) at each frequency.
SPECTRUM = """async (hz) => {
  const audio = document.querySelector('[data-testid^="join-audio-"]');
  const context = new AudioContext();
  await context.resume();
  const analyser = context.createAnalyser();
  analyser.fftSize = 8192;
  analyser.smoothingTimeConstant = 0.5;
  context.createMediaStreamSource(audio.srcObject).connect(analyser);
  await new Promise((done) => setTimeout(done, 1500));
  const data = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(data);
  const width = context.sampleRate / analyser.fftSize;
  const found = {};
  for (const f of hz) {
    const i = Math.round(f / width);
    found[f] = Math.max(data[i - 1], data[i], data[i + 1]);
  }
  await context.close();
  return found; }"""


@pytest.fixture
def telephony(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """Janus and the client's phone (speaking 1000 Hz); a Neuvo server with them as its SIP
    connection, on the demo database."""
    folder = tmp_path / "bridge"
    with (
        janus_sip.janus(folder / "janus") as url,
        janus_sip.phone(folder / "client", ring_ms=800, tone_hz=CLIENT_HZ) as client,
    ):
        env = demo_database(folder / "neuvo.db")
        server, base = start_server(
            **env,
            NEUVO_JANUS_URL=url,
            NEUVO_SIP_URI=f"sip:{{number}}@127.0.0.1:{client.port}",
            NEUVO_SIP_FROM="sip:{caller}@127.0.0.1",
        )
        try:
            yield SimpleNamespace(base=base, client=client)
        finally:
            stop_server(server)


@pytest.fixture
def her_tone(tmp_path: Path) -> Path:
    """Five seconds of 600 Hz (sox): the interpreter's microphone."""
    hers = tmp_path / "hers.wav"
    synth = ["synth", "5", "sine", str(INTERPRETER_HZ)]
    subprocess.run(
        ["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(hers), *synth], check=True
    )
    return hers


@pytest.fixture
async def her_browser(telephony, her_tone: Path, tmp_path: Path) -> AsyncIterator[BrowserContext]:
    """The interpreter's own Chromium (another browser: its own microphone, 600 Hz)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "her-profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, f"--use-file-for-fake-audio-capture={her_tone}"],
        )
        try:
            await context.clock.install(time=demo_db.now())
            yield context
        finally:
            await context.close()


def _through_the_room(base: str) -> None:
    """Senait T. joins through the room only: her profile loses the phone mode and number."""
    with httpx.Client(base_url=base) as api:
        answer = api.post("/api/v1/auth/tokens", json={"email": INTERPRETER, "password": _pw()})
        headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        me = api.get("/api/v1/auth/me", headers=headers).json()["staff"]
        path = f"/api/v1/staff/{me['id']}/interpreter-profile"
        profile = api.get(path, headers=headers).json()
        body = {
            "kind": profile["kind"],
            "languages": [{"language": lang["language"]} for lang in profile["languages"]],
            "into_languages": profile["into_languages"],
            "modes": ["video"],
            "phone": None,
        }
        put = api.put(path, json=body, headers=headers)
        assert put.status_code == 200, put.text


def _pw() -> str:
    from scheduling.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _levels(phone: janus_sip.Phone, since: float) -> dict[str, float]:
    samples = phone.relay.since(since)
    return {
        "seconds": len(samples) / 8000,
        "rms": janus_sip.rms(samples),
        **{
            name: janus_sip.level_at(samples, hz)
            for name, hz in (
                ("advisor", ADVISOR_HZ),
                ("client", CLIENT_HZ),
                ("interpreter", INTERPRETER_HZ),
            )
        },
    }


async def _listen(page: Page, seconds: float) -> float:
    began = time.monotonic()
    await page.wait_for_timeout(int(seconds * 1000))
    return began


async def test_the_interpreter_joins_the_call_from_her_browser_and_all_three_hear_each_other(
    telephony, browser, her_browser
):
    base = telephony.base
    made = _book_tigrinya_by_phone(base)
    _through_the_room(base)
    booking = made["booking"]
    sid = booking["id"]

    # Her day view first: no call to join yet.
    her = await her_browser.new_page()
    await her.add_init_script(KEEP_PEERS)
    her_errors: list[str] = []
    her.on("pageerror", lambda error: her_errors.append(str(error)))
    hers_heard: list[str] = []  # every answer to her page, to look for the client's number

    async def keep(response) -> None:  # type: ignore[no-untyped-def]
        if "/api/" in response.url:
            hers_heard.append(await response.text())

    her.on("response", keep)
    await log_in(her, base, INTERPRETER)
    await choose_language(her, "en")
    await _day_of(her, booking)
    her_row = her.get_by_test_id(f"session-{sid}")
    await expect(her_row.get_by_test_id(f"interpreter-joins-{sid}")).to_have_attribute(
        "data-joins", "room"
    )
    await expect(her_row.get_by_test_id(f"interpreter-joins-{sid}")).to_contain_text(
        "or join from your browser when the advisor"
    )
    join = her_row.get_by_test_id(f"join-call-{sid}")
    await expect(join).to_have_count(0)

    # The advisor calls the client through Neuvo.
    page = await browser.new_page()
    await page.add_init_script(KEEP_PEERS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, base, made["advisor"])
    await choose_language(page, "en")
    await _day_of(page, booking)
    await page.set_viewport_size({"width": 1280, "height": 900})
    await tab_to(page, f"bridge-call-{sid}")
    await page.keyboard.press("Enter")
    bar = page.get_by_test_id(f"bridge-bar-{sid}")
    await expect(bar.get_by_test_id(f"bridge-state-{sid}")).to_have_attribute(
        "data-state", "answered", timeout=20_000
    )
    await expect(bar.get_by_test_id(f"bridge-interpreter-{sid}")).to_be_hidden()  # no phone
    await expect(page.get_by_test_id(f"interpreter-joins-{sid}")).to_contain_text(
        "she can join the call from her browser"
    )

    # Her day view learns of the call by itself and offers to join it.
    await expect(join).to_have_text("Join the call", timeout=10_000)
    await her.set_viewport_size({"width": 1280, "height": 900})
    await _scroll(join)
    await _shoot(her, "join-offered-1280")
    await her.set_viewport_size({"width": 360, "height": 780})
    await _scroll(join)
    await _shoot(her, "join-offered-360")
    # On her phone the day's table stands as a card: the way cell as wide as the card, under
    # its heading, not a column a few letters wide.
    way = her_row.locator('td[data-label="Way"]')
    assert (await way.bounding_box())["width"] > 250
    await her.set_viewport_size({"width": 1280, "height": 900})
    await tab_to(her, join)
    await her.keyboard.press("Enter")
    her_bar = her.get_by_test_id(f"join-bar-{sid}")
    her_state = her_bar.get_by_test_id(f"join-state-{sid}")
    await expect(her_state).to_have_attribute("data-state", "answered", timeout=15_000)
    await expect(her_state).to_contain_text("On the call")
    await expect(her_bar.get_by_test_id(f"join-leave-{sid}")).to_be_focused()
    joined = bar.get_by_test_id(f"bridge-joined-state-{sid}")
    await expect(joined).to_contain_text("Interpreter on the call from her browser")

    # The advisor muted: the client and the interpreter hear each other through her mix.
    mute = bar.get_by_test_id(f"bridge-mute-{sid}")
    await mute.click()
    await expect(mute).to_have_attribute("aria-pressed", "true")
    await page.wait_for_timeout(1500)  # the mix settles (jitter buffers fill)
    began = await _listen(page, 2)
    client_heard = _levels(telephony.client, began)
    print("muted: the client's phone heard", client_heard)
    assert client_heard["seconds"] > 1.5, client_heard
    assert client_heard["interpreter"] > 1000, client_heard  # her 600 Hz, from her browser
    assert client_heard["advisor"] < 100, client_heard  # the advisor is muted
    assert client_heard["client"] < client_heard["interpreter"] / 10  # not her own voice
    [her_stats] = await her.evaluate(STATS)
    spectrum = await her.evaluate(SPECTRUM, [ADVISOR_HZ, CLIENT_HZ, INTERPRETER_HZ])
    print("her browser:", her_stats, "spectrum (dBFS)", spectrum)
    assert her_stats["inbound"]["packets"] > 100 and her_stats["inbound"]["energy"] > 0
    assert her_stats["outbound"]["packets"] > 100
    clients_tone = spectrum[str(CLIENT_HZ)]
    assert clients_tone > -50, spectrum  # the client's tone, through the advisor's mix
    assert clients_tone > spectrum[str(INTERPRETER_HZ)] + 20, spectrum  # not her own back
    assert clients_tone > spectrum[str(ADVISOR_HZ)] + 20, spectrum  # the advisor muted
    stats = await page.evaluate(STATS)
    print("the advisor's browser:", stats)
    assert len(stats) == 2 and all(leg["inbound"]["energy"] > 0 for leg in stats), stats

    # Unmuted, her browser hears the advisor too.
    await mute.click()
    await expect(mute).to_have_attribute("aria-pressed", "false")
    await page.wait_for_timeout(1000)
    spectrum = await her.evaluate(SPECTRUM, [ADVISOR_HZ, CLIENT_HZ, INTERPRETER_HZ])
    print("her browser, the advisor unmuted: spectrum (dBFS)", spectrum)
    assert spectrum[str(ADVISOR_HZ)] > -50, spectrum

    # Her view while on the call, wide and narrow: to look at.
    await _scroll(her_row)
    await _shoot(her, "join-on-1280")
    await _scroll(bar)
    await _shoot(page, "join-advisor-1280")
    await her.set_viewport_size({"width": 360, "height": 780})
    await _scroll(her_row)
    await _shoot(her, "join-on-360")
    leave = her_bar.get_by_test_id(f"join-leave-{sid}")
    for button in (leave, her_bar.get_by_test_id(f"join-mute-{sid}")):
        box = await button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["y"] + box["height"] <= 780, box
    await her.set_viewport_size({"width": 1280, "height": 900})

    # She leaves; the advisor's browser closes her leg; the client's call goes on.
    await leave.focus()
    await her.keyboard.press("Enter")
    await expect(her_bar).to_have_count(0)
    await expect(her.get_by_test_id(f"join-ended-{sid}")).to_have_text("The call ended.")
    await expect(joined).to_have_text("The interpreter left the call.", timeout=10_000)
    await expect(bar.get_by_test_id(f"bridge-state-{sid}")).to_have_attribute(
        "data-state", "answered"
    )
    await mute.click()
    await page.wait_for_timeout(1000)
    began = await _listen(page, 1.5)
    alone = _levels(telephony.client, began)
    print("after she left: the client's phone heard", alone)
    assert alone["seconds"] > 1 and alone["interpreter"] < 100, alone

    # She joins again; this time the advisor ends her leg, and her browser learns of it.
    await expect(join).to_be_visible(timeout=10_000)
    await join.click()
    await expect(her_state).to_have_attribute("data-state", "answered", timeout=15_000)
    await expect(joined).to_contain_text("Interpreter on the call from her browser")
    await bar.get_by_test_id(f"bridge-joined-hangup-{sid}").click()
    await expect(joined).to_have_text("The interpreter left the call.")
    await expect(her_bar).to_have_count(0, timeout=10_000)
    await expect(her.get_by_test_id(f"join-ended-{sid}")).to_have_text("The call ended.")

    # The advisor hangs up: all legs kept, hers apart and no try at the client.
    await bar.get_by_test_id(f"bridge-hangup-{sid}").click()
    await expect(page.get_by_test_id(f"bridge-ended-{sid}")).to_have_text("Call ended: Reached")
    assert telephony.client.wait() == 0
    tries = page.get_by_test_id(f"calls-{sid}").locator("li")
    await expect(tries).to_have_count(3)
    await expect(tries.nth(1)).to_have_attribute("data-party", "interpreter")
    await expect(tries.nth(2)).to_contain_text("Interpreter: Reached")
    await expect(page.get_by_test_id(f"unanswered-{sid}")).to_have_attribute("data-count", "0")
    await expect(join).to_have_count(0, timeout=10_000)  # no call to join any more
    assert errors == [] and her_errors == []
    digits = CLIENT_PHONE.removeprefix("+358")
    assert len(hers_heard) > 5
    assert not any(CLIENT_PHONE in text or digits in text for text in hers_heard)

    async with httpx.AsyncClient(base_url=base) as api:
        advisor = await _token_of(api, made["advisor"])
        day = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI).date()
        mine = (await api.get("/api/v1/bookings", params={"on": day}, headers=advisor)).json()
        kept = next(b for b in mine if b["id"] == sid)["phone"]["calls"]
        assert [(c["party"], c["way"], c["outcome"]) for c in kept] == [
            ("client", "phone", "reached"),
            ("interpreter", "browser", "reached"),
            ("interpreter", "browser", "reached"),
        ]
        assert all(c["answered_at"] < c["ended_at"] for c in kept)
