"""Issue 26, point 1, by ear in real Chromium: every client page opened from a link opens under
one large "tap to listen" control (focused, named in the link's language); one tap anywhere on
it allows sound and plays the page's question in that language at once, and the language
screen says a language's name on the first tap of its card. Screenshots of each start at 360
and 1280 px go to NEUVO_SHOTS (else the system's temporary folder)."""

import os
import tempfile
from pathlib import Path

import httpx
from playwright.async_api import expect

from tests.e2e.sound import recorder, serious_violations, start
from tests.e2e.test_booking_page import book_as_client

SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-start-shots"
PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}
PLAYED_IN_ORDER = """(urls) => { let at = 0;
  for (const p of window.__played) if (at < urls.length && p.endsWith(urls[at])) at++;
  return at === urls.length; }"""


async def _shots(page, name: str) -> None:
    """The page as it is now at 360 px and at 1280 px (then back to the phone)."""
    SHOTS.mkdir(exist_ok=True)
    for size in (WIDE, PHONE):
        await page.set_viewport_size(size)
        await page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"))


async def _page(context, url: str):
    page = await context.new_page()
    await page.set_viewport_size(PHONE)
    await page.add_init_script(recorder())  # no voice claimed: only the server's files sound
    await page.goto(url)
    return page


async def _manifest(base: str, lang: str) -> dict:
    async with httpx.AsyncClient() as api:
        return (await api.get(f"{base}/audio/{lang}/manifest.json")).json()["prompts"]


async def test_an_arabic_client_hears_her_booking_after_one_tap_anywhere_on_the_start(
    live_server, browser_context
):
    link = book_as_client(live_server, "ar", "0401234560")["client_link"]
    async with httpx.AsyncClient() as api:
        shown = (await api.get(link, headers={"Accept": "application/json"})).json()
        said = (
            await api.get(
                f"{live_server}/audio/ar/say", params={"date": shown["starts_at"], "prompt": "when"}
            )
        ).json()
    assert said["sequence"] and not said["missing"], said
    page = await _page(browser_context, link)
    control = page.get_by_test_id("start")
    await expect(control).to_be_focused()
    await expect(control).to_have_attribute("aria-label", "اضغط للاستماع")
    await expect(page.get_by_test_id("booking-when")).to_contain_text("موعدك في")
    assert await page.get_attribute("html", "dir") == "rtl"
    await _shots(page, "booking-ar")
    assert await page.evaluate("window.__played") == []  # nothing before the tap

    await start(page, position={"x": 12, "y": 700})  # a corner, far from the pictogram
    await page.wait_for_function(PLAYED_IN_ORDER, arg=said["sequence"])
    played = await page.evaluate("window.__played")
    # "Your appointment is on …": the heading's words, then the date, file by file.
    assert len(played) == len(said["sequence"]), played
    assert all(p.endswith(u) for p, u in zip(played, said["sequence"], strict=True)), played
    await expect(page.get_by_test_id("booking-when")).to_be_focused()


async def test_a_link_in_arabic_says_the_first_question_in_arabic_after_one_tap(
    live_server, browser_context
):
    prompts = await _manifest(live_server, "ar")
    page = await _page(browser_context, f"{live_server}/?lang=ar")
    control = page.get_by_test_id("start")
    await expect(control).to_have_attribute("aria-label", "اضغط للاستماع")
    # The first question is where she lives (the services come after it).
    await expect(page.get_by_test_id("another-place")).to_be_visible()
    await _shots(page, "client-ar")
    assert await serious_violations(page) == []
    await start(page)
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[prompts["where_live"]])
    assert all("/audio/ar/" in p for p in await page.evaluate("window.__played"))
    # The machine-translation note is in Arabic too.
    note = page.locator("#where-prompt").get_by_test_id("machine-translation")
    await expect(note).to_contain_text("ترجمة آلية")
    assert await note.get_attribute("title") == "ترجمة آلية لم يراجعها أحد بعد"
    await _shots(page, "client-ar-started")


async def test_the_first_tap_on_a_language_card_says_its_name(live_server, browser_context):
    english, arabic = await _manifest(live_server, "en"), await _manifest(live_server, "ar")
    page = await _page(browser_context, live_server + "/")
    await expect(page.get_by_test_id("language-ar")).to_be_visible()
    await _shots(page, "language")
    await start(page)
    # Nothing is known of this client: the browser's language (English here) asks.
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[english["choose_language"]])
    await page.get_by_test_id("language-ar").click()
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[arabic["language_name"]])
    assert (await page.evaluate("window.__played"))[-1].endswith(arabic["language_name"])
    await expect(page.get_by_test_id("language-ar-ok")).to_be_visible()  # chosen on a second tap


async def test_the_keyboard_starts_the_short_code_page_with_space(live_server, browser_context):
    english = await _manifest(live_server, "en")
    page = await _page(browser_context, live_server + "/code")
    await expect(page.get_by_test_id("start")).to_be_focused()
    await _shots(page, "code")
    await page.keyboard.press("Space")
    await expect(page.get_by_test_id("start")).to_have_count(0)
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[english["code_q"]])
    await page.get_by_test_id("key-1").click()  # the keypad is the page's again
    await expect(page.get_by_test_id("code-input")).to_have_value("1")


async def test_the_dead_ends_of_a_link_or_a_letter_say_what_to_do_after_one_tap(
    live_server, browser_context
):
    english = await _manifest(live_server, "en")
    page = await _page(browser_context, live_server + "/nowhere")  # a mistyped link
    await expect(page.get_by_test_id("screen-error")).to_be_visible()
    await start(page)
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[english["help_error"]])
    await page.close()
    page = await _page(browser_context, live_server + "/i/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A")
    await expect(page.get_by_test_id("screen-invitation-missing")).to_be_visible()
    await _shots(page, "letter-missing")
    await start(page)
    await page.wait_for_function(PLAYED_IN_ORDER, arg=[english["help_gone"]])
