"""Call-back requests in real Chromium (issue 27 item 1, issue 26 item 6): a Tigrinya client
taps "call me" on the first screen after the language, types her number on the keypad and
hears it read back; the request waits on the operators' queue with its language; the operator
books for her from it and the request closes in the same step. The queue refreshes itself
(timed, and when the window regains focus), says a new request once, keeps the focus, and
leaves a booking form being worked in alone. A phone session's client not reached and marked
no-show is put on the queue. A request not answered three times sends exactly
one SMS (read from the local SMS gateway). A Somali client on an installation without Somali
recordings is offered the call by pictogram on the screen after the language screen."""

import asyncio
import os
import random
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.demo_slots import free_slots
from tests.e2e.keys import choose_language, log_in
from tests.e2e.sound import recorder
from tests.notifications.gateway import TOKEN, Gateway

SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-callback-shots"
PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}
OPERATOR = "oulu.operator@demo.neuvo.fi"
HELSINKI = ZoneInfo("Europe/Helsinki")


async def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
async def server(tmp_path_factory) -> AsyncIterator[tuple[str, Gateway]]:
    """A demo server whose SMS go to a local gateway (no Somali or Tigrinya recordings)."""
    gateway = await Gateway().start()
    path = tmp_path_factory.mktemp("callbacks") / "neuvo.db"
    env = {**demo_database(path), "SMS_GATEWAY_URL": gateway.url, "SMS_GATEWAY_TOKEN": TOKEN}
    process, base = await asyncio.to_thread(start_server, **env)
    try:
        yield base, gateway
    finally:
        await asyncio.to_thread(stop_server, process)
        await gateway.stop()


# The first screen after the language: the municipality or the services (whichever the page
# asks first), and the list on it.
FIRST = '[data-testid="screen-municipality"]:visible, [data-testid="screen-services"]:visible'


async def _open_client_page(page, base: str) -> None:
    """Open the client page; tap its start control ("tap to listen") where it has one."""
    await page.goto(base + "/")
    start = page.get_by_test_id("start")
    shown = start.or_(page.locator("main > section:visible"))
    await expect(shown.first).to_be_visible()
    if await start.count():
        await start.click()
        await start.wait_for(state="detached")


async def _choose_language(page, base: str, code: str):
    """Choose ``code`` on the language screen; return the first screen after it."""
    await _open_client_page(page, base)
    shown = page.locator("main > section:visible")
    await expect(shown).to_have_count(1)
    if await page.get_by_test_id("screen-language").is_hidden():  # a language known already
        await page.get_by_test_id("change-language").click()
    await page.get_by_test_id(f"language-{code}").click()
    await page.get_by_test_id(f"language-{code}-ok").click()
    first = page.locator(FIRST)
    await expect(first).to_have_count(1)
    return first


async def _queue(base: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=base) as api:
        login = {"email": OPERATOR, "password": demo.DEMO_PASSWORD}
        token = (await api.post("/api/v1/auth/tokens", json=login)).json()["access_token"]
        found = await api.get("/api/v1/callbacks", headers={"Authorization": f"Bearer {token}"})
        assert found.status_code == 200, found.text
        return found.json()


