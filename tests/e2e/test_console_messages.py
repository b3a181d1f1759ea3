"""The outbox on the staff console: an operator reads what a booking sent (no SMS gateway is
configured, so the message says it was not sent), the client's link left out, the number and
the code to read out shown to the operator, who may see the client."""

from playwright.async_api import expect

from scheduling import demo
from tests.e2e.test_booking_page import book_as_client


async def test_operator_reads_the_confirmation_in_the_outbox(live_server, browser_context):
    booked = book_as_client(live_server, "ar", "0405556667")
    page = await browser_context.new_page()
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.operator@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await page.get_by_test_id("tab-messages").click()
    table = page.get_by_test_id("table-messages")
    row = table.locator("tr", has_text="+358405556667").filter(has_text="confirmation (sms, ar)")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text(booked["short_code"])
    await expect(row).to_contain_text("Neuvo")
    await expect(row).to_contain_text("[link]")
    await expect(row).not_to_contain_text("/b/")


async def test_an_advisor_has_no_outbox_tab(live_server, browser_context):
    page = await browser_context.new_page()
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.advisor@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("user-name")).not_to_be_empty()
    await expect(page.get_by_test_id("tab-messages")).to_be_hidden()
