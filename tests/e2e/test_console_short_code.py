"""An operator books for a new caller, confirms once what is booked, and reads out the short
code; the client, in a second browser, opens the client page, types the code on its keypad
(a wrong one first: said and shown in Arabic) and sees the booking. With no SMS gateway the
Messages tab says the confirmation was not sent, with the number and the code to read out."""

import re
import secrets

import httpx
from playwright.async_api import async_playwright, expect

from tests import demo_db
from tests.e2e.conftest import CHROMIUM, FLAGS
from tests.e2e.keys import choose_language, log_in
from tests.e2e.sound import recorder, start


def _new_number() -> str:
    """Nobody's: a new number on each run (a rerun on the same server meets a new caller too)."""
    return f"0457{secrets.randbelow(10**6):06d}"


async def _manifest(base: str, lang: str) -> dict:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"{base}/audio/{lang}/manifest.json")).json()


async def _book_by_phone(page, base: str, phone: str) -> tuple[str, str]:
    """The operator's side: a new caller, Arabic, the first time, one confirmation; the code."""
    await log_in(page, base, "oulu.operator@demo.neuvo.fi")
    await choose_language(page, "en")
    await page.get_by_test_id("caller-phone").fill(phone)
    await page.get_by_test_id("caller-find").click()
    form = page.get_by_test_id("booking-form")
    language = form.get_by_test_id("book-language")
    await expect(language).to_have_value("")  # a new caller's language starts empty
    await form.get_by_test_id("find-slots").click()
    await expect(form).to_contain_text("Ask the caller's language and choose it first.")
    await expect(form.get_by_test_id("slot")).to_have_count(0)
    await language.select_option("ar")
    await form.get_by_test_id("book-municipality").select_option("564")
    await form.get_by_test_id("find-slots").click()
    first = form.get_by_test_id("slot").first
    await first.click()
    # Nothing is booked yet: one confirmation says what will be.
    confirm = form.get_by_test_id("confirm-booking")
    await expect(confirm).to_contain_text("Book this session?")
    for words in ("Service", "Day", "Time", "Way", "Video", "Language", "Arabic", "Interpreter"):
        await expect(confirm).to_contain_text(words)
    await expect(form.get_by_test_id("booked")).to_have_count(0)
    await expect(form.get_by_test_id("confirm-book")).to_be_focused()
    await form.get_by_test_id("confirm-book").click()
    code = form.get_by_test_id("short-code")
    await expect(code).to_have_text(re.compile(r"^\d{4} \d{4}$"))
    link = await form.get_by_test_id("client-link").input_value()
    return (await code.inner_text()), link


async def test_the_operator_reads_out_the_code_and_the_client_opens_the_booking_with_it(
    live_server, browser_context, tmp_path
):
    operator = await browser_context.new_page()
    errors: list[str] = []
    operator.on("pageerror", lambda error: errors.append(str(error)))
    phone = _new_number()
    code, link = await _book_by_phone(operator, live_server, phone)
    async with httpx.AsyncClient() as http:
        booked = (await http.get(link, headers={"Accept": "application/json"})).json()
    assert booked["language"] == "ar" and booked["status"] == "confirmed"

    manifest = await _manifest(live_server, "ar")
    async with async_playwright() as playwright:  # the client's own phone: another browser
        client = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "client"), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            await client.clock.install(time=demo_db.now())
            page = await client.new_page()
            await page.add_init_script(recorder())
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(live_server + "/")
            await start(page)
            await page.get_by_test_id("language-ar").click()
            await page.get_by_test_id("language-ar-ok").click()
            await page.get_by_test_id("have-code").click()
            await expect(page.get_by_test_id("screen-code")).to_be_visible()
            await expect(page.locator("html")).to_have_attribute("lang", "ar")
            await expect(page.locator("html")).to_have_attribute("dir", "rtl")
            digits = code.replace(" ", "")
            wrong = f"{(int(digits) + 1) % 10**8:08d}"
            for key in wrong:
                await page.get_by_test_id(f"key-{key}").click()
            await page.evaluate("window.__played = []; window.__spoken = []")
            await page.get_by_test_id("code-open").click()
            said = page.get_by_test_id("code-error")
            await expect(said).to_contain_text("هذا الرمز غير صحيح")
            wrong_audio = manifest["prompts"]["code_wrong"]
            await page.wait_for_function(
                "(u) => window.__played.some((p) => p.endsWith(u))", arg=wrong_audio
            )
            played = await page.evaluate("window.__played")
            await page.get_by_test_id("code-input").fill("")
            for key in digits:
                await page.get_by_test_id(f"key-{key}").click()
            # Each key said its digit from the server's clips.
            assert await page.evaluate("window.__played.length") > len(played)
            await page.get_by_test_id("code-open").click()
            await page.wait_for_url("**/b/**")
            assert page.url == link
            await expect(page.get_by_test_id("booking-status")).to_have_attribute(
                "data-status", "confirmed"
            )
            await expect(page.get_by_test_id("booking-when")).to_be_visible()
        finally:
            await client.close()
    print("played on the wrong code:", played)  # the record of which audio played

    # No SMS gateway in this server: the confirmation is "not sent", with number and code.
    await operator.get_by_test_id("tab-messages").click()
    table = operator.get_by_test_id("table-messages")
    row = table.locator("tr", has_text="+358" + phone[1:]).filter(has_text="confirmation (sms, ar)")
    for _ in range(30):  # the outbox tries it within seconds of the booking
        await operator.get_by_test_id("message-filter").select_option("not_sent")
        if await row.count():
            break
        await operator.get_by_test_id("message-filter").select_option("")
        await operator.wait_for_timeout(500)
    await expect(row).to_have_count(1)
    # The status cell says it never left, never merely "sent".
    await expect(row.locator("td").nth(3)).to_have_text("not sent: no SMS gateway configured")
    await expect(row).to_contain_text(code)
    await expect(row).to_contain_text("[link]")
    await expect(row).not_to_contain_text("/b/")
    assert errors == []