async def test_a_tigrinya_client_asks_for_a_call_and_the_operator_books_for_her(
    server, browser_context
):
    base, _gateway = server
    page = await browser_context.new_page()
    await page.set_viewport_size(PHONE)
    await page.add_init_script(recorder(voices=("ti",)))  # what is said in Tigrinya is heard
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await _choose_language(page, base, "ti")
    await _shot(page, "1-first-ti-360")
    call_me = page.get_by_test_id("call-me")
    await expect(call_me).to_be_visible()
    await expect(call_me).to_have_attribute("lang", "ti")
    await call_me.click()
    await expect(page.get_by_test_id("screen-callme")).to_be_visible()
    # A number that is no mobile one is said and shown, and nothing is queued.
    for digit in "085550100":
        await page.get_by_test_id(f"key-{digit}").click()
    await page.get_by_test_id("callme-send").click()
    await expect(page.get_by_test_id("callme-error")).to_contain_text("ሞባይል")
    assert await _queue(base) == []
    for _ in range(9):
        await page.get_by_test_id("key-erase").click()
    for digit in "0405557788":
        await page.get_by_test_id(f"key-{digit}").click()
    await expect(page.get_by_test_id("callme-phone")).to_have_value("0405557788")
    spoken = len(await page.evaluate("window.__spoken"))
    await page.get_by_test_id("read-back").click()  # the number read back, digit by digit
    await page.wait_for_function("(n) => window.__spoken.length > n", arg=spoken)
    read_back = (await page.evaluate("window.__spoken"))[spoken:]
    assert all(said["lang"] == "ti" for said in read_back), read_back
    await page.get_by_test_id("topic-housing").click()
    await _shot(page, "2-callme-ti-360")
    await page.get_by_test_id("callme-send").click()
    await expect(page.get_by_test_id("screen-called")).to_be_visible()
    told = page.get_by_test_id("called")
    await expect(told.get_by_test_id("callme-number")).to_contain_text("0405557788")
    await expect(told).to_contain_text("ሎሚ")  # "today": the demo's Wednesday morning
    await expect(told.get_by_test_id("call-number")).to_have_attribute("href", "tel:+35885550100")
    await _shot(page, "3-called-ti-360")

    [request] = [q for q in await _queue(base) if q["phone"] == "+358405557788"]
    assert (request["language"], request["topic"], request["source"]) == (
        "ti",
        "housing",
        "client_page",
    )

    # The operator's queue: the request with its language; she books for the client from it.
    console = await browser_context.new_page()
    await console.set_viewport_size(WIDE)
    await log_in(console, base, OPERATOR)
    await console.get_by_test_id("tab-callbacks").click()
    card = console.locator(f'[data-testid="callback"][data-callback="{request["id"]}"]')
    await expect(card).to_be_visible()
    await expect(card.locator("h3")).to_contain_text("(ti)")
    await expect(card.get_by_test_id("callback-call")).to_have_attribute(
        "href", "tel:+358405557788"
    )
    await _shot(console, "4-queue-1280")
    posts: list[tuple[str, str | None]] = []
    console.on(
        "request", lambda r: posts.append((r.url, r.post_data)) if r.method == "POST" else None
    )
    await card.get_by_test_id("callback-book").click()
    form = card.get_by_test_id("booking-form")
    assert await form.get_by_test_id("book-language").input_value() == "ti"
    await form.get_by_test_id("book-channel").select_option("video")
    await form.get_by_test_id("find-slots").click()
    await form.get_by_test_id("slot").first.click()
    await form.get_by_test_id("confirm-book").click()
    await expect(form.get_by_test_id("client-link")).to_be_visible()
    await expect(card).to_have_attribute("data-closed", "booked")
    await _shot(console, "5-booked-1280")
    # One step: the booking names the request; no second call closes it.
    [(url, body)] = [(u, b) for u, b in posts if "/api/v1/" in u]
    assert url.endswith("/api/v1/bookings") and f'"callback_request_id":"{request["id"]}"' in (
        body or ""
    ).replace(" ", "")
    assert [q for q in await _queue(base) if q["id"] == request["id"]] == []
    assert errors == []


async def test_three_unanswered_tries_send_exactly_one_sms(server, browser_context):
    base, gateway = server
    async with httpx.AsyncClient(base_url=base) as api:
        made = await api.post("/api/v1/callbacks", json={"phone": "0405557799", "language": "ar"})
        assert made.status_code == 201, made.text
    page = await browser_context.new_page()
    await page.set_viewport_size(PHONE)
    await log_in(page, base, OPERATOR)
    await page.get_by_test_id("tab-callbacks").click()
    card = page.locator(f'[data-testid="callback"][data-callback="{made.json()["id"]}"]')
    for attempt in (1, 2, 3):
        await card.get_by_test_id("callback-no-answer").click()
        if attempt < 3:  # tried again later: the card waits for its next try
            await expect(card.get_by_test_id("callback-tries")).to_contain_text(f"{attempt}/3")
            await expect(card).to_have_attribute("data-due", "false")
    await expect(card).to_have_count(0)  # given up: off the queue
    await _shot(page, "6-gave-up-360")
    sent: list[dict] = []
    for _ in range(120):
        sent = [p for key, p in gateway.delivered.items() if key.startswith("callback_missed:")]
        if sent:
            break
        await asyncio.sleep(0.25)
    await asyncio.sleep(1)  # and no second one follows
    sent = [p for key, p in gateway.delivered.items() if key.startswith("callback_missed:")]
    assert len(sent) == 1, sent
    assert sum(1 for key in gateway.attempts if key.startswith("callback_missed:")) == 1
    text = str(sent[0])
    assert "+358405557799" in text and "08 5550100" in text, text


