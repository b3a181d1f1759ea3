"""The contact step's choice of how the reminder comes, in real Chromium: an Arabic client
(whose reminder can be spoken) sees "call me" chosen, adds the text message too, and the
booking carries the choice; screenshots at 360 and 1280 px (in the test's folder)."""

import json
import re

from playwright.async_api import expect

from tests.e2e.sound import recorder, serious_violations
from tests.e2e.test_client_booking import _to_the_contact_step


async def test_a_client_chooses_a_call_and_a_text_message_for_the_reminder(
    live_server, browser_context, tmp_path
) -> None:
    page = await browser_context.new_page()
    await page.add_init_script(recorder())
    await _to_the_contact_step(page, live_server, "ar")
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
