"""axe-core on every tab of each role's console (platform and organisation admin, operator,
advisor, interpreter) and on the log-in form: no serious or critical violation."""

import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.setup_forms import open_setup_forms
from tests.e2e.sound import serious_violations

ACCOUNTS = [
    "admin@demo.neuvo.fi",
    "oulu.admin@demo.neuvo.fi",
    "oulu.operator@demo.neuvo.fi",
    "oulu.advisor@demo.neuvo.fi",
    "interpreter.ti@demo.neuvo.fi",
]


@pytest.mark.parametrize("email", ACCOUNTS)
async def test_every_tab_has_no_serious_axe_violation(live_server, browser_context, email):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console")
    await expect(page.get_by_test_id("login-email")).to_be_visible()
    found = {"login": await serious_violations(page)}
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    tabs = page.locator('[role="tab"]')
    await expect(tabs.first).to_be_visible()
    assert await tabs.count() >= 2
    for index in range(await tabs.count()):
        tab = tabs.nth(index)
        await tab.click()
        panel = page.locator(f"#{await tab.get_attribute('aria-controls')}")
        await expect(panel).to_be_visible()
        await expect(panel).not_to_have_attribute("aria-busy", "true")
        await page.wait_for_load_state("networkidle")
        assert await panel.locator("*").count() > 0, "the tab drew nothing"
        found[await tab.get_attribute("id")] = await serious_violations(page)
    assert {where: v for where, v in found.items() if v} == {}
    assert errors == []


async def _log_in(page, base: str, email: str, tab: str) -> None:
    await page.goto(f"{base}/console#{tab}")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id(f"panel-{tab}")).to_be_visible()
    await page.wait_for_load_state("networkidle")


async def test_the_caller_screen_with_an_error_a_card_and_slots_has_no_serious_violation(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await _log_in(page, live_server, "oulu.operator@demo.neuvo.fi", "caller")
    phone = page.get_by_test_id("caller-phone")
    await phone.fill("12ab")
    await phone.press("Enter")
    await expect(phone).to_have_attribute("aria-invalid", "true")
    found = {"phone error": await serious_violations(page)}
    await phone.fill("040 555 3399")  # nobody yet: the form for a new client
    await phone.press("Enter")
    await page.wait_for_load_state("networkidle")
    found["new caller"] = await serious_violations(page)
    form = page.get_by_test_id("booking-form")
    await form.get_by_test_id("find-slots").click()  # no language chosen yet: said beside it
    await expect(form.get_by_test_id("book-language")).to_have_attribute("aria-invalid", "true")
    found["no language"] = await serious_violations(page)
    await form.get_by_test_id("book-language").select_option("ar")
    await form.get_by_test_id("find-slots").click()
    await expect(form.get_by_test_id("slot").first).to_be_visible()
    found["slots"] = await serious_violations(page)
    await form.get_by_test_id("slot").first.click()
    await expect(form.get_by_test_id("confirm-booking")).to_be_visible()
    found["confirmation"] = await serious_violations(page)
    await form.get_by_test_id("confirm-book").click()
    await expect(form.get_by_test_id("short-code")).to_be_visible()
    found["booked, with the code"] = await serious_violations(page)
    assert {where: v for where, v in found.items() if v} == {}


async def test_the_hours_forms_with_their_errors_have_no_serious_violation(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await _log_in(page, live_server, "oulu.advisor@demo.neuvo.fi", "hours")
    for form in ("rule-form", "override-form", "absence-form"):
        await page.get_by_test_id(form).locator('[type="submit"]').click()
    await expect(page.locator('[aria-invalid="true"]').first).to_be_visible()
    assert await serious_violations(page) == []


async def test_the_setup_forms_open_and_refused_have_no_serious_violation(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await _log_in(page, live_server, "admin@demo.neuvo.fi", "organisations")
    found = {}

    async def check(where: str) -> None:
        found[where] = await serious_violations(page)

    await open_setup_forms(page, check, platform=True)
    assert len(found) == 5
    assert {where: broken for where, broken in found.items() if broken} == {}


async def test_the_staff_forms_the_password_form_and_page_have_no_serious_violation(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await _log_in(page, live_server, "oulu.admin@demo.neuvo.fi", "staff")
    await page.get_by_test_id("staff-invite").click()
    invite = page.get_by_test_id("staff-invite-form")
    await invite.locator('[value="voice"]').check()  # the recording languages show
    await invite.get_by_test_id("staff-invite-send").click()  # no name: said beside it
    await expect(invite.locator('[aria-invalid="true"]').first).to_be_visible()
    found = {"invite": await serious_violations(page)}
    await invite.get_by_test_id("staff-cancel").click()
    await page.get_by_test_id("staff-edit").first.click()
    await expect(page.get_by_test_id("staff-edit-form")).to_be_visible()
    found["edit"] = await serious_violations(page)
    await page.get_by_test_id("tab-profile").click()
    await page.get_by_test_id("password-change").click()  # empty: said beside the field
    await expect(page.locator('#panel-profile [aria-invalid="true"]').first).to_be_visible()
    found["password"] = await serious_violations(page)
    await page.goto(live_server + "/password")
    await expect(page.get_by_test_id("forgot-form")).to_be_visible()
    await page.get_by_test_id("forgot-send").click()
    await expect(page.get_by_test_id("forgot-email")).to_have_attribute("aria-invalid", "true")
    found["forgot"] = await serious_violations(page)
    await page.goto(live_server + "/password#t=" + "x" * 43)
    await expect(page.get_by_test_id("password-state")).to_be_visible()
    found["unknown link"] = await serious_violations(page)
    assert {where: v for where, v in found.items() if v} == {}
