"""The caller tab when the time is taken while the operator is on the phone: the operator finds
the caller and the earliest slots, someone else then books every advisor free at the first
one, and the operator's Enter on it shows at once why it failed and the next free slots, the
first focused, so one more Enter books the caller. The operator uses the keyboard alone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.keys import log_in, tab_to
from tests.e2e.sound import serious_violations

PHONE = "0405553377"  # nobody's, in the demo or the other tests
OPERATOR = "oulu.operator@demo.neuvo.fi"
COLLEAGUE = "oulu.admin@demo.neuvo.fi"  # books the same time meanwhile
ZONE = ZoneInfo("Europe/Helsinki")


async def _token(http: httpx.AsyncClient, email: str) -> dict[str, str]:
    answer = await http.post(
        "/api/v1/auth/tokens", json={"email": email, "password": demo.DEMO_PASSWORD}
    )
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def _tigrinya_caller(base: str) -> dict:
    """A Tigrinya client in Oulu, recorded earlier by the operator (no booking yet)."""
    async with httpx.AsyncClient(base_url=base) as http:
        created = await http.post(
            "/api/v1/clients",
            json={"preferred_language": "ti", "phone": PHONE, "home_municipality_code": "564"},
            headers=await _token(http, OPERATOR),
        )
        assert created.status_code == 201, created.text
        return created.json()


async def _take_every_advisor(base: str, terms: dict[str, str], starts: str) -> tuple[int, dict]:
    """Book the slot at ``starts`` for new clients until nobody is left to serve it (the
    server gives each booking any free advisor); return how many it took and the 409
    problem that ends it."""
    day = datetime.fromisoformat(starts).astimezone(ZONE).date().isoformat()
    async with httpx.AsyncClient(base_url=base) as http:
        staff = await _token(http, COLLEAGUE)
        found = await http.get("/api/v1/slots", params={**terms, "from": day, "to": day})
        assert found.status_code == 200, found.text
        slot = next(
            s["slot"]
            for s in found.json()["slots"]
            if datetime.fromisoformat(s["starts_at"]) == datetime.fromisoformat(starts)
        )
        for number in range(20):
            answer = await http.post(
                "/api/v1/bookings",
                json={
                    "slot": slot,
                    "client": {
                        "preferred_language": terms["language"],
                        "phone": f"+35845000{number:04d}",
                        "home_municipality_code": terms["municipality"],
                    },
                },
                headers=staff,
            )
            if answer.status_code == 409:
                return number, answer.json()
            assert answer.status_code == 201, answer.text
    raise AssertionError("twenty bookings and the slot is still free")


async def _link_view(link: str) -> dict:
    async with httpx.AsyncClient() as http:
        return (await http.get(link, headers={"Accept": "application/json"})).json()


async def test_a_slot_taken_meanwhile_shows_why_and_the_next_slots_and_books_the_next(
    live_server, browser_context
):
    client = await _tigrinya_caller(live_server)
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, live_server, OPERATOR)
    await expect(page.get_by_test_id("caller-phone")).to_be_focused()
    await tab_to(page, "console-language", back=True)
    await page.keyboard.type("suo")  # a select takes typed letters
    await expect(page.get_by_test_id("tab-caller")).to_have_text("Asiakas soittaa")
    phone = page.get_by_test_id("caller-phone")
    await expect(phone).to_be_focused()  # the tab opens again ready for the number

    await page.keyboard.type(PHONE)
    await page.keyboard.press("Enter")
    card = page.locator(f'[data-testid="client-card"][data-client="{client["id"]}"]')
    await expect(card).to_be_visible()
    form = card.get_by_test_id("booking-form")
    await tab_to(page, "find-slots")
    await page.keyboard.press("Enter")
    first = form.get_by_test_id("slot").first
    await expect(first).to_be_focused()
    taken = await first.get_attribute("data-starts")
    terms = {
        "service_id": await form.get_by_test_id("book-service").input_value(),
        "municipality": await form.get_by_test_id("book-municipality").input_value(),
        "language": await form.get_by_test_id("book-language").input_value(),
        "channel": await form.get_by_test_id("book-channel").input_value(),
    }
    assert terms["language"] == "ti" and terms["municipality"] == "564"

    # While the operator talks, a colleague fills that time with other callers.
    booked_meanwhile, problem = await _take_every_advisor(live_server, terms, taken)
    assert booked_meanwhile >= 1, "the slot was never free"
    assert problem["type"] == "/problems/slot-unavailable" and problem["next_slots"]

    await expect(first).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(form.get_by_test_id("confirm-book")).to_be_focused()  # one confirmation
    await page.keyboard.press("Enter")
    reason = form.get_by_test_id("slot-taken")
    await expect(reason).to_be_visible()
    assert await reason.get_attribute("role") == "alert"
    await expect(reason).to_have_text("Aika ehdittiin varata. Seuraavat vapaat ajat näkyvät alla.")
    offered = form.get_by_test_id("slot")
    await expect(offered.first).to_be_focused()
    starts = [await s.get_attribute("data-starts") for s in await offered.all()]
    assert starts and all(
        datetime.fromisoformat(s) > datetime.fromisoformat(taken) for s in starts
    ), (taken, starts)
    await expect(offered.first).to_contain_text("Varaa")
    # Tigrinya: nobody in Oulu speaks it, so each next time is with an interpreter, as said.
    for slot in await offered.all():
        await expect(slot).to_contain_text("neuvoja ja tulkki")
    assert await serious_violations(page) == []

    await page.keyboard.press("Enter")
    await expect(form.get_by_test_id("confirm-book")).to_be_focused()
    await page.keyboard.press("Enter")
    booked = form.get_by_test_id("booked")
    await expect(booked).to_be_visible()
    link = booked.get_by_test_id("client-link")
    await expect(link).to_be_focused()
    view = await _link_view(await link.input_value())
    assert view["status"] == "confirmed" and view["language"] == "ti"
    assert datetime.fromisoformat(view["starts_at"]) == datetime.fromisoformat(starts[0])
    assert datetime.fromisoformat(view["starts_at"]) != datetime.fromisoformat(taken)
    await expect(card.get_by_test_id("coming").locator("tbody tr")).to_have_count(1)
    assert errors == []
