"""The contact step's choice of how the reminder comes, in real Chromium: where Neuvo can
call (a telephone connection is configured), an Arabic client (whose reminder can be spoken)
sees "call me" chosen, adds the text message too, and the booking carries the choice; where
it cannot, no call is offered and the booking says nothing of it. Screenshots at 360 and
1280 px (in the test's folder)."""

import json
import re
from collections.abc import Iterator

import pytest
from playwright.async_api import expect

from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.sound import recorder, serious_violations
from tests.e2e.test_client_booking import _to_the_contact_step

# An HTTP voice API that nothing answers: calls can be placed as far as Neuvo knows (a call
# that the in-process worker tries fails and waits for its retry; no test here needs one).
NOWHERE = {
    "NEUVO_VOICE_GATEWAY": "http",
    "VOICE_API_URL": "http://127.0.0.1:9/a1",
    "VOICE_API_USERNAME": "neuvo",
    "VOICE_API_PASSWORD": "not-a-secret-anywhere",
    "VOICE_API_FROM": "+358931234567",
}


@pytest.fixture(scope="module")
def calling_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server started the way `make run` starts it, with a voice connection configured."""
    env = demo_database(tmp_path_factory.mktemp("calling") / "neuvo.db")
    server, base = start_server(**env, **NOWHERE)
    try:
        yield base
    finally:
        stop_server(server)


async def test_a_client_chooses_a_call_and_a_text_message_for_the_reminder(
    calling_server, browser_context, tmp_path
) -> None:
    page = await browser_context.new_page()
    await page.add_init_script(recorder())
    await _to_the_contact_step(page, calling_server, "ar")
    call, sms = page.get_by_test_id("remind-call"), page.get_by_test_id("remind-sms")
    await expect(call).to_have_attribute("aria-pressed", "true")  # Arabic can be spoken
    await expect(sms).to_have_attribute("aria-pressed", "false")
    await page.get_by_test_id("contact-phone").fill("040 777 8899")
    for width, height in ((360, 780), (1280, 900)):
        await page.set_viewport_size({"width": width, "height": height})
        await page.get_by_test_id("reminder-way").scroll_into_view_if_needed()
        await page.screenshot(path=str(tmp_path / f"reminder-way-{width}.png"))
    assert await serious_violations(page) == []
    await page.evaluate("window.__played = []")
    await sms.click()  # heard (its recorded or generated file), and chosen besides the call
    await expect(sms).to_have_attribute("aria-pressed", "true")
    await page.wait_for_function("window.__played.some((src) => src.includes('remind_sms'))")
    await call.click()  # the call off: a text message only ...
    await expect(call).to_have_attribute("aria-pressed", "false")
    await sms.click()  # ... and never no way at all: turning it off turns the call on
    await expect(call).to_have_attribute("aria-pressed", "true")
    await expect(sms).to_have_attribute("aria-pressed", "false")
    await sms.click()
    await page.locator("#next").click()
    await expect(page.get_by_test_id("screen-confirm")).to_be_visible()
    async with page.expect_request(
        lambda r: r.url.endswith("/api/v1/bookings") and r.method == "POST"
    ) as sent:
        await page.get_by_test_id("book").click()
    await page.wait_for_url(re.compile(r"/b/[A-Za-z0-9_-]{40,}$"))
    body = json.loads((await sent.value).post_data or "{}")
    assert body["reminder_by"] == "call_and_sms"


async def test_without_a_voice_connection_no_call_is_offered(
    live_server, browser_context, tmp_path
) -> None:
    page = await browser_context.new_page()
    await _to_the_contact_step(page, live_server, "ar")
    manifest = await page.evaluate("fetch('/audio/ar/manifest.json').then((r) => r.json())")
    assert manifest["calls"] is False and "call_key1" in manifest["prompts"]
    await expect(page.locator("#reminder-note")).to_be_visible()
    await page.get_by_test_id("contact-phone").fill("040 777 8899")
    await page.set_viewport_size({"width": 360, "height": 780})
    await page.screenshot(path=str(tmp_path / "no-call-360.png"), full_page=True)
    await expect(page.get_by_test_id("remind-call")).to_have_count(0)
    await expect(page.get_by_test_id("remind-sms")).to_have_count(0)
    await page.locator("#next").click()
    await expect(page.get_by_test_id("screen-confirm")).to_be_visible()
    async with page.expect_request(
        lambda r: r.url.endswith("/api/v1/bookings") and r.method == "POST"
    ) as sent:
        await page.get_by_test_id("book").click()
    await page.wait_for_url(re.compile(r"/b/[A-Za-z0-9_-]{40,}$"))
    body = json.loads((await sent.value).post_data or "{}")
    assert "reminder_by" not in body
