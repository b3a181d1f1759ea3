"""An interpreter answers an offer on the console: a Tigrinya session (no advisor speaks it)
is offered to the demo's Tigrinya interpreter, who accepts it in Chromium."""

from datetime import date, timedelta

import httpx
from playwright.async_api import expect

from scheduling import demo


async def _book_tigrinya(base: str) -> dict:
    async with httpx.AsyncClient(base_url=base) as api:
        services = (await api.get("/api/v1/services")).json()
        service = next(s for s in services if s["slug"] == "guidance")
        today = date.today()
        params = {
            "service_id": service["id"],
            "municipality": "615",
            "language": "ti",
            "channel": "video",
            "from": (today + timedelta(days=1)).isoformat(),  # clear of the notice time
            "to": (today + timedelta(days=14)).isoformat(),
        }
        slot = (await api.get("/api/v1/slots", params=params)).json()["slots"][0]
        booked = await api.post(
            "/api/v1/bookings",
            json={
                "slot": slot["slot"],
                "client": {"preferred_language": "ti", "phone": "0405553331"},
            },
        )
        assert booked.status_code == 201, booked.text
        return booked.json()["booking"]


async def test_the_interpreter_accepts_an_offer_on_the_console(live_server, browser_context):
    booking = await _book_tigrinya(live_server)
    assert booking["interpreter_missing"]
    page = await browser_context.new_page()
    await page.goto(live_server + "/console#offers")  # where the offer e-mail points
    await page.get_by_test_id("login-email").fill("interpreter.ti@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("panel-offers")).to_be_visible()
    row = page.get_by_test_id("table-offers").locator("tr", has_text="ti")
    await expect(row.get_by_role("button", name="Accept")).to_be_visible()
    await row.get_by_role("button", name="Accept").click()
    await expect(page.get_by_test_id("status")).to_contain_text("The session is yours.")
    await expect(row).to_contain_text("accepted")
