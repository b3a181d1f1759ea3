"""The interpreter dialled into a bridged phone session, in real Chromium against real
telephony on loopback: the advisor calls the client through Neuvo, then presses "Call the
interpreter in"; Neuvo dials the interpreter's number as a second Janus leg, a trunk on
loopback routing each number to its own `sipp` phone. Each phone speaks a tone of its own
(the client 1000 Hz, the interpreter 700 Hz; the advisor's microphone is 440 Hz) and keeps
what it hears, decoded from the G.711 RTP. The advisor's browser mixes the call: with her
microphone muted, the interpreter's phone still hears the client's tone and the client's
phone the interpreter's, which can only have come through the mix. Her leg ends alone; the
client's call goes on, then ends; both legs stay on the session, the interpreter's apart."""

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.async_api import Page, expect

from tests import janus_sip
from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.keys import choose_language, log_in, tab_to
from tests.e2e.test_phone_bridge import (
    HELSINKI,
    KEEP_PEERS,
    _day_of,
    _scroll,
    _shoot,
    _token_of,
)
from tests.e2e.test_phone_bridge import browser as browser  # the fixtures
from tests.e2e.test_phone_bridge import tone as tone
from tests.e2e.test_phone_sessions import CLIENT_PHONE, _book_tigrinya_by_phone

ADVISOR_HZ, CLIENT_HZ, INTERPRETER_HZ = 440, 1000, 700
# Every peer's audio, in the order the page made them (the client's leg, the interpreter's).
STATS = """async () => Promise.all(window.__peers.map(async (pc) => {
  const found = { inbound: {}, outbound: {} };
  (await pc.getStats()).forEach((r) => {
    if (r.kind !== "audio") return;
    if (r.type === "inbound-rtp") found.inbound = { packets: r.packetsReceived,
      bytes: r.bytesReceived, energy: r.totalAudioEnergy ?? 0 };
    if (r.type === "outbound-rtp") found.outbound = { packets: r.packetsSent }; });
  return found; }))"""