async def test_a_somali_client_without_recordings_is_offered_a_call_first(server, browser_context):
    base, _gateway = server
    page = await browser_context.new_page()
    for size, name in ((PHONE, "360"), (WIDE, "1280")):
        await page.set_viewport_size(size)
        first = await _choose_language(page, base, "so")
        offer = first.get_by_test_id("callme-offer")
        await expect(offer).to_be_visible()
        # Above anything that needs reading: the screen's list (places, services) comes after.
        choices = first.locator("ul:not(:has([data-testid='callme-offer'])) > li").first
        await expect(choices).to_be_visible()
        above = await offer.bounding_box()
        below = await choices.bounding_box()
        assert above and below and above["y"] + above["height"] <= below["y"]
        await _shot(page, f"7-offer-so-{name}")
    await offer.click()  # heard first, then the tick
    await page.get_by_test_id("callme-offer-ok").click()
    await expect(page.get_by_test_id("screen-callme")).to_be_visible()
    await expect(page.get_by_test_id("callme-keypad")).to_be_visible()
    # Finnish is heard from files all the way: no offer.
    first = await _choose_language(page, base, "fi")
    await expect(first.locator("ul > li").first).to_be_visible()
    await expect(page.get_by_test_id("callme-offer")).to_be_hidden()


async def _ask(base: str, phone: str, language: str) -> str:
    async with httpx.AsyncClient(base_url=base) as api:
        made = await api.post("/api/v1/callbacks", json={"phone": phone, "language": language})
        assert made.status_code == 201, made.text
        return made.json()["id"]


