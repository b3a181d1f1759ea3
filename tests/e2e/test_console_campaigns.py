"""The console's Campaigns tab in real Chromium: an admin makes a campaign, uploads a register
file with one bad row, reads which line was left out and why, reads the funnel, and downloads
the letters (a PDF with the newcomers' names) and the funnel (a CSV of the same counts)."""

import csv
import io
import re
import secrets
import subprocess
from datetime import timedelta
from pathlib import Path

from playwright.async_api import expect

from outreach.records import COLUMNS
from scheduling import demo
from tests import demo_db
from tests.e2e.keys import log_in, tab_to
from tests.e2e.sound import serious_violations


def _register_file() -> bytes:
    moved = (demo_db.now().date() - timedelta(days=10)).isoformat()
    rows = [
        ("Amina", "Hassan", "Kauppurienkatu 5 A 3", "90100", "564", "ar", "SY", moved, "", ""),
        ("Hodan", "Warsame", "Isokatu 7 B 12", "90100", "564", "so", "SO", moved, "", ""),
        ("Yonas", "Tesfay", "Torikatu 1", "90100", "999", "ti", "ER", moved, "", ""),
    ]
    lines = [",".join(COLUMNS), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


async def _log_in_to_campaigns(page, base: str) -> None:
    await page.goto(base + "/console")
    await page.get_by_test_id("login-email").fill("oulu.admin@demo.neuvo.fi")
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await page.get_by_test_id("tab-campaigns").click()
    await expect(page.get_by_test_id("panel-campaigns")).to_be_visible()


async def _make_campaign(panel, name: str) -> None:
    today = demo_db.now().date()
    await panel.get_by_label("New campaign's name").fill(name)
    await expect(panel.get_by_label("Service").locator("option").first).to_be_attached()
    await panel.get_by_label("Service").select_option(label="Guidance and advice")
    await panel.get_by_label("Municipalities").select_option(["564", "615"])
    await expect(panel.locator("#campaign-municipalities-chosen")).to_have_text(
        "Chosen: Oulu, Pudasjärvi"
    )
    await panel.get_by_label("Starts").fill(today.isoformat())
    await panel.get_by_label("Ends").fill((today + timedelta(days=30)).isoformat())
    await panel.get_by_role("button", name="Create", exact=True).click()
    await expect(panel.get_by_role("heading", name=f"Campaign: {name}")).to_be_visible()
    # Listed at once, to be opened again later.
    await expect(panel.get_by_role("button", name=re.compile(f"^{name} "))).to_be_visible()
    await expect(panel.get_by_text("No campaigns yet.")).to_be_hidden()


def _pdf_text(path: Path) -> str:
    head = path.read_bytes()[:5]
    assert head == b"%PDF-", head
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


async def test_an_admin_imports_a_file_reads_the_rejected_row_and_downloads_letters_and_funnel(
    live_server, browser_context, tmp_path: Path
) -> None:
    page = await browser_context.new_page()
    await _log_in_to_campaigns(page, live_server)
    panel = page.get_by_test_id("panel-campaigns")
    await _make_campaign(panel, "Talvi")

    upload = {"name": "muuttajat.csv", "mimeType": "text/csv", "buffer": _register_file()}
    await panel.get_by_label("Import a register file (CSV)").set_input_files(upload)
    await panel.get_by_role("button", name="Import", exact=True).click()
    await expect(panel.get_by_text("2 of 3 rows imported.")).to_be_visible()
    rejected = panel.locator("table", has=page.get_by_role("columnheader", name="Reason"))
    await expect(rejected.locator("tbody tr")).to_have_count(1)
    await expect(rejected.locator("tbody tr td").nth(0)).to_have_text("4")
    await expect(rejected.locator("tbody tr td").nth(1)).to_contain_text("999")

    funnel = panel.locator("table", has=page.get_by_role("columnheader", name="Opened the link"))
    total = funnel.locator("tbody tr", has=page.get_by_role("cell", name="All", exact=True))
    await expect(total.locator("td").nth(1)).to_have_text("2")  # imported
    await expect(total.locator("td").nth(2)).to_have_text("0")  # letters

    # The letters are laid out by a job: the tab says so, then offers the download.
    await panel.get_by_role("button", name="Print the letters (PDF)").click()
    ready = panel.get_by_role("link", name="Download 2 letters (PDF)")
    await expect(ready).to_be_visible(timeout=60_000)
    await expect(ready).to_be_focused()
    async with page.expect_download() as letters_download:
        await ready.click()
    letters = await letters_download.value
    assert letters.suggested_filename == "letters-Talvi.pdf"
    await letters.save_as(tmp_path / "letters.pdf")
    text = _pdf_text(tmp_path / "letters.pdf")
    assert "Amina Hassan" in text and "Hodan Warsame" in text and "Yonas" not in text
    # The letters count as sent: the funnel shown says so.
    await expect(total.locator("td").nth(2)).to_have_text("2")

    assert await serious_violations(page) == []
    async with page.expect_download() as funnel_download:
        await panel.get_by_role("button", name="Download CSV").click()
    exported = await funnel_download.value
    assert exported.suggested_filename == "funnel-Talvi.csv"
    await exported.save_as(tmp_path / "funnel.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "funnel.csv").read_text("utf-8"))))
    assert [row["language"] for row in rows] == ["ar", "so", "all"]
    assert [(row["imported"], row["letters"], row["opened"]) for row in rows] == [
        ("1", "1", "0"),
        ("1", "1", "0"),
        ("2", "2", "0"),
    ]


async def test_an_admin_rewords_the_texts_and_marks_a_person_do_not_contact(
    live_server, browser_context, tmp_path: Path
) -> None:
    page = await browser_context.new_page()
    await _log_in_to_campaigns(page, live_server)
    panel = page.get_by_test_id("panel-campaigns")
    await _make_campaign(panel, "Kevät")
    upload = {"name": "muuttajat.csv", "mimeType": "text/csv", "buffer": _register_file()}
    await panel.get_by_label("Import a register file (CSV)").set_input_files(upload)
    await panel.get_by_role("button", name="Import", exact=True).click()
    await expect(panel.get_by_text("2 of 3 rows imported.")).to_be_visible()

    texts = panel.get_by_test_id("campaign-texts")
    await expect(texts.get_by_label("Text in language")).to_have_value("fi")  # the national one
    await texts.get_by_label("Text in language").select_option("so")
    sms = texts.get_by_test_id("text-sms")
    await expect(sms).to_have_value(re.compile(r"^Neuvo: Soo dhawoow!.*\{link\}$"))
    await expect(
        texts.get_by_text("SMS (default text, machine translated, not reviewed)")
    ).to_be_visible()
    await sms.fill("Neuvo: Soo dhawoow! Qabso waqti.")  # the link left out
    await texts.get_by_test_id("save-sms").click()
    await expect(texts.locator("#campaign-sms-error")).to_have_text(
        "The SMS must contain {link} exactly once."
    )
    await expect(sms).to_be_focused()
    await sms.fill("Neuvo: Soo dhawoow! Qabso waqti: {link}")
    await texts.get_by_test_id("reviewed-sms").check()
    await texts.get_by_test_id("save-sms").click()
    await expect(page.get_by_text("Text saved.")).to_be_visible()
    await expect(texts.get_by_text("SMS (the campaign's own, reviewed)")).to_be_visible()
    await expect(texts.get_by_test_id("reset-sms")).to_be_visible()

    await texts.get_by_label("Text in language").select_option("fi")
    await texts.get_by_test_id("text-letter").fill(
        "Muutit kuntaan {municipality}. Tämä kirje on kampanjan oma: {service}."
    )
    await texts.get_by_test_id("save-letter").click()
    await expect(texts.get_by_text("Letter text (the campaign's own, reviewed)")).to_be_visible()
    await panel.get_by_role("button", name="Print the letters (PDF)").click()
    ready = panel.get_by_role("link", name=re.compile(r"^Download \d+ letters \(PDF\)$"))
    await expect(ready).to_be_visible(timeout=60_000)
    async with page.expect_download() as letters_download:
        await ready.click()
    await (await letters_download.value).save_as(tmp_path / "letters.pdf")
    words = " ".join(_pdf_text(tmp_path / "letters.pdf").split())
    assert "Muutit kuntaan Oulu. Tämä kirje on kampanjan oma:" in words

    people = panel.get_by_test_id("campaign-people")
    await people.get_by_label("Name or phone number").fill("warsa")
    await people.get_by_role("button", name="Search").click()
    found = people.get_by_test_id("person-row")
    await expect(found).to_have_count(1)
    await expect(found.locator("td").first).to_have_text("Hodan Warsame")
    await expect(found.locator("td").nth(3)).to_have_text("letter printed")
    assert await serious_violations(page) == []
    await found.get_by_role("button", name="Do not contact").click()
    await expect(found.get_by_role("button")).to_have_text("Confirm: remove their data")
    await found.get_by_role("button").click()
    await expect(page.get_by_text("Hodan Warsame: data removed")).to_be_visible()
    await expect(people.get_by_text("Nobody found.")).to_be_visible()
    await page.screenshot(path="/tmp/console-campaign-texts.png", full_page=True)  # noqa: S108


async def test_an_admin_runs_a_campaign_by_keyboard_alone(
    live_server, browser_context, tmp_path: Path
) -> None:
    """Make a campaign, import the register file (the file picker opened with Space), download
    the letters, and mark a person do not contact (two presses), without a mouse."""
    page = await browser_context.new_page()
    await log_in(page, live_server, "oulu.admin@demo.neuvo.fi", "/console#campaigns")
    panel = page.get_by_test_id("panel-campaigns")
    await tab_to(page, panel.get_by_label("New campaign's name"))
    name = f"Syksy {secrets.token_hex(2)}"  # a rerun's own: the first try's may stand already
    await page.keyboard.type(name)
    await page.keyboard.press("Tab")
    await page.keyboard.type("Guidance")  # a closed select takes the option typed
    await expect(panel.get_by_label("Service")).to_have_value(
        await panel.get_by_label("Service")
        .locator("option", has_text="Guidance and advice")
        .first.get_attribute("value")
    )
    await page.keyboard.press("Tab")
    await page.keyboard.type("Oulu")  # the list of municipalities takes the one typed
    await expect(panel.get_by_label("Municipalities")).to_have_value("564")
    today = demo_db.now().date()
    for label, day in (("Starts", today), ("Ends", today + timedelta(days=30))):
        # Tab moves through a date field's month, day and year too: go until the field has it.
        await tab_to(page, panel.get_by_label(label))
        await page.keyboard.type(day.strftime("%m%d%Y"))  # Chromium's en-US date field
    await expect(panel.get_by_label("Ends")).to_have_value((today + timedelta(days=30)).isoformat())
    await page.keyboard.press("Enter")
    heading = panel.get_by_role("heading", name=f"Campaign: {name}")
    await expect(heading).to_be_focused(timeout=20_000)  # made, then drawn: slow under load

    await tab_to(page, panel.get_by_label("Import a register file (CSV)"))
    await expect(panel.get_by_label("Import a register file (CSV)")).to_be_focused()
    async with page.expect_file_chooser(timeout=60_000) as chooser:
        await page.keyboard.press("Space")
    upload = {"name": "muuttajat.csv", "mimeType": "text/csv", "buffer": _register_file()}
    await (await chooser.value).set_files(upload)
    await tab_to(page, panel.get_by_role("button", name="Import", exact=True))
    await page.keyboard.press("Enter")
    # Hodan may already be "do not contact" from the test before: then only Amina comes in.
    await expect(panel.get_by_text(re.compile(r"^[12] of 3 rows imported\.$"))).to_be_visible()
    await tab_to(page, panel.get_by_role("button", name="Print the letters (PDF)"))
    await page.keyboard.press("Enter")
    # When they are laid out, the download link takes the focus: Enter downloads them.
    ready = panel.get_by_role("link", name=re.compile(r"^Download \d+ letters \(PDF\)$"))
    await expect(ready).to_be_focused(timeout=60_000)
    async with page.expect_download() as letters_download:
        await page.keyboard.press("Enter")
    await (await letters_download.value).save_as(tmp_path / "letters.pdf")
    assert "Amina Hassan" in _pdf_text(tmp_path / "letters.pdf")

    await tab_to(page, "people-query")
    await page.keyboard.type("Amina")
    await page.keyboard.press("Enter")
    person = panel.get_by_test_id("person-row")
    await expect(person).to_have_count(1)
    mark = person.get_by_test_id("do-not-contact")
    await tab_to(page, mark)  # past the Search button
    await page.keyboard.press("Enter")
    await expect(mark).to_have_text("Confirm: remove their data")
    await expect(mark).to_be_focused()  # the second press, on the same button, confirms
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("Amina Hassan: data removed")
    await expect(page.get_by_test_id("people-query")).to_be_focused()
    await expect(panel.get_by_test_id("table-people")).to_contain_text("Nobody found.")
