"""The caller tab: an operator with the Finnish console finds a caller by phone, books the
earliest Tigrinya slot (advisor and interpreter) in one action, reads the client's link, and
moves and cancels the session from the same screen."""

from datetime import datetime

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.keys import choose_language, log_in, tab_to

PHONE = "0405553341"


def _operator_client(base: str, phone: str = PHONE) -> dict:
    """A Tigrinya client recorded by the operator (no booking yet)."""
    with httpx.Client(base_url=base) as api:
        token = api.post(
            "/api/v1/auth/tokens",
            json={"email": "oulu.operator@demo.neuvo.fi", "password": demo.DEMO_PASSWORD},
        ).json()["access_token"]
        created = api.post(
            "/api/v1/clients",
            json={"preferred_language": "ti", "phone": phone, "home_municipality_code": "564"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status_code == 201, created.text
        return created.json()


def _link_view(link: str) -> dict:
    return httpx.get(link, headers={"Accept": "application/json"}).json()


async def _log_in_finnish(page, base: str) -> None:
    await page.goto(base + "/console")
    await page.get_by_test_id("login-email").fill("oulu.operator@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "fi")
    await expect(page.get_by_test_id("tab-caller")).to_have_text("Asiakas soittaa")


async def test_operator_books_moves_and_cancels_for_a_caller(live_server, browser_context):
    client = _operator_client(live_server)
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await _log_in_finnish(page, live_server)
    assert await page.get_attribute("html", "lang") == "fi"
    # The first tab an operator sees; a number that cannot be one is refused beside the field.
    await expect(page.get_by_test_id("panel-caller")).to_be_visible()
    phone = page.get_by_test_id("caller-phone")
    await phone.fill("12ab")
    await phone.press("Enter")
    await expect(page.locator("#caller-phone-error")).to_contain_text("puhelinnumero")
    await expect(page.get_by_test_id("client-card")).to_have_count(0)

    await phone.fill("+358 40 555 3341")
    await phone.press("Enter")
    card = page.locator(f'[data-testid="client-card"][data-client="{client["id"]}"]')
    await expect(card).to_be_visible()
    await expect(card.get_by_test_id("coming")).to_contain_text("Ei tulevia tapaamisia")
    form = card.get_by_test_id("booking-form")
    assert await form.get_by_test_id("book-language").input_value() == "ti"
    await form.get_by_test_id("book-channel").select_option("video")
    await form.get_by_test_id("find-slots").click()
    first = form.get_by_test_id("slot").first
    await expect(first).to_contain_text("neuvoja ja tulkki")
    await expect(first).to_be_focused()  # the keyboard goes on from the first slot
    starts = await first.get_attribute("data-starts")
    await first.press("Enter")
    sure = form.get_by_test_id("confirm-book")  # one confirmation of what will be booked
    await expect(form.get_by_test_id("confirm-booking")).to_contain_text("Varataanko")
    await expect(sure).to_be_focused()
    await sure.press("Enter")
    link_box = form.get_by_test_id("client-link")
    await expect(link_box).to_be_visible()
    # "Varattu …" is a line of text, not the client pages' round tick button (a shared class).
    booked = form.get_by_test_id("booked").locator("p.ok")
    await expect(booked).to_contain_text("Varattu")
    await expect(booked).to_have_css("border-radius", "0px")
    link = await link_box.input_value()
    view = _link_view(link)
    assert view["status"] == "confirmed" and view["language"] == "ti"
    assert datetime.fromisoformat(view["starts_at"]) == datetime.fromisoformat(starts)

    # Moving: from the coming sessions of the same card.
    coming = card.get_by_test_id("coming")
    move = coming.get_by_role("button", name="Siirrä")
    await expect(move).to_be_visible()
    await move.click()
    target = coming.get_by_test_id("slot").first
    await expect(target).to_be_focused()
    moved_to = await target.get_attribute("data-starts")
    assert moved_to != starts
    await target.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("Siirretty")
    moved = datetime.fromisoformat(_link_view(link)["starts_at"])
    assert moved == datetime.fromisoformat(moved_to)

    # Cancelling asks once more, then the card has no coming session.
    await coming.get_by_role("button", name="Peru", exact=True).click()
    await page.keyboard.press("Enter")  # the confirmation has the focus
    await expect(page.get_by_test_id("status")).to_contain_text("Tapaaminen peruttu")
    await expect(coming).to_contain_text("Ei tulevia tapaamisia")
    assert _link_view(link)["status"] == "cancelled"
    assert errors == []


async def test_the_operator_keeps_a_callers_interpreter_wishes_by_keyboard(
    live_server, browser_context
):
    """A Tigrinya caller wants a woman, and never Senait T. (who works for the interpreting
    agency, not for Oulu): the operator says so on the caller screen without a mouse."""
    phone = "0405553342"
    client = _operator_client(live_server, phone)
    page = await browser_context.new_page()
    await log_in(page, live_server, "oulu.operator@demo.neuvo.fi")
    await choose_language(page, "fi")
    await expect(page.get_by_test_id("caller-phone")).to_be_focused()
    await page.keyboard.type(phone)
    await page.keyboard.press("Enter")
    card = page.locator(f'[data-testid="client-card"][data-client="{client["id"]}"]')
    wishes = card.locator("details.wishes")
    await tab_to(page, wishes.locator("summary"))
    await page.keyboard.press("Enter")
    await expect(wishes).to_have_attribute("open", "")
    await page.keyboard.press("Tab")
    await expect(wishes.get_by_test_id("wish-gender")).to_be_focused()
    await page.keyboard.type("n")  # "nainen": a closed select takes the letter typed
    await expect(wishes.get_by_test_id("wish-gender")).to_have_value("female")
    senait = wishes.get_by_role("checkbox", name="Senait T.")
    await tab_to(page, senait)
    await page.keyboard.press("Space")
    await expect(senait).to_be_checked()
    await tab_to(page, wishes.get_by_test_id("wishes-save"))
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_have_text("Toiveet tallennettu.")

    async with httpx.AsyncClient(base_url=live_server) as api:
        logged = await api.post(
            "/api/v1/auth/tokens",
            json={"email": "oulu.operator@demo.neuvo.fi", "password": demo.DEMO_PASSWORD},
        )
        answer = await api.get(
            f"/api/v1/clients/{client['id']}/interpreter-wishes",
            headers={"Authorization": f"Bearer {logged.json()['access_token']}"},
        )
    kept = answer.json()
    senait_id = next(c["id"] for c in kept["candidates"] if c["display_name"] == "Senait T.")
    assert kept["gender"] == "female" and kept["excluded"] == [senait_id]
    # The next call finds them as they were left.
    await page.reload()
    await expect(page.get_by_test_id("caller-phone")).to_be_focused()
    await page.keyboard.type(phone)
    await page.keyboard.press("Enter")
    await tab_to(page, wishes.locator("summary"))
    await page.keyboard.press("Enter")
    await expect(wishes.get_by_test_id("wish-gender")).to_have_value("female")
    await expect(senait).to_be_checked()
