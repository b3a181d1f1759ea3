"""The client's whole booking in real Chromium: language, municipality (found by search under
"another place"), service, way to meet, time, phone, book; then the booking page of the link,
with the same time."""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from playwright.async_api import expect

from tests.e2e.sound import start

# Speech is recorded rather than heard: headless Chromium has no voices to check.
RECORD_SPEECH = """
window.__spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const voices = ["fi-FI", "ar-SA", "so-SO"]
  .map((lang) => ({ lang, localService: true, name: lang }));
window.speechSynthesis.getVoices = () => voices;
window.speechSynthesis.speak = (said) => window.__spoken.push({ text: said.text, lang: said.lang });
"""


async def _to_the_contact_step(page, base: str, language: str) -> str:
    """Walk from the first screen to the phone number; return the chosen slot's start."""
    await page.goto(base + "/")
    await start(page)
    # A reader taps each choice twice: once to hear it, once to choose it.
    await page.get_by_test_id(f"language-{language}").click()
    await page.get_by_test_id(f"language-{language}").click()
    # A reader may search every municipality: "another place" opens the search.
    await page.get_by_test_id("another-place").click()
    await page.get_by_test_id("another-place").click()
    await page.get_by_test_id("municipality-search").fill("Pudasj")  # not Pihtipudas
    await expect(page.locator("#municipality-list button.pick:visible")).to_have_count(1)
    await page.get_by_test_id("municipality-615").click()
    await page.get_by_test_id("municipality-615").click()
    guidance = page.locator('[data-testid="service"][data-slug="guidance"]').first
    await guidance.click()
    await guidance.click()
    await page.get_by_test_id("channel-video").click()
    await page.get_by_test_id("channel-video").click()
    # Readers may open the full list of times instead of the proposals.
    await page.get_by_test_id("all-times").click()
    slot = page.get_by_test_id("slot").first
    await expect(slot).to_be_visible()
    starts_at = await slot.get_attribute("data-slot-start")
    await slot.click()
    await expect(page.get_by_test_id("screen-contact")).to_be_visible()
    return starts_at


async def test_an_arabic_client_books_a_video_session_from_start_to_end(
    live_server, browser_context
) -> None:
    page = await browser_context.new_page()
    await page.add_init_script(RECORD_SPEECH)
    starts_at = await _to_the_contact_step(page, live_server, "ar")
    assert await page.get_attribute("html", "dir") == "rtl"
    # The keypad reads 1 2 3 from the left, as on every phone, though the page is right to left.
    one, three = [await page.get_by_test_id(f"key-{k}").bounding_box() for k in "13"]
    assert one["x"] < three["x"], (one, three)
    await page.get_by_test_id("contact-phone").fill("040 777 8899")
    await page.locator("#next").click()
    await expect(page.get_by_test_id("screen-confirm")).to_be_visible()
    await page.get_by_test_id("book").click()
    await page.wait_for_url(re.compile(r"/b/[A-Za-z0-9_-]{40,}$"))
    await expect(page.get_by_test_id("booking-when")).to_contain_text("موعدك في")
    token_path = urlsplit(page.url).path
    async with httpx.AsyncClient() as api:
        answer = await api.get(live_server + token_path, headers={"Accept": "application/json"})
    booking = answer.json()
    assert booking["language"] == "ar" and booking["municipality_code"] == "615"
    assert booking["channel"] == "video" and booking["status"] == "confirmed"
    assert booking["starts_at"].replace("Z", "+00:00") == _utc(starts_at)


async def test_every_step_can_be_heard_in_the_clients_language(live_server, browser_context):
    page = await browser_context.new_page()
    await page.add_init_script(RECORD_SPEECH)
    await _to_the_contact_step(page, live_server, "so")
    heading = await page.locator("#contact h1").inner_text()
    await page.evaluate("window.__spoken = []")
    await page.locator("#contact-prompt .speak").click()
    await page.wait_for_function("window.__spoken.length > 0")
    spoken = await page.evaluate("window.__spoken")
    assert spoken[-1] == {"text": heading, "lang": "so-SO"}
    # Somali is a machine translation, and the page says so; Finnish is reviewed.
    await expect(page.locator("#contact-prompt .machine")).to_be_visible()


async def test_a_wrong_phone_number_is_explained_and_books_nothing(live_server, browser_context):
    page = await browser_context.new_page()
    await _to_the_contact_step(page, live_server, "fi")
    await page.get_by_test_id("contact-phone").fill("12")
    await page.locator("#next").click()
    await expect(page.locator("#phone-error")).not_to_be_empty()
    await expect(page.get_by_test_id("screen-confirm")).to_be_hidden()
    await expect(page.locator("#contact-prompt .machine")).to_have_count(0)


def _utc(local_iso: str) -> str:
    return datetime.fromisoformat(local_iso).astimezone(UTC).isoformat()
