"""The room page in real headless Chromium (fake camera and microphone): against an aiortc
peer, against a second Chromium page, and through the device test."""

import contextlib
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.conftest import browser_context  # noqa: F401 (a fixture)
from tests.e2e.sound import recorder, serious_violations, start
from tests.factories import PASSWORD
from tests.video.conftest import Site
from tests.video.peer import Participant, get_pass

STATE = "[data-testid=status][data-connection-state={!r}]"
SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-start-shots"


async def _page(
    context, site: Site, issued: dict, lang: str, script: str | None = None, tap: bool = True
):
    """The room page opened from its link; its start control tapped unless ``tap`` is false."""
    page = await context.new_page()
    if script:
        await page.add_init_script(script)
    await page.goto(f"{site.base}{issued['room_url']}#t={issued['token']}&lang={lang}")
    await page.wait_for_selector("[data-testid=join]:visible")
    if tap:
        await start(page)
    return page


async def _shots(page, name: str) -> None:
    """The page as it is now at 1280 and at 360 px, to look at."""
    SHOTS.mkdir(exist_ok=True)
    for size in ({"width": 1280, "height": 800}, {"width": 360, "height": 740}):
        await page.set_viewport_size(size)
        await page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"))


async def test_a_client_in_chromium_waits_is_admitted_and_talks_to_an_aiortc_advisor(
    site: Site,
    browser_context,  # noqa: F811
):
    w = site.world
    advisor = Participant(
        site.base, w.open.id, (await get_pass(site.base, room=w.open.id, person=w.advisor))["token"]
    )
    try:
        await advisor.join()
        issued = await get_pass(site.base, client_token=w.open.client_token)
        page = await _page(browser_context, site, issued, "ar")
        assert await page.get_attribute("html", "dir") == "rtl"
        await page.click("[data-testid=join]")
        await page.wait_for_selector(STATE.format("waiting"))
        status = page.locator("[data-testid=status]")
        assert await status.get_attribute("aria-live") == "polite"
        assert await status.get_attribute("lang") == "ar"
        assert (await status.text_content()).strip()

        waiting = await advisor.wait_for("waiting")
        assert waiting["peer"]["language"] == "ar"
        await advisor.send({"type": "admit", "peer": waiting["peer"]["id"]})
        await page.wait_for_selector(STATE.format("connected"), timeout=20000)
        assert await advisor.hears(waiting["peer"]["id"], frames=5, timeout=20), (
            "no sound from Chromium's microphone reached the advisor"
        )
        # The advisor's tone plays in the page's tile.
        await page.wait_for_function(
            "() => [...document.querySelectorAll('#tiles video')].some(v => v.srcObject"
            " && v.srcObject.getAudioTracks().length)"
        )
        await page.click("[data-testid=leave]")
        await page.wait_for_selector(STATE.format("closed"))
        await advisor.wait_for("peer_left", id=waiting["peer"]["id"])
    finally:
        with contextlib.suppress(Exception):
            await advisor.close()


async def test_two_chromium_pages_meet_after_the_advisor_admits_by_a_tap(
    site: Site,
    browser_context,  # noqa: F811
):
    w = site.world
    host_pass = await get_pass(site.base, room=w.open.id, person=w.advisor)
    host = await _page(browser_context, site, host_pass, "fi")
    await host.click("[data-testid=join]")
    await host.wait_for_selector(STATE.format("joined"))
    assert await host.is_visible("[data-testid=waiting-list]")

    # This session needs an interpreter: the host sees that she has not joined yet.
    state = host.get_by_test_id("interpreter-state")
    assert await state.is_visible() and await state.get_attribute("data-present") == "false"

    client = await _page(
        browser_context,
        site,
        await get_pass(site.base, client_token=w.open.client_token),
        "ar",
        recorder(),
        tap=False,
    )
    await _shots(client, "room-ar")
    assert await client.evaluate("window.__played") == []
    # One tap on the start control: the waiting room's question, in Arabic.
    await start(client)
    await client.wait_for_function(
        "() => window.__played.length && window.__played[0].includes('/audio/ar/p/room_ready.')"
    )
    await client.click("[data-testid=join]")
    await client.wait_for_selector(STATE.format("waiting"))
    await client.evaluate("window.__played = []; window.__spoken = []")
    row = host.locator("[data-testid=waiting-list] li[data-language=ar]")
    await row.locator("[data-testid=admit]").click()
    for page in (host, client):
        await page.wait_for_selector(STATE.format("connected"), timeout=20000)
    # Let in, the client hears "you are in the call" (Arabic's generated file).
    await client.wait_for_function("window.__played.some((u) => u.includes('/p/room_in.'))")
    # Each sees themselves in the call, beside the others.
    for page in (host, client):
        await page.wait_for_function(
            "() => { const v = document.querySelector('#tiles [data-testid=self-view]');"
            " return v && !v.hidden && v.videoWidth > 0; }",
            timeout=15000,
        )
    # Each sees the other's camera: a video tile whose track is live.
    for page in (host, client):
        await page.wait_for_function(
            "() => [...document.querySelectorAll('#tiles video')].some(v => v.videoWidth > 0)",
            timeout=15000,
        )
    assert await host.locator("[data-testid=waiting-list] [data-testid=admit]").count() == 0
    await client.close()
    await host.close()


