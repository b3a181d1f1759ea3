"""An interpreter answers an offer on the console: a Tigrinya session (no advisor speaks it)
is offered to the demo's Tigrinya interpreter, who accepts it in Chromium."""

from playwright.async_api import expect

from scheduling import demo
from tests.e2e.test_booking_page import book_as_client


async def test_the_interpreter_accepts_an_offer_on_the_console(live_server, browser_context):
    booking = book_as_client(live_server, "ti", "0405553331")["booking"]
    assert booking["interpreter_missing"]
    page = await browser_context.new_page()
    await page.goto(live_server + "/console#offers")  # where the offer e-mail points
    await page.get_by_test_id("login-email").fill("interpreter.ti@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("panel-offers")).to_be_visible()
    row = page.get_by_test_id("table-offers").locator(f'tr[data-booking="{booking["id"]}"]')
    # What the session is, how long, and for whom, before she answers (never the client).
    await expect(row).to_contain_text("45 min")
    await expect(row).to_contain_text("Tigrinya (ti)")
    await expect(row.get_by_role("button", name="Accept")).to_be_visible()
    await row.get_by_role("button", name="Accept").click()
    await expect(page.get_by_test_id("status")).to_contain_text("The session is yours.")
    await expect(row).to_contain_text("accepted")