async def _until(condition, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not within the time")


def _card(page, request_id: str):
    return page.locator(f'[data-testid="callback"][data-callback="{request_id}"]')


async def test_the_queue_keeps_itself_current_and_says_a_new_request_once(server, browser_context):
    base, _gateway = server
    numbers = iter(f"0406{n:06d}" for n in random.sample(range(10**6), 4))  # a rerun's own
    first = await _ask(base, next(numbers), "ar")
    page = await browser_context.new_page()
    await page.set_viewport_size(WIDE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    reads: list[str] = []  # each time the queue is fetched
    page.on(
        "request",
        lambda r: (
            reads.append(r.url)
            if r.method == "GET" and r.url.split("?")[0].endswith("/api/v1/callbacks")
            else None
        ),
    )
    await log_in(page, base, OPERATOR)
    await choose_language(page, "en")
    await page.get_by_test_id("tab-callbacks").click()
    await expect(_card(page, first)).to_be_visible()
    news = page.get_by_test_id("callbacks-news")
    await expect(news).to_have_attribute("role", "status")
    await expect(news).to_be_empty()  # the first look announces nothing
    await page.evaluate(
        """() => { window.__said = [];
        const news = document.querySelector('[data-testid="callbacks-news"]');
        new MutationObserver(() => window.__said.push(news.textContent))
          .observe(news, {childList: true, characterData: true, subtree: true}); }"""
    )
    helped = _card(page, first).get_by_test_id("callback-helped")
    await helped.focus()

    # A new request: the next refresh (20 s on) shows it and says so once; the focus stays.
    second = await _ask(base, next(numbers), "ti")
    await page.clock.run_for(20_000)
    await expect(_card(page, second)).to_be_visible()
    await expect(news).to_contain_text("Tigrinya")
    await expect(helped).to_be_focused()
    for _ in range(2):  # more refreshes, nothing new: nothing said again
        seen = len(reads)
        await page.clock.run_for(20_000)
        await _until(lambda seen=seen: len(reads) > seen)
    await expect(_card(page, second)).to_have_count(1)
    assert await page.evaluate("window.__said") == [await news.text_content()]
    await expect(helped).to_be_focused()

    # The window regains focus: refreshed at once.
    third = await _ask(base, next(numbers), "so")
    await page.evaluate("window.dispatchEvent(new Event('focus'))")
    await expect(_card(page, third)).to_be_visible()
    await expect(news).to_contain_text("Somali")
    assert len(await page.evaluate("window.__said")) == 2
    await _shot(page, "8-queue-refreshed-1280")

    # Working in a booking form of the queue: no refresh, neither timed nor on focus.
    await _card(page, first).get_by_test_id("callback-book").click()
    form = _card(page, first).get_by_test_id("booking-form")
    await expect(form.get_by_test_id("book-language")).to_be_focused()
    await form.get_by_test_id("book-channel").select_option("video")
    fourth = await _ask(base, next(numbers), "ar")
    seen = len(reads)
    await page.clock.run_for(20_000)
    await page.evaluate("window.dispatchEvent(new Event('focus'))")
    await asyncio.sleep(1.5)
    assert len(reads) == seen
    await expect(_card(page, fourth)).to_have_count(0)
    # Out of the form: the next refresh shows the new request and leaves the form as it was.
    other = _card(page, second).get_by_test_id("callback-call")
    await other.focus()
    await page.clock.run_for(20_000)
    await expect(_card(page, fourth)).to_be_visible()
    await expect(form.get_by_test_id("book-channel")).to_have_value("video")
    await expect(form.get_by_test_id("book-language")).to_have_value("ar")
    await expect(other).to_be_focused()
    await _shot(page, "9-queue-form-kept-1280")
    # An action that takes a card off the queue leaves the focus on the card after it.
    await _card(page, second).get_by_test_id("callback-helped").click()
    await expect(_card(page, second)).to_have_count(0)
    await expect(_card(page, third).get_by_test_id("callback-call")).to_be_focused()
    await page.set_viewport_size(PHONE)
    await _shot(page, "10-queue-360")
    assert errors == []


def _book_by_phone(base: str) -> dict:
    """An operator books an Arabic client's phone session for tomorrow or later; returns the
    booking and its advisor's e-mail."""
    with httpx.Client(base_url=base) as api:
        login = {"email": OPERATOR, "password": demo.DEMO_PASSWORD}
        token = api.post("/api/v1/auth/tokens", json=login).json()["access_token"]
        operator = {"Authorization": f"Bearer {token}"}
        slots = free_slots(
            api, language="ar", channel="phone", municipality="564",
            organisation_municipality="564", headers=operator,
        )  # fmt: skip
        client = {
            "preferred_language": "ar",
            "phone": "0405557710",
            "home_municipality_code": "564",
        }
        made = api.post(
            "/api/v1/bookings", json={"slot": slots[0]["slot"], "client": client}, headers=operator
        )
        assert made.status_code == 201, made.text
        booking = made.json()["booking"]
        staff = api.get("/api/v1/staff", headers=operator).json()
        advisor = next(m for m in staff if m["id"] == booking["advisor_id"])
        return {"booking": booking, "advisor": advisor["email"]}


async def test_a_client_not_reached_at_her_phone_session_is_called_back(tmp_path, browser_context):
    """Booked on one day; on the session's day (the same database, a server whose clock
    stands ten minutes into the session) her advisor calls, nobody answers, and she marks the
    session no-show: the operators' queue has her, "not reached at her session"."""
    env = demo_database(tmp_path / "neuvo.db")
    process, base = await asyncio.to_thread(start_server, **env)
    try:
        made = await asyncio.to_thread(_book_by_phone, base)
    finally:
        await asyncio.to_thread(stop_server, process)
    booking = made["booking"]
    during = datetime.fromisoformat(booking["starts_at"]) + timedelta(minutes=10)
    process, base = await asyncio.to_thread(start_server, clock=during, **env)
    try:
        page = await browser_context.new_page()
        await page.clock.set_system_time(during)
        await page.set_viewport_size(WIDE)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await log_in(page, base, made["advisor"])
        await choose_language(page, "en")
        await page.get_by_test_id("tab-sessions").click()
        day = during.astimezone(HELSINKI).date().isoformat()
        await page.get_by_test_id("sessions-day").fill(day)
        await page.get_by_test_id("sessions-day").dispatch_event("change")
        row = page.get_by_test_id(f"session-{booking['id']}")
        await row.get_by_test_id(f"call-no_answer-{booking['id']}").click()
        await expect(page.get_by_test_id("status")).to_contain_text("Call recorded: No answer")
        row = page.get_by_test_id(f"session-{booking['id']}")
        await row.get_by_test_id(f"mark-no_show-{booking['id']}").click()
        await expect(page.get_by_test_id("status")).to_contain_text("Marked")

        await page.get_by_test_id("logout").click()  # the operator, in the same browser
        await expect(page.get_by_test_id("login-email")).to_be_visible()
        console = page
        await log_in(console, base, OPERATOR)
        await choose_language(console, "en")
        await console.get_by_test_id("tab-callbacks").click()
        card = console.locator('[data-testid="callback"]', has_text="040 5557710")
        await expect(card).to_have_count(1)
        await expect(card.get_by_test_id("callback-waiting")).to_contain_text(
            "not reached at her session"
        )
        await expect(card.locator("h3")).to_contain_text("(ar)")
        await _shot(console, "11-not-reached-1280")
        await choose_language(console, "fi")
        await expect(card.get_by_test_id("callback-waiting")).to_contain_text(
            "ei tavoitettu tapaamisessaan"
        )
        assert errors == []
    finally:
        await asyncio.to_thread(stop_server, process)
