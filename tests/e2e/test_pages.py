"""The client page and the staff console, driven in real headless Chromium."""

from playwright.async_api import expect

from scheduling import demo
from tests.e2e.sound import choose_municipality, start


async def test_client_picks_arabic_and_the_page_turns_right_to_left(live_server, browser_context):
    page = await browser_context.new_page()
    await page.goto(live_server + "/")
    await start(page)
    await page.get_by_test_id("language-ar").click()
    await page.get_by_test_id("language-ar-ok").click()
    await expect(page.get_by_test_id("screen-municipality")).to_be_visible()
    assert await page.get_attribute("html", "dir") == "rtl"
    await choose_municipality(page, "564")
    assert await page.get_attribute("html", "lang") == "ar"
    guidance = page.locator('[data-testid="service"][data-slug="guidance"]').first
    await expect(guidance).to_contain_text("الإرشاد والمشورة")  # the Arabic name in the demo


async def test_client_language_is_remembered_and_can_be_changed(live_server, browser_context):
    page = await browser_context.new_page()
    await page.goto(live_server + "/")
    await start(page)
    await page.get_by_test_id("language-so").click()
    await page.get_by_test_id("language-so-ok").click()
    await expect(page.get_by_test_id("screen-municipality")).to_be_visible()
    await page.reload()
    await expect(page.get_by_test_id("screen-municipality")).to_be_visible()
    assert await page.get_attribute("html", "lang") == "so"
    await page.get_by_test_id("change-language").click()
    await expect(page.get_by_test_id("screen-language")).to_be_visible()


async def test_console_log_in_shows_the_organisations_services(live_server, browser_context):
    page = await browser_context.new_page()
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.admin@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("user-name")).not_to_be_empty()
    await page.get_by_test_id("tab-services").click()
    await expect(page.get_by_test_id("service-row").first).to_be_visible()
    await page.get_by_test_id("logout").click()
    await expect(page.get_by_test_id("login-form")).to_be_visible()


async def test_console_shows_the_reason_for_a_wrong_password(live_server, browser_context):
    page = await browser_context.new_page()
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.advisor@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill("wrong password")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("login-error")).to_contain_text("wrong")