async def test_the_device_test_shows_the_client_themselves_and_the_round_trip(
    site: Site,
    browser_context,  # noqa: F811
):
    issued = await get_pass(site.base, client_token=site.world.second.client_token)
    page = await _page(browser_context, site, issued, "so")
    self_view = page.locator("[data-testid=self-view]")
    assert await self_view.is_hidden()  # no black box before the camera is asked for
    await page.click("[data-testid=device-test]")
    await page.wait_for_selector("[data-testid=screen-test]:visible")
    await page.wait_for_selector(STATE.format("test-connected"), timeout=20000)
    # Connected: the status no longer says "connecting".
    assert await page.get_by_test_id("status").inner_text() == ""
    await page.wait_for_function(
        "() => document.querySelector('#echo').videoWidth > 0", timeout=15000
    )
    figures = page.locator("[data-testid=test-figures]")
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=test-figures]').dataset.roundTripMs !== ''",
        timeout=20000,
    )
    # A round trip was measured and shown (how fast is the benchmarks' business: on a loaded
    # machine running the suite's four workers, loopback took 135 ms once).
    assert 0 < float(await figures.get_attribute("data-round-trip-ms")) < 5000
    await page.click("[data-testid=test-end]")
    await page.wait_for_selector("[data-testid=screen-ready]:visible")
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=self-view]').videoWidth > 0"
    )  # back on the first screen, the client sees themselves


async def test_the_booking_link_leads_into_the_room(site: Site, browser_context):  # noqa: F811
    page = await browser_context.new_page()
    await page.goto(f"{site.base}/b/{site.world.open.client_token}")
    await start(page)  # sound allowed here is allowed in the room too: no second start
    await page.click("[data-testid=join-room]")
    await page.wait_for_selector("[data-testid=screen-ready]:visible")
    assert await page.get_by_test_id("start").count() == 0
    assert "/room/" in page.url and "#t=" in page.url and "lang=ar" in page.url
    await page.click("[data-testid=join]")
    await page.wait_for_selector(STATE.format("waiting"))
    # Speech first: the waiting prompt is there in the client's language, with its speaker.
    prompt = page.locator("#call-prompt")
    assert await prompt.get_attribute("lang") == "ar"
    assert await prompt.locator("button.speak").count() == 1
    assert await prompt.locator(".machine").count() == 1  # Arabic is machine translated


async def test_the_advisor_joins_from_the_console_and_switches_to_the_phone(
    site: Site,
    browser_context,  # noqa: F811
):
    """Last in this module: it moves the "second" session to the phone for good."""
    w = site.world
    console = await browser_context.new_page()
    await console.goto(f"{site.base}/console")
    await console.fill("input[name=email]", w.advisor.email)
    await console.fill("input[name=password]", PASSWORD)
    await console.click("#login [type=submit]")
    await console.click("[data-testid=tab-sessions]")
    day = w.second.starts_at.astimezone(ZoneInfo("Europe/Helsinki")).date().isoformat()
    await console.fill("[data-testid=sessions-day]", day)
    await console.dispatch_event("[data-testid=sessions-day]", "change")
    async with console.expect_popup() as popup:
        await console.click(f"[data-testid=join-{w.second.id}]")
    room = await popup.value
    await room.wait_for_selector("[data-testid=join]:visible")
    await start(room)
    await room.click("[data-testid=join]")
    await room.wait_for_selector(STATE.format("joined"))
    # The advisor speaks the client's language here: no word of an interpreter.
    state = room.get_by_test_id("interpreter-state")
    assert await state.is_hidden() and not (await state.text_content() or "").strip()

    client = await _page(
        browser_context, site, await get_pass(site.base, client_token=w.second.client_token), "ar"
    )
    await client.click("[data-testid=join]")
    await client.wait_for_selector(STATE.format("waiting"))
    await room.click("[data-testid=to-phone]")
    for page in (room, client):
        await page.wait_for_selector("[data-testid=screen-ended]:visible")
        await page.wait_for_selector(STATE.format("phone"))
    assert await client.get_attribute("#ended-prompt", "lang") == "ar"


async def test_the_booking_page_and_every_room_screen_have_no_serious_accessibility_violation(
    site: Site,
    browser_context,  # noqa: F811
):
    """axe-core on what a client sees on the way into a call, at 360 px, right to left."""
    page = await browser_context.new_page()
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto(f"{site.base}/b/{site.world.open.client_token}")
    await page.wait_for_selector("[data-testid=join-room]:visible")
    found = {"booking": await serious_violations(page)}  # under its start control
    await start(page)
    await page.click("[data-testid=join-room]")
    await page.wait_for_selector("[data-testid=screen-ready]:visible")
    found["ready"] = await serious_violations(page)
    await page.click("[data-testid=device-test]")
    await page.wait_for_selector(STATE.format("test-connected"), timeout=20000)
    found["device test"] = await serious_violations(page)
    await page.click("[data-testid=test-end]")
    await page.click("[data-testid=join]")
    await page.wait_for_selector(STATE.format("waiting"))
    found["waiting"] = await serious_violations(page)
    await page.click("[data-testid=leave]")
    await page.wait_for_selector("[data-testid=screen-ended]:visible")
    found["ended"] = await serious_violations(page)
    assert not any(found.values()), found