@pytest.fixture
def telephony(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """Janus, the client's phone and the interpreter's (each speaking its tone) behind one
    trunk; a Neuvo server with them as its SIP connection, on the demo database."""
    folder = tmp_path / "bridge"
    phones: dict[str, janus_sip.Phone] = {}
    with (
        janus_sip.janus(folder / "janus") as url,
        janus_sip.phone(folder / "client", ring_ms=800, tone_hz=CLIENT_HZ) as client,
        janus_sip.phone(folder / "interpreter", ring_ms=800, tone_hz=INTERPRETER_HZ) as hers,
        janus_sip.trunk(phones) as trunk,
    ):
        phones[CLIENT_PHONE] = client
        env = demo_database(folder / "neuvo.db")
        server, base = start_server(
            **env,
            NEUVO_JANUS_URL=url,
            NEUVO_SIP_URI=f"sip:{{number}}@127.0.0.1:{trunk.port}",
            NEUVO_SIP_FROM="sip:{caller}@127.0.0.1",
        )
        try:
            yield SimpleNamespace(
                base=base, client=client, interpreter=hers, phones=phones, trunk=trunk
            )
        finally:
            stop_server(server)


def _levels(phone: janus_sip.Phone, since: float) -> dict[str, float]:
    """What ``phone`` heard since ``since``: its loudness (RMS) and each tone's amplitude."""
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
    """Let ``seconds`` of audio pass; when they began (the phones' clock)."""
    began = time.monotonic()
    await page.wait_for_timeout(int(seconds * 1000))
    return began


async def test_the_interpreter_is_dialled_in_and_the_advisors_browser_mixes_the_call(
    telephony, browser
):
    base = telephony.base
    made = _book_tigrinya_by_phone(base)
    booking, number = made["booking"], made["interpreter_phone"]
    telephony.phones[number] = telephony.interpreter  # her number rings her phone
    sid = booking["id"]
    page = await browser.new_page()
    await page.add_init_script(KEEP_PEERS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Every answer of the bridge's routes to the page, to look for numbers in (the day view
    # carries her number on purpose: the advisor calls her by hand should the bridge fail).
    answers: list[str] = []

    async def keep(response) -> None:  # type: ignore[no-untyped-def]
        if "/bridge" in response.url:
            answers.append(await response.text())

    page.on("response", keep)
    await log_in(page, base, made["advisor"])
    await choose_language(page, "en")
    await _day_of(page, booking)
    row = page.get_by_test_id(f"session-{sid}")
    joins = row.get_by_test_id(f"interpreter-joins-{sid}")
    await expect(joins).to_have_attribute("data-joins", "phone")
    await expect(joins).to_contain_text("Neuvo calls her in during the call")
    await expect(joins).to_contain_text("or call her yourself")  # should the bridge fail
    await expect(row.get_by_test_id(f"interpreter-tel-{sid}")).to_have_attribute(
        "href", f"tel:{number}"
    )
    await page.set_viewport_size({"width": 1280, "height": 900})
    await tab_to(page, f"bridge-call-{sid}")
    await page.keyboard.press("Enter")
    bar = page.get_by_test_id(f"bridge-bar-{sid}")
    await expect(bar.get_by_test_id(f"bridge-state-{sid}")).to_have_attribute(
        "data-state", "answered", timeout=20_000
    )

    # Her button comes once the client answered; by keyboard, as the rest of the bar.
    dial = bar.get_by_test_id(f"bridge-interpreter-call-{sid}")
    await expect(dial).to_have_text("Call the interpreter in")
    await dial.focus()
    await page.keyboard.press("Enter")
    hers = bar.get_by_test_id(f"bridge-interpreter-state-{sid}")
    await expect(hers).to_have_attribute("data-state", "answered", timeout=20_000)
    await expect(hers).to_contain_text("Interpreter on the call")
    end_hers = bar.get_by_test_id(f"bridge-interpreter-hangup-{sid}")
    await expect(end_hers).to_be_focused()
    [invite] = telephony.trunk.invites[number]
    assert CLIENT_PHONE not in invite and "5553361" not in invite  # never the client's number
    assert CLIENT_PHONE not in "".join(telephony.trunk.invites[CLIENT_PHONE][1:])

    # Unmuted: each phone hears the advisor and the other phone.
    await page.wait_for_timeout(1500)  # the mix settles (jitter buffers fill)
    began = await _listen(page, 2)
    client_heard = _levels(telephony.client, began)
    hers_heard = _levels(telephony.interpreter, began)
    print("unmuted: client heard", client_heard, "interpreter heard", hers_heard)
    assert client_heard["seconds"] > 1.5 and hers_heard["seconds"] > 1.5
    assert client_heard["interpreter"] > 1000, client_heard  # her 700 Hz, through the mix
    assert hers_heard["client"] > 1000, hers_heard  # the client's 1000 Hz, through the mix
    assert client_heard["advisor"] > 200 and hers_heard["advisor"] > 200  # and the advisor
    assert client_heard["client"] < client_heard["interpreter"] / 10  # not her own voice back
    assert hers_heard["interpreter"] < hers_heard["client"] / 10

    # Muted: the advisor's microphone leaves both mixes; the phones still hear each other.
    mute = bar.get_by_test_id(f"bridge-mute-{sid}")
    await mute.click()
    await expect(mute).to_have_attribute("aria-pressed", "true")
    await page.wait_for_timeout(1000)
    began = await _listen(page, 2)
    client_muted = _levels(telephony.client, began)
    hers_muted = _levels(telephony.interpreter, began)
    print("muted: client heard", client_muted, "interpreter heard", hers_muted)
    assert hers_muted["client"] > 1000, hers_muted  # the client, with no microphone in the mix
    assert client_muted["interpreter"] > 1000, client_muted
    assert hers_muted["advisor"] < 100 and client_muted["advisor"] < 100  # she is silent
    # The advisor hears both legs (the browser's own figures, both peers).
    stats = await page.evaluate(STATS)
    print("browser", stats)
    assert len(stats) == 2, stats
    for leg in stats:
        assert leg["inbound"]["packets"] > 100 and leg["inbound"]["energy"] > 0, stats
        assert leg["outbound"]["packets"] > 100, stats

    # The bar with both legs, wide and narrow: to look at.
    await _scroll(row)
    await _shoot(page, "bridge-interpreter-1280")
    await page.set_viewport_size({"width": 360, "height": 780})
    await _scroll(row)
    await _shoot(page, "bridge-interpreter-360")
    for button in (end_hers, mute, bar.get_by_test_id(f"bridge-hangup-{sid}")):
        box = await button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["y"] + box["height"] <= 780, box
    await page.set_viewport_size({"width": 1280, "height": 900})

    # Her leg ends alone: her phone gets its BYE, the client's call goes on without her.
    await end_hers.focus()
    await page.keyboard.press("Enter")
    await expect(hers).to_have_text("The interpreter's call ended: Reached")
    await expect(dial).to_be_focused()  # she may be called in again
    assert telephony.interpreter.wait() == 0
    await expect(bar.get_by_test_id(f"bridge-state-{sid}")).to_have_attribute(
        "data-state", "answered"
    )
    await page.wait_for_timeout(500)
    began = await _listen(page, 1.5)
    alone = _levels(telephony.client, began)
    print("after her leg ended: client heard", alone)
    assert alone["seconds"] > 1 and alone["interpreter"] < 100  # she is gone from the mix

    # The client's call ends: both legs kept, hers apart and no try at the client.
    await bar.get_by_test_id(f"bridge-hangup-{sid}").click()
    await expect(page.get_by_test_id(f"bridge-ended-{sid}")).to_have_text("Call ended: Reached")
    await expect(bar).to_have_count(0)
    assert telephony.client.wait() == 0
    tries = page.get_by_test_id(f"calls-{sid}").locator("li")
    await expect(tries).to_have_count(2)
    await expect(tries.nth(1)).to_have_attribute("data-party", "interpreter")
    await expect(tries.nth(1)).to_contain_text("Interpreter: Reached")
    await expect(page.get_by_test_id(f"unanswered-{sid}")).to_have_attribute("data-count", "0")
    assert errors == []
    digits = number.removeprefix("+358")
    assert len(answers) > 5 and not any(number in a or digits in a for a in answers)

    import httpx

    async with httpx.AsyncClient(base_url=base) as api:
        advisor = await _token_of(api, made["advisor"])
        day = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI).date()
        mine = (await api.get("/api/v1/bookings", params={"on": day}, headers=advisor)).json()
        kept = next(b for b in mine if b["id"] == sid)["phone"]["calls"]
        assert [(c["party"], c["attempt"], c["outcome"]) for c in kept] == [
            ("client", 1, "reached"),
            ("interpreter", 1, "reached"),
        ]
        assert all(c["answered_at"] < c["ended_at"] for c in kept)
