"""My profile on the console: an interpreter adds a language they did not have (by keyboard)
and saves; a session the operator then books for a client of that language is offered to
them, and the offer is in their Offers tab.

Nobody in the demo interprets Amharic and no advisor speaks it: before the profile changes, no
time can be found for an Amharic client; after, the offer can only be Senait's."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
from icalendar import Calendar
from playwright.async_api import expect

from scheduling import demo
from tests import demo_db
from tests.e2e.keys import log_in, tab_to

INTERPRETER = "interpreter.ti@demo.neuvo.fi"
OPERATOR = "oulu.operator@demo.neuvo.fi"
LANGUAGE = "am"


async def _operator(api: httpx.AsyncClient) -> dict:
    token = (
        await api.post(
            "/api/v1/auth/tokens", json={"email": OPERATOR, "password": demo.DEMO_PASSWORD}
        )
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def _amharic_slots(api: httpx.AsyncClient, auth: dict) -> list[dict]:
    services = (await api.get("/api/v1/services")).json()
    service = next(s for s in services if s["slug"] == "guidance")
    today = demo_db.now().astimezone(ZoneInfo("Europe/Helsinki")).date()
    params = {
        "service_id": service["id"],
        "municipality": "564",
        "language": LANGUAGE,
        "channel": "video",
        "from": (today + timedelta(days=1)).isoformat(),  # clear of the notice time
        "to": (today + timedelta(days=14)).isoformat(),
    }
    answer = await api.get("/api/v1/slots", params=params, headers=auth)
    assert answer.status_code == 200, answer.text
    return answer.json()["slots"]


async def _book_amharic(api: httpx.AsyncClient, auth: dict, slot: dict) -> dict:
    client = await api.post(
        "/api/v1/clients",
        json={
            "preferred_language": LANGUAGE,
            "phone": "0405553351",
            "home_municipality_code": "564",
        },
        headers=auth,
    )
    assert client.status_code == 201, client.text
    booked = await api.post(
        "/api/v1/bookings",
        json={"slot": slot["slot"], "client_id": client.json()["id"]},
        headers=auth,
    )
    assert booked.status_code == 201, booked.text
    return booked.json()["booking"]


async def test_an_interpreter_adds_a_language_and_is_offered_a_session_in_it(
    live_server, browser_context
):
    async with httpx.AsyncClient(base_url=live_server) as api:
        auth = await _operator(api)
        assert await _amharic_slots(api, auth) == []  # nobody to interpret yet

    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console#profile")
    await page.get_by_test_id("login-email").fill(INTERPRETER)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-password").press("Enter")
    await expect(page.get_by_test_id("panel-profile")).to_be_visible()
    spoken = page.get_by_test_id("profile-language")
    await expect(spoken.first).to_be_visible()
    before = await spoken.count()
    assert LANGUAGE not in [await spoken.nth(i).input_value() for i in range(before)]
    await page.get_by_test_id("profile-add-language").focus()
    await page.keyboard.press("Enter")
    added = spoken.nth(before)
    await expect(added).to_be_focused()  # the new language's list takes the keyboard
    await page.keyboard.type("Amharic")  # a closed list picks by the letters typed
    await expect(added).to_have_value(LANGUAGE)
    await page.get_by_test_id("profile-save").focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("The profile is saved.")

    async with httpx.AsyncClient(base_url=live_server) as api:
        me = await _operator(api)
        slots = await _amharic_slots(api, me)
        assert slots and slots[0]["needs_interpreter"]
        booking = await _book_amharic(api, me, slots[0])
    assert booking["interpreter_missing"]

    await page.get_by_test_id("tab-offers").click()
    await expect(page.get_by_test_id("panel-offers")).to_be_visible()
    offer = page.locator(f'[data-testid^="offer-"][data-language="{LANGUAGE}"]')
    await expect(offer).to_have_count(1)
    await expect(offer).to_contain_text("Amharic")
    await expect(offer.get_by_role("button", name="Accept")).to_be_visible()
    assert errors == []


async def test_the_calendar_feed_link_is_made_copied_renewed_and_revoked_by_keyboard(
    live_server, browser_context
):
    """The secret address a calendar subscribes to: made with Enter, copied to the clipboard,
    read by icalendar; a new one ends the old, and revoking ends the new."""
    clipboard = ["clipboard-read", "clipboard-write"]
    await browser_context.grant_permissions(clipboard, origin=live_server)
    page = await browser_context.new_page()
    await log_in(page, live_server, "interpreter.so@demo.neuvo.fi", "/console#profile")
    # The regions list shows six rows; a line under it says what is chosen (not saved here).
    regions, chosen = (
        page.get_by_test_id("profile-regions"),
        page.get_by_test_id("profile-regions-chosen"),
    )
    await expect(chosen).to_have_text(re.compile(r"^Chosen: "))
    await regions.focus()
    await page.keyboard.press("End")  # selects the last municipality alone
    last = await regions.locator("option").last.text_content()
    await expect(chosen).to_have_text(f"Chosen: {last}")
    status = page.get_by_test_id("status")
    await tab_to(page, "feed-new")
    await page.keyboard.press("Enter")
    await expect(status).to_have_text("A new feed address is made.")
    link = page.get_by_test_id("feed-url")
    await expect(link).to_be_focused()  # ready to be read out or copied
    first = await link.input_value()
    await page.keyboard.press("Tab")
    await expect(page.get_by_test_id("feed-copy")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(status).to_have_text("Copied.")
    assert await page.evaluate("navigator.clipboard.readText()") == first

    async with httpx.AsyncClient() as http:
        served = await http.get(first)
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(served.content).name == "VCALENDAR"

    await tab_to(page, "feed-new", back=True)
    await page.keyboard.press("Enter")
    await expect(link).not_to_have_value(first)
    second = await link.input_value()
    await tab_to(page, "feed-revoke", back=True)
    await page.keyboard.press("Enter")
    await expect(status).to_have_text("The feed is revoked.")
    await expect(link).to_have_count(0)
    async with httpx.AsyncClient() as http:
        for ended in (first, second):
            assert (await http.get(ended)).status_code == 404, ended
