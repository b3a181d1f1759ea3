"""Remind by a person, in real Chromium (issue 27): an installation without a voice connection
cannot call a client who chose to be reminded by a call; she gets the SMS, and the operators'
queue shows her, labelled "remind by a person", due when the reminder is. Screenshot at
1280 px (in the test's folder)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.demo_slots import free_slots
from tests.e2e.keys import log_in

HELSINKI = ZoneInfo("Europe/Helsinki")
OPERATOR = "oulu.operator@demo.neuvo.fi"
WAY = {"fi": "Video", "sv": "Video", "en": "Video"}
LABELS = {"fi": "muistuta soittamalla", "sv": "påminn genom att ringa", "en": "remind by a person"}


def _book_asking_for_a_call(base: str) -> dict:
    """An Arabic client books the first free video slot and chooses a reminder call."""
    with httpx.Client(base_url=base) as api:
        slot = free_slots(api, language="ar", channel="video", days=(2, 14))[0]
        client = {"preferred_language": "ar", "phone": "0405552211"}
        booked = api.post(
            "/api/v1/bookings", json={"slot": slot["slot"], "client": client, "reminder_by": "call"}
        )
        assert booked.status_code == 201, booked.text
        return booked.json()["booking"]


def _queue(base: str) -> list[dict]:
    with httpx.Client(base_url=base) as api:
        login = {"email": OPERATOR, "password": demo.DEMO_PASSWORD}
        token = api.post("/api/v1/auth/tokens", json=login).json()["access_token"]
        found = api.get("/api/v1/callbacks", headers={"Authorization": f"Bearer {token}"})
        assert found.status_code == 200, found.text
        return found.json()


async def test_a_client_no_call_can_remind_waits_on_the_queue_labelled(
    live_server, browser_context, tmp_path
) -> None:
    booking = _book_asking_for_a_call(live_server)
    (request,) = [q for q in _queue(live_server) if q["booking_id"] == booking["id"]]
    assert (request["source"], request["language"], request["phone"]) == (
        "remind",
        "ar",
        "+358405552211",
    )
    assert request["due"] is False  # not before the reminder's time
    page = await browser_context.new_page()
    await page.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, live_server, OPERATOR)
    await page.get_by_test_id("tab-callbacks").click()
    card = page.locator(f'[data-testid="callback"][data-callback="{request["id"]}"]')
    await expect(card).to_be_visible()
    label = card.get_by_test_id("callback-source")
    await expect(label).to_be_visible()
    lang = await page.get_attribute("html", "lang")
    await expect(label).to_have_text(LABELS[lang or "fi"])
    # Due days ahead, at the reminder's time: the day is shown with the time.
    await expect(card.get_by_test_id("callback-tries")).to_contain_text("2026")
    # What she is to be reminded of: the session's day, time and way.
    starts = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI)
    session = card.get_by_test_id("callback-session")
    await expect(session).to_contain_text(re.compile(rf"0?{starts.hour}[.:]{starts.minute:02d}"))
    await expect(session).to_contain_text(f"{starts.day}")
    await expect(session).to_contain_text(WAY[lang or "fi"])
    await card.scroll_into_view_if_needed()
    await page.screenshot(path=str(tmp_path / "remind-by-person-1280.png"), full_page=True)
    assert errors == []
