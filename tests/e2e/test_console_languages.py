"""The Swedish console shows only Swedish words: a walk through every tab of an admin-advisor
and of an interpreter fails on a string no Swedish table has, or on an English-only word."""

import secrets

import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.keys import choose_language
from tests.e2e.setup_forms import open_setup_forms
from tests.e2e.sound import serious_violations

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


async def test_the_municipalities_tab_groups_by_region_and_finds_a_name_in_either_language(
    live_server, browser_context
):
    page = await browser_context.new_page()
    await page.goto(live_server + "/console#municipalities")
    # Not the admin, whom the walk above left in Swedish: every role sees the tab.
    await page.get_by_test_id("login-email").fill("oulu.operator@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "fi")
    await page.get_by_test_id("tab-municipalities").click()
    panel = page.get_by_test_id("panel-municipalities")
    rows = panel.get_by_test_id("municipality-row")
    # The whole official list, which `neuvo migrate` loaded, a section per region.
    await expect(rows).to_have_count(308)
    await expect(panel.locator("section")).to_have_count(19)
    await expect(panel.get_by_test_id("region-17").locator("h3")).to_have_text(
        "Pohjois-Pohjanmaa (17)"
    )
    search = panel.get_by_label("Hae kuntaa nimellä (suomeksi tai ruotsiksi)")
    await search.fill("jakobstad")  # Swedish name, any case
    await expect(rows.locator("visible=true")).to_have_count(1)
    await expect(panel.locator('[data-code="598"]')).to_be_visible()
    await expect(panel.get_by_test_id("region-15")).to_be_visible()
    await expect(panel.get_by_test_id("region-17")).to_be_hidden()
    await expect(panel.get_by_test_id("municipality-count")).to_have_text("1 / 308 kuntaa")
    await search.fill("Uleå")
    await expect(panel.locator('[data-code="564"]')).to_be_visible()
    await search.fill("ei tällaista kuntaa")
    await expect(panel.get_by_test_id("municipality-none")).to_be_visible()
    # In Swedish: the regions' Swedish names, and a Finnish name finds the municipality too.
    await choose_language(page, "sv")
    await page.get_by_test_id("tab-municipalities").click()
    panel = page.get_by_test_id("panel-municipalities")
    await expect(panel.get_by_test_id("region-15").locator("h3")).to_have_text("Österbotten (15)")
    await panel.get_by_label("Sök kommun med namn (på finska eller svenska)").fill("pietarsaari")
    await expect(panel.get_by_test_id("municipality-row").locator("visible=true")).to_have_count(1)
    await expect(panel.locator('[data-code="598"] td').nth(2)).to_have_text("Jakobstad")


@pytest.mark.parametrize(
    ("email", "platform"),
    [("admin@demo.neuvo.fi", True), ("oulu.admin@demo.neuvo.fi", False)],
)
async def test_the_swedish_setup_forms_show_only_swedish_words(
    live_server, browser_context, email, platform
):
    """The organisation, service and agreement forms, open and refused, in Swedish."""
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "sv")
    english = set(await page.evaluate(ENGLISH_WORDS, "sv"))

    async def check(where: str) -> None:
        # The header names the platform admin "Demo Admin": a name, not a word to translate.
        shown = set(await page.evaluate(VISIBLE_WORDS)) - {"admin"}
        assert not shown & english, (where, sorted(shown & english))

    await open_setup_forms(page, check, platform=platform)
    assert await page.evaluate("() => [...globalThis.__neuvoMissingStrings]") == []
    assert errors == []


PAGE_ENGLISH = """
async () => {
  const { WORDS } = await import("/static/password.js");
  const words = (text) => String(text).toLowerCase().match(/\\p{L}{3,}/gu) ?? [];
  const own = new Set(Object.values(WORDS.sv).flatMap(words));
  return [...new Set(Object.values(WORDS.en).flatMap(words))].filter((w) => !own.has(w));
}
"""


async def test_the_staff_forms_and_the_password_page_speak_swedish(live_server, browser_context):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console#staff")
    await page.get_by_test_id("login-email").fill("oulu.admin@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "sv")
    english = set(await page.evaluate(ENGLISH_WORDS, "sv"))
    await page.get_by_test_id("tab-staff").click()
    await page.get_by_test_id("staff-invite").click()
    invite = page.get_by_test_id("staff-invite-form")
    await invite.locator('[value="voice"]').check()
    await invite.get_by_test_id("staff-invite-send").click()
    await expect(invite.get_by_test_id("staff-form-error")).to_have_text("Skriv ett namn.")
    shown = set(await page.evaluate(VISIBLE_WORDS))
    assert not shown & english, ("invite", sorted(shown & english))
    await invite.get_by_test_id("staff-cancel").click()
    await page.get_by_test_id("staff-edit").first.click()
    await expect(page.get_by_test_id("staff-edit-form")).to_be_visible()
    shown = set(await page.evaluate(VISIBLE_WORDS))
    assert not shown & english, ("edit", sorted(shown & english))
    await page.get_by_test_id("tab-profile").click()
    await page.get_by_test_id("password-change").click()
    await expect(page.locator("#password-current-error")).to_have_text("Skriv ett lösenord.")
    shown = set(await page.evaluate(VISIBLE_WORDS))
    assert not shown & english, ("password", sorted(shown & english))
    assert await page.evaluate("() => [...globalThis.__neuvoMissingStrings]") == []

    await page.goto(live_server + "/password?lang=sv")
    await expect(page.get_by_test_id("password-heading")).to_have_text("Glömt lösenordet?")
    page_english = set(await page.evaluate(PAGE_ENGLISH))
    await page.get_by_test_id("forgot-send").click()
    await expect(page.get_by_test_id("forgot-email-error")).to_have_text("Skriv en e-postadress.")
    shown = set(await page.evaluate(VISIBLE_WORDS))
    assert not shown & page_english, ("forgot", sorted(shown & page_english))
    await page.set_extra_http_headers({"Accept-Language": "sv-FI,sv;q=0.9,en;q=0.5"})
    await page.goto(live_server + "/password#t=" + "x" * 43)
    await expect(page.get_by_test_id("password-heading")).to_have_text("Länken kändes inte igen")
    shown = set(await page.evaluate(VISIBLE_WORDS))
    assert not shown & page_english, ("unknown link", sorted(shown & page_english))
    assert errors == []


async def test_the_platform_admins_invitation_form_with_its_organisation_choice_in_swedish(
    live_server, browser_context
):
    """The invitation form as a platform admin has it (the organisation to invite to), refused,
    in Swedish and with no serious axe-core violation."""
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console#staff")
    await page.get_by_test_id("login-email").fill("admin@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "sv")
    english = set(await page.evaluate(ENGLISH_WORDS, "sv"))
    await page.get_by_test_id("tab-staff").click()
    await page.get_by_test_id("staff-invite").click()
    invite = page.get_by_test_id("staff-invite-form")
    await expect(invite.get_by_test_id("staff-organisation")).to_be_visible()
    await invite.get_by_test_id("staff-invite-send").click()
    await expect(invite.get_by_test_id("staff-form-error")).to_have_text("Skriv ett namn.")
    shown = set(await page.evaluate(VISIBLE_WORDS)) - {"admin"}  # "Demo Admin", a name
    assert not shown & english, sorted(shown & english)
    assert await serious_violations(page) == []
    assert await page.evaluate("() => [...globalThis.__neuvoMissingStrings]") == []
    assert errors == []


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
