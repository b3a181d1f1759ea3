"""The client's booking link in real Chromium: shown in the client's language, cancelled."""

from datetime import date, timedelta

import httpx
from playwright.async_api import expect


def book(base: str, phone: str = "0401234567") -> str:
    """Book the first free Arabic video slot as a client; return the client link."""
    with httpx.Client(base_url=base) as api:
        service = next(s for s in api.get("/api/v1/services").json() if s["slug"] == "guidance")
        today = date.today()
        params = {
            "service_id": service["id"],
            "municipality": "615",
            "language": "ar",
            "channel": "video",
            "from": (today + timedelta(days=1)).isoformat(),  # clear of the notice time
            "to": (today + timedelta(days=14)).isoformat(),
        }
        slot = api.get("/api/v1/slots", params=params).json()["slots"][0]
        booked = api.post(
            "/api/v1/bookings",
            json={
                "slot": slot["slot"],
                "client": {"preferred_language": "ar", "phone": phone},
            },
        )
        assert booked.status_code == 201, booked.text
        return booked.json()["client_link"]


async def test_client_sees_the_booking_in_arabic_and_cancels_it(live_server, browser_context):
    link = book(live_server)
    page = await browser_context.new_page()
    await page.goto(link)
    await expect(page.get_by_test_id("booking-when")).to_contain_text("موعدك في")
    assert await page.get_attribute("html", "dir") == "rtl"
    await page.get_by_test_id("cancel").click()
    await page.get_by_test_id("cancel-yes").click()
    await expect(page.get_by_test_id("booking-status")).to_contain_text("تم إلغاء الموعد")
    await expect(page.get_by_test_id("cancel")).to_be_hidden()
