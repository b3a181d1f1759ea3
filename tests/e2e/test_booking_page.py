"""The client's booking link in real Chromium: shown in the client's language, cancelled."""

import re
from datetime import timedelta
from urllib.parse import urlencode
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from tests import demo_db
from tests.e2e.sound import start

HELSINKI = ZoneInfo("Europe/Helsinki")


def book_as_client(base: str, language: str, phone: str, municipality: str = "615") -> dict:
    """Book the first free video slot in ``language`` as a client; return the API's answer
    (the booking and its client link)."""
    with httpx.Client(base_url=base) as api:
        service = next(s for s in api.get("/api/v1/services").json() if s["slug"] == "guidance")
        today = demo_db.now().astimezone(HELSINKI).date()  # the days the slot search counts
        params = {
            "service_id": service["id"],
            "municipality": municipality,
            "language": language,
            "channel": "video",
            "from": (today + timedelta(days=1)).isoformat(),  # clear of the notice time
            "to": (today + timedelta(days=14)).isoformat(),
        }
        slot = api.get("/api/v1/slots", params=params).json()["slots"][0]
        booked = api.post(
            "/api/v1/bookings",
            json={
                "slot": slot["slot"],
                "client": {"preferred_language": language, "phone": phone},
            },
        )
        assert booked.status_code == 201, booked.text
        return booked.json()


def book(base: str, phone: str = "0401234567") -> str:
    """Book the first free Arabic video slot as a client; return the client link."""
    return book_as_client(base, "ar", phone)["client_link"]


async def test_client_sees_the_booking_in_arabic_and_cancels_it(live_server, browser_context):
    link = book(live_server)
    page = await browser_context.new_page()
    await page.goto(link)
    await start(page)
    await expect(page.get_by_test_id("booking-when")).to_contain_text("موعدك في")
    assert await page.get_attribute("html", "dir") == "rtl"
    await page.get_by_test_id("cancel").click()
    await page.get_by_test_id("cancel-yes").click()
    await expect(page.get_by_test_id("booking-status")).to_contain_text("تم إلغاء الموعد")
    await expect(page.get_by_test_id("cancel")).to_be_hidden()


async def _in_somali(page, base: str) -> None:
    """Choose Somali once, as a client would; the browser keeps it."""
    await page.goto(base + "/")
    await start(page)
    await page.get_by_test_id("language-so").click()
    await page.get_by_test_id("language-so-ok").click()
    await expect(page.get_by_test_id("screen-municipality")).to_be_visible()


async def test_the_heading_says_cancelled_after_cancelling(live_server, browser_context):
    link = book(live_server, phone="0401234501")
    page = await browser_context.new_page()
    await page.goto(link)
    await start(page)
    heading = page.get_by_test_id("booking-when")
    await expect(heading).to_contain_text("موعدك في")
    await page.get_by_test_id("cancel").click()
    await page.get_by_test_id("cancel-yes").click()
    # "Your appointment on … was cancelled", no longer "Your appointment is on …".
    await expect(page.get_by_test_id("booking-when")).to_have_text(re.compile("^تم إلغاء موعدك"))


async def test_join_the_call_waits_for_the_room_and_says_when(live_server, browser_context):
    link = book(live_server, phone="0401234502")  # tomorrow at the earliest
    page = await browser_context.new_page()
    await page.goto(link)
    await expect(page.get_by_test_id("booking-when")).to_be_visible()
    await expect(page.get_by_test_id("join-room")).to_be_hidden()
    async with httpx.AsyncClient() as api:
        shown = (await api.get(link, headers={"Accept": "application/json"})).json()
    # When the call opens, a quarter of an hour before the session, not the session's time.
    opens = shown["room_opens_time_label"]
    assert opens and opens != shown["time_label"]
    await expect(page.get_by_test_id("room-opens")).to_contain_text(opens)


async def test_a_room_before_its_window_says_when_and_offers_a_way_back(
    live_server, browser_context
):
    link = book(live_server, phone="0401234503")
    async with httpx.AsyncClient() as api:
        shown = (await api.get(link, headers={"Accept": "application/json"})).json()
        issued = await api.post(link + "/room", headers={"Origin": live_server})
    assert issued.status_code == 200, issued.text
    room = issued.json()
    page = await browser_context.new_page()
    await page.goto(link)
    fragment = urlencode({"t": room["token"], "lang": "so", "when": shown["label"]})
    await page.goto(f"{live_server}{room['room_url']}#{fragment}")
    await start(page)
    await page.get_by_test_id("join").click()
    ended = page.get_by_test_id("screen-ended")
    await expect(ended).to_contain_text(shown["label"])
    await expect(ended).to_contain_text("Wicitaanku weli ma furna")
    await page.get_by_test_id("room-back").click()
    await expect(page.get_by_test_id("booking-when")).to_be_visible()


async def test_a_bad_room_pass_stops_at_once_and_says_so(live_server, browser_context):
    page = await browser_context.new_page()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    await page.goto(f"{live_server}/room/{uuid4()}#t={'x' * 30}&lang=so")
    await expect(page.get_by_test_id("screen-ended")).to_contain_text("Xiriirkan mar dambe")
    await expect(page.get_by_test_id("status")).to_have_attribute("data-connection-state", "closed")
    await page.wait_for_timeout(3000)  # a retry loop would have opened sockets by now
    assert sockets == []
    await expect(page.get_by_test_id("room-back")).to_be_visible()


async def test_a_wrong_link_or_address_answers_in_the_clients_language(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await _in_somali(page, live_server)
    await page.goto(live_server + "/b/" + "x" * 43)
    await expect(page.get_by_test_id("screen-gone")).to_contain_text("Xiriirkan waa khalad")
    assert await page.get_attribute("html", "lang") == "so"
    for address in ("/nowhere", "/room/not-a-room", "/b/"):
        answer = await page.goto(live_server + address)
        assert answer.status == 404 and "text/html" in answer.headers["content-type"]
        await expect(page.get_by_test_id("screen-error")).to_contain_text("Boggan lama helin")
        await expect(page.get_by_test_id("book-new")).to_be_visible()
