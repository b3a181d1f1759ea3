"""Issue 15, point 3, in real Chromium with a fake microphone fed from a WAV file: a Tigrinya
recorder records a prompt with MediaRecorder in the console's studio, listens back and sends
it; a second person approves; the Tigrinya client page then plays that recording; a release
that changes the prompt's text shows the take as stale and no client hears it any more."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.e2e import keys, studio
from tests.e2e.keys import choose_language
from tests.e2e.sound import choose_municipality, recorder, serious_violations, start

RECORDER = "interpreter.ti@demo.neuvo.fi"  # Senait T., an interpreter of Tigrinya
ADMIN = "interpreter.ar@demo.neuvo.fi"  # Layla A., admin of the interpreting organisation,
# named by the platform the reviewer of Tigrinya (she approves what every client hears)
PROMPT = "what_help"  # the services screen's question, played on arrival


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[studio.Server]:
    """A server on a database of each test's own: a rerun after a failure starts clean, not
    with the first try's take waiting (which made a second pending take, and failed again)."""
    running = studio.Server(tmp_path_factory.mktemp("studio"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def microphone_context(tmp_path: Path) -> AsyncIterator[object]:
    """Chromium whose fake microphone says a swelling tone, over and over."""
    async with studio.microphone(tmp_path, hertz=330.0) as made:
        yield made


async def _log_in(context, base: str, email: str):  # type: ignore[no-untyped-def]
    await context.clear_cookies()  # the one browser serves both staff members in turn
    page = await context.new_page()
    await page.goto(base + "/console#recordings")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "en")
    await page.get_by_test_id("tab-recordings").click()
    panel = page.get_by_test_id("panel-recordings")
    await expect(panel.get_by_test_id("speech-coverage")).to_be_visible()
    await panel.get_by_label("Language").select_option("ti")
    await expect(panel.get_by_test_id("speech-studio")).to_have_attribute("data-lang", "ti")
    await expect(panel.locator('[data-key="prompt:what_help"]')).to_be_visible()
    return page, panel


async def test_a_tigrinya_take_recorded_in_the_studio_is_heard_once_approved_until_its_text_changes(
    server, microphone_context
):
    with studio.bearer(server.base, ADMIN) as admin:
        studio.assign(admin, RECORDER, "ti")
    studio.name_reviewer(server.base, ADMIN, "ti")  # the platform names who approves for all

    page, panel = await _log_in(microphone_context, server.base, RECORDER)
    row = panel.locator(f'[data-key="prompt:{PROMPT}"]')
    await expect(row).to_have_attribute("data-heard", "none")  # no Tigrinya voice, no file
    record = row.get_by_role("button", name="Record")
    await record.click()
    # The microphone opens and the recorder starts: seconds on a loaded machine, not a stall.
    await expect(row.get_by_role("button", name="Stop")).to_be_visible(timeout=20_000)
    await page.wait_for_timeout(2000)  # speak for two seconds (the take's length, no assertion)
    await row.get_by_role("button", name="Stop").click()
    await expect(row.get_by_role("button", name="Record again")).to_be_visible(timeout=20_000)
    # Listen back: the take plays in the page before it is sent.
    take_player = row.locator(".recorder audio")
    await expect(take_player).to_be_visible()
    await take_player.evaluate("(a) => a.play()")
    await page.wait_for_function(
        "(a) => a.currentTime > 0.3 || a.ended", arg=await take_player.element_handle()
    )
    await row.get_by_role("button", name="Send").click()
    pending = row.locator('li[data-status="pending"]')
    await expect(pending).to_have_count(1)
    # Nobody approves their own take: no button for the recorder.
    await expect(pending.get_by_role("button", name="Approve")).to_have_count(0)
    await page.close()

    page, panel = await _log_in(microphone_context, server.base, ADMIN)
    row = panel.locator(f'[data-key="prompt:{PROMPT}"]')
    await row.locator('li[data-status="pending"]').get_by_role("button", name="Approve").click()
    await expect(row.locator('li[data-status="approved"]')).to_have_count(1)
    await expect(row).to_have_attribute("data-heard", "recorded")
    listen = await row.locator('li[data-status="approved"] audio').get_attribute("src")
    recorded = await page.evaluate(
        "(u) => fetch(u).then((r) => r.arrayBuffer()).then((b) => [...new Uint8Array(b)])", listen
    )
    await page.close()

    async with httpx.AsyncClient() as api:
        manifest = (await api.get(server.base + "/audio/ti/manifest.json")).json()
    url = manifest["prompts"][PROMPT]
    assert url.startswith(f"/audio/ti/p/{PROMPT}."), url
    client = await microphone_context.new_page()
    await client.add_init_script(recorder())
    await client.goto(server.base + "/")
    await start(client)
    await client.get_by_test_id("language-ti").click()
    await client.get_by_test_id("language-ti-ok").click()
    await choose_municipality(client)
    await client.wait_for_function("(u) => window.__played.some((p) => p.endsWith(u))", arg=url)
    async with httpx.AsyncClient() as api:
        served = await api.get(server.base + url)
    assert served.content == bytes(recorded)  # the very take that was approved
    assert studio.heard_seconds(server.base, url) > 0.3
    await client.close()

    server.release_with("ti", PROMPT, "ሓገዝ ክንገብረልኩም ንኽእል ዶ?")
    page, panel = await _log_in(microphone_context, server.base, ADMIN)
    row = panel.locator(f'[data-key="prompt:{PROMPT}"]')
    approved = row.locator('li[data-status="approved"]')
    await expect(approved).to_have_attribute("data-stale", "true")
    await expect(approved.locator(".stale")).to_be_visible()
    await expect(row).to_have_attribute("data-heard", "none")
    async with httpx.AsyncClient() as api:
        manifest = (await api.get(server.base + "/audio/ti/manifest.json")).json()
    assert PROMPT not in manifest["prompts"]  # a take of the old words is never played


async def test_the_recordings_tab_has_no_serious_accessibility_violation(
    server, microphone_context
):
    with studio.bearer(server.base, ADMIN) as admin:
        studio.assign(admin, RECORDER, "ti")
    studio.name_reviewer(server.base, ADMIN, "ti")  # the platform names who approves for all
    page, panel = await _log_in(microphone_context, server.base, RECORDER)
    await expect(panel.get_by_test_id("speech-studio")).to_be_visible()
    assert await serious_violations(page) == []


async def test_two_takes_are_recorded_and_approved_by_keyboard_alone(server, microphone_context):
    """Record, stop and send with Enter; the focus goes on to the next prompt's recorder. The
    second person approves with Enter and Space; the focus goes on to the next waiting take."""
    with studio.bearer(server.base, ADMIN) as admin:
        studio.assign(admin, RECORDER, "ti")
    studio.name_reviewer(server.base, ADMIN, "ti")  # the platform names who approves for all
    await microphone_context.clear_cookies()
    page = await microphone_context.new_page()
    await keys.log_in(page, server.base, RECORDER, "/console#recordings")
    await choose_language(page, "en")
    panel = page.get_by_test_id("panel-recordings")
    await keys.tab_to(page, panel.get_by_label("Language"))
    await page.keyboard.type("ti")  # the recorder's own language, picked by typing
    await expect(panel.get_by_label("Language")).to_have_value("ti")
    await expect(panel.get_by_test_id("speech-studio")).to_have_attribute("data-lang", "ti")
    rows = panel.get_by_test_id("speech-studio").locator("tbody tr")
    await expect(rows.first).to_be_visible()
    first, second = rows.nth(0), rows.nth(1)
    keys_of = [await row.get_attribute("data-key") for row in (first, second)]

    await keys.tab_to(page, first.get_by_role("button", name="Record"))
    for row in (first, second):
        record = row.locator(".recorder button").first
        await expect(record).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(record).to_have_text("Stop")
        await page.wait_for_timeout(1500)
        await page.keyboard.press("Enter")
        await expect(record).to_have_text("Record again")
        await keys.tab_to(page, row.get_by_role("button", name="Send"))
        await page.keyboard.press("Enter")
        await expect(row.locator('li[data-status="pending"]')).to_have_count(1)
        # The list is drawn again, and the next prompt's Record button has the focus.
    await expect(rows.nth(2).locator(".recorder button").first).to_be_focused()
    await page.close()

    await microphone_context.clear_cookies()
    page = await microphone_context.new_page()
    await keys.log_in(page, server.base, ADMIN, "/console#recordings")
    panel = page.get_by_test_id("panel-recordings")
    await keys.tab_to(page, panel.get_by_label("Language"))
    await page.keyboard.type("ti")
    await expect(panel.get_by_test_id("speech-studio")).to_have_attribute("data-lang", "ti")
    first, second = (panel.locator(f'tr[data-key="{key}"]') for key in keys_of)
    await keys.tab_to(page, first.get_by_role("button", name="Approve"))
    await page.keyboard.press("Enter")
    await expect(first.locator('li[data-status="approved"]')).to_have_count(1)
    await expect(second.get_by_role("button", name="Approve")).to_be_focused()
    await page.keyboard.press("Space")
    await expect(second.locator('li[data-status="approved"]')).to_have_count(1)
    await expect(panel).to_be_focused()  # nothing left to decide
    await page.close()
