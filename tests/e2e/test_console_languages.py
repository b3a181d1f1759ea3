"""The Swedish console shows only Swedish words: a walk through every tab of an admin-advisor
and of an interpreter fails on a string no Swedish table has, or on an English-only word."""

import secrets

import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.keys import choose_language

# Every word of the English tables that no Swedish table has, plus common English words a
# hard-coded string would carry: none may show in the Swedish console.
ENGLISH_WORDS = """
async (lang) => {
  const { SHARED } = await import("/static/console/i18n.js");
  const ids = (await import("/static/console/tabs.js")).default;
  const load = async (id) => (await import(`/static/console/${id}.js`)).default.strings;
  const tables = [SHARED, ...await Promise.all(ids.map(load))];
  const words = (text) => String(text).toLowerCase().match(/\\p{L}{3,}/gu) ?? [];
  const own = new Set(tables.flatMap((t) => Object.values(t[lang] ?? {}).flatMap(words)));
  const english = new Set([...tables.flatMap((t) => Object.values(t.en).flatMap(words)),
    "the", "and", "add", "save", "delete", "loading", "error", "yes", "none"]);
  return [...english].filter((w) => !own.has(w));
}
"""

VISIBLE_WORDS = """
() => {
  // Data (codes, names, e-mail addresses) is marked translate="no"; endonyms are meant so.
  const skip = (node) => node.closest("[data-endonyms], [translate=no], [hidden], script, style");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!skip(parent) && parent.checkVisibility()) found.push(node.textContent);
  }
  for (const node of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    if (skip(node)) continue;
    found.push(node.getAttribute("aria-label") ?? "", node.title ?? "");
    found.push(node.getAttribute("placeholder") ?? "");
  }
  return found.join(" ").toLowerCase().match(/\\p{L}{3,}/gu) ?? [];
}
"""


@pytest.mark.parametrize("email", ["oulu.admin@demo.neuvo.fi", "interpreter.ti@demo.neuvo.fi"])
async def test_the_swedish_console_shows_only_swedish_words(live_server, browser_context, email):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "sv")
    await expect(page.get_by_test_id("logout")).to_have_text("Logga ut")
    english = set(await page.evaluate(ENGLISH_WORDS, "sv"))
    tabs = page.locator('[role="tab"]')
    assert await tabs.count() >= 4
    for index in range(await tabs.count()):
        tab = tabs.nth(index)
        await tab.click()
        panel = page.locator(f"#{await tab.get_attribute('aria-controls')}")
        await expect(panel).to_be_visible()
        await expect(panel).not_to_have_attribute("aria-busy", "true")
        await page.wait_for_load_state("networkidle")
        shown = set(await page.evaluate(VISIBLE_WORDS))
        assert not shown & english, (await tab.get_attribute("id"), sorted(shown & english))
    missing = await page.evaluate("() => [...globalThis.__neuvoMissingStrings]")
    assert missing == []
    assert errors == []
    # The choice is kept on the account: a reload comes back in Swedish.
    await page.reload()
    await expect(page.get_by_test_id("logout")).to_have_text("Logga ut")


async def test_the_swedish_caller_screen_says_the_booking_and_the_code_in_swedish(
    live_server, browser_context
):
    """A new caller in Swedish: no language chosen yet, the one confirmation, the code to read
    out, the link sent again by SMS (not sent: no gateway), and the Messages tab."""
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill("oulu.operator@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "sv")
    english = set(await page.evaluate(ENGLISH_WORDS, "sv"))
    seen: list[tuple[str, set[str]]] = []

    async def look(where: str) -> None:
        await page.wait_for_load_state("networkidle")
        seen.append((where, set(await page.evaluate(VISIBLE_WORDS)) & english))

    # A new number each run: a rerun on the same server meets a new caller too.
    await page.get_by_test_id("caller-phone").fill(f"0457{secrets.randbelow(10**6):06d}")
    await page.get_by_test_id("caller-find").click()
    form = page.get_by_test_id("booking-form")
    await form.get_by_test_id("find-slots").click()
    await expect(form).to_contain_text("Fråga uppringarens språk och välj det först.")
    await look("no language")
    await form.get_by_test_id("book-language").select_option("ar")
    await form.get_by_test_id("find-slots").click()
    await form.get_by_test_id("slot").first.click()
    await expect(form.get_by_test_id("confirm-booking")).to_contain_text("Ska det här mötet bokas?")
    await look("confirmation")
    await form.get_by_test_id("confirm-book").click()
    await expect(form.get_by_test_id("short-code")).to_be_visible()
    await look("booked")
    await page.get_by_test_id("caller-find").click()
    card = page.get_by_test_id("client-card")
    send = card.get_by_role("button", name="Skicka länken igen per sms")
    await send.click()
    await expect(card.get_by_test_id("link-sms-status")).to_have_text(
        "inte skickat: ingen sms-tjänst är konfigurerad", timeout=20_000
    )
    await look("link sent again")
    await page.get_by_test_id("tab-messages").click()
    await page.get_by_test_id("message-filter").select_option("not_sent")
    await expect(page.get_by_test_id("table-messages")).to_contain_text("inte skickat")
    await look("messages")
    assert [(where, sorted(words)) for where, words in seen if words] == []
    missing = await page.evaluate("() => [...globalThis.__neuvoMissingStrings]")
    assert missing == []
    assert errors == []
