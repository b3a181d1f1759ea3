"""The caller tab with a caller Neuvo has never seen, by keyboard alone: the operator types
the number, reads that nobody has it, picks the caller's language and home municipality with
typed letters, books the earliest slot, and the same number then finds the new client with
the coming session."""

from datetime import datetime

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.keys import choose_language, tab_to

PHONE = "0451237788"  # nobody's, in the demo or the other tests


async def _link_view(link: str) -> dict:
    async with httpx.AsyncClient() as http:
        return (await http.get(link, headers={"Accept": "application/json"})).json()


async def test_a_new_caller_is_booked_by_keyboard_and_found_again_by_number(
    live_server, browser_context
):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.operator@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-password").press("Enter")
    await choose_language(page, "fi")
    await expect(page.get_by_test_id("tab-caller")).to_have_text("Asiakas soittaa")
    phone = page.get_by_test_id("caller-phone")
    await expect(phone).to_be_focused()  # the tab opens ready for the number

    await page.keyboard.type(PHONE)
    await page.keyboard.press("Enter")
    heading = page.get_by_test_id("caller-heading")
    await expect(heading).to_contain_text("ei löytynyt asiakasta")
    await expect(heading).to_be_focused()
    form = page.get_by_test_id("booking-form")
    await expect(form.get_by_role("heading", name="Uusi asiakas")).to_be_visible()

    await tab_to(page, "book-language")
    await expect(form.get_by_test_id("book-language")).to_have_value("")  # starts empty
    for letter in "somali":  # a select takes typed letters, as a keyboard user picks
        await page.keyboard.type(letter)
    await expect(form.get_by_test_id("book-language")).to_have_value("so")
    await tab_to(page, "book-municipality")
    await page.keyboard.type("Pudasj")
    await expect(form.get_by_test_id("book-municipality")).to_have_value("615")
    await tab_to(page, "find-slots")
    await page.keyboard.press("Enter")
    first = form.get_by_test_id("slot").first
    await expect(first).to_be_focused()
    starts = await first.get_attribute("data-starts")
    await page.keyboard.press("Enter")
    # One confirmation of what will be booked, its button focused.
    await expect(form.get_by_test_id("confirm-booking")).to_contain_text("somali")
    await expect(form.get_by_test_id("confirm-book")).to_be_focused()
    await page.keyboard.press("Enter")

    link = form.get_by_test_id("client-link")
    await expect(link).to_be_focused()
    view = await _link_view(await link.input_value())
    assert view["status"] == "confirmed" and view["language"] == "so"
    assert datetime.fromisoformat(view["starts_at"]) == datetime.fromisoformat(starts)

    # The caller is known now: the same number finds them, with the coming session.
    await phone.focus()
    await page.keyboard.press("Control+A")
    await page.keyboard.type(PHONE)
    await page.keyboard.press("Enter")
    card = page.get_by_test_id("client-card")
    await expect(card).to_have_count(1)
    await expect(card.get_by_test_id("coming").locator("tbody tr")).to_have_count(1)
    assert errors == []
