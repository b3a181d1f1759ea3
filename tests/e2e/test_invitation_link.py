"""A newcomer's personal link in real Chromium at a phone's width: imported with
`neuvo outreach import` into the live server's database, the link read from the letter that
`neuvo outreach letters` printed, opened; the client page is in Arabic, right to left, with
the campaign's service and the municipality chosen, and the opening marked only "opened"."""

import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect

from outreach.records import COLUMNS
from scheduling import demo
from tests import demo_db
from tests.demo_db import demo_database
from tests.e2e.conftest import BIN, start_server, stop_server
from tests.e2e.sound import serious_violations, start

SCREENSHOT = Path("/tmp/invite-ar.png")  # noqa: S108 (where a person looks at it)
HOW_MEET_AR = "كيف تريد أن نلتقي؟"
CHOOSE_TIME_AR = "اختر موعدًا"
CONFIRM_AR = "هل هذا صحيح؟"
BOOKED_AR = "موعدك في"  # "Your appointment is on …", the booking page's heading
# Speech is recorded rather than heard: headless Chromium has no voices.
RECORD_SPEECH = """
window.__spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
window.speechSynthesis.getVoices = () => [{ lang: "ar-SA", localService: true, name: "ar" }];
window.speechSynthesis.speak = (said) => window.__spoken.push({ text: said.text, lang: said.lang });
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server and the environment that reaches its database from the command line."""
    path = tmp_path_factory.mktemp("invite") / "neuvo.db"
    env = demo_database(path)
    server, base = start_server(DATABASE_URL=env["DATABASE_URL"], NEUVO_ENV="development")
    try:
        yield base, {**env, "NEUVO_BASE_URL": base}
    finally:
        stop_server(server)


def _neuvo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "neuvo"), *args],
        env={**env, "NEUVO_CLOCK": demo_db.now().isoformat()},  # the demo's time now
        capture_output=True,
        text=True,
        timeout=120,
    )


def _register_file(path: Path) -> Path:
    moved = (demo_db.now().date() - timedelta(days=20)).isoformat()
    values = ("أمينة", "حسن", "Kauppurienkatu 5 A 3", "93100", "615", "ar", "SY", moved, "", "")
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(values) + "\n", encoding="utf-8")
    return path


def _admin(api: httpx.Client) -> dict[str, object]:
    """Log ``api`` in as the demo admin; return the campaign "Kutsu" as the admin sees it."""
    login = {"email": "oulu.admin@demo.neuvo.fi", "password": demo.DEMO_PASSWORD}
    assert api.post("/api/v1/auth/login", json=login).status_code == 200
    return next(c for c in api.get("/api/v1/campaigns").json() if c["name"] == "Kutsu")


def _funnel(base: str) -> dict[str, object]:
    with httpx.Client(base_url=base) as api:
        campaign = _admin(api)
        rows = api.get(f"/api/v1/campaigns/{campaign['id']}/funnel").json()
    return next(row for row in rows if row["language"] == "ar")


def letter_link(env: dict[str, str], folder: Path, base: str) -> str:
    """Import one Arabic newcomer into the demo's campaign "Kutsu" from the command line,
    print the letters, and return the path of the personal link the letter prints."""
    imported = _neuvo(env, "outreach", "import", str(_register_file(folder / "in.csv")),
                      "--campaign", "Kutsu")  # fmt: skip
    assert imported.returncode == 0, imported.stdout + imported.stderr
    printed = _neuvo(env, "outreach", "letters", "--campaign", "Kutsu",
                     "--out", str(folder / "letters.pdf"))  # fmt: skip
    assert printed.returncode == 0, printed.stdout + printed.stderr
    text = subprocess.run(
        ["pdftotext", str(folder / "letters.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(re.escape(base) + r"(/i/[A-Z2-7]{5}(?:-[A-Z2-7]{1,5}){5})", text)
    assert found, text
    return found.group(1)


@pytest.fixture(scope="module")
def invitation(site, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The path of the Arabic newcomer's personal link, as the letter prints it."""
    base, env = site
    return letter_link(env, tmp_path_factory.mktemp("letters"), base)


async def test_the_link_opens_the_client_page_in_arabic_with_service_and_place_chosen(
    site, invitation, browser_context
) -> None:
    base, _ = site
    before = _funnel(base)
    assert before["imported"] == 1 and before["letters"] == 1 and before["opened"] == 0
    page = await browser_context.new_page()
    await page.set_viewport_size({"width": 360, "height": 760})
    await page.add_init_script(RECORD_SPEECH)
    await page.goto(base + invitation)
    await page.wait_for_url(re.compile(r"/\?lang=ar&service=[0-9a-f-]{36}&municipality=615"))
    await start(page)
    # The service has three ways to meet: the first question asked is how, not what or where.
    how = page.get_by_test_id("screen-channel")
    await expect(how).to_be_visible()
    await expect(how.locator("h1, #how-prompt").first).to_contain_text(HOW_MEET_AR)
    assert await page.get_attribute("html", "lang") == "ar"
    assert await page.get_attribute("html", "dir") == "rtl"
    for asked in ("screen-language", "screen-services", "screen-municipality"):
        await expect(page.get_by_test_id(asked)).to_be_hidden()
    await page.screenshot(path=str(SCREENSHOT), full_page=True)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px screen"
    assert await serious_violations(page) == []
    # A reader taps a choice twice: once to hear it, once to choose it; then the time.
    await page.get_by_test_id("channel-video").click()
    await page.get_by_test_id("channel-video").click()
    await expect(page.get_by_test_id("screen-slots")).to_be_visible()
    await expect(page.locator("#time-prompt")).to_contain_text(CHOOSE_TIME_AR)
    await expect(page.get_by_test_id("screen-municipality")).to_be_hidden()
    await expect(page.get_by_test_id("proposal")).not_to_be_empty()
    await page.screenshot(path=str(SCREENSHOT.with_stem("invite-ar-time")), full_page=True)
    after = _funnel(base)
    assert after == {**before, "opened": 1}


async def test_a_link_opened_again_or_mistyped_changes_nothing_more(
    site, invitation, browser_context
) -> None:
    base, _ = site
    async with httpx.AsyncClient(base_url=base) as client:
        first = await client.get(invitation)
        before = _funnel(base)
        # Typed from the letter: lower case, without dashes, a zero for the letter O.
        typed = invitation.removeprefix("/i/").replace("-", "").lower().replace("o", "0")
        again = await client.get(f"/i/{typed}")
        unknown = await client.get("/i/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A")
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert unknown.status_code == 404
    assert _funnel(base) == {**before, "opened": 1}


async def test_a_newcomer_books_through_the_link_by_taps_and_the_funnel_counts_it(
    site, invitation, browser_context
) -> None:
    base, _ = site
    before = _funnel(base)
    assert before["booked"] == 0
    page = await browser_context.new_page()
    await page.set_viewport_size({"width": 360, "height": 760})
    await page.add_init_script(RECORD_SPEECH)
    await page.goto(base + invitation)
    await start(page)
    # How to meet: tapped twice (heard, then chosen); then "yes" to the first time proposed.
    await page.get_by_test_id("channel-video").click()
    await page.get_by_test_id("channel-video").click()
    proposal = page.get_by_test_id("proposal-slot")
    await expect(proposal).to_be_visible()
    starts_at = await proposal.get_attribute("data-slot-start")
    await page.get_by_test_id("proposal-yes").click()
    # The phone number on the keypad, one key at a time, as a client without a keyboard types.
    await expect(page.get_by_test_id("screen-contact")).to_be_visible()
    for key in "0451234567":
        await page.get_by_test_id(f"key-{key}").click()
    await expect(page.get_by_test_id("contact-phone")).to_have_value("0451234567")
    await page.get_by_test_id("next").click()
    confirm = page.get_by_test_id("screen-confirm")
    await expect(confirm).to_be_visible()
    await expect(page.locator("#confirm-prompt")).to_contain_text(CONFIRM_AR)
    await page.screenshot(path=str(SCREENSHOT.with_stem("invite-confirm-ar")), full_page=True)
    # The booking's answer is kept as it passes: the page leaves for the booking page at once.
    made: dict[str, object] = {}

    async def keep(route) -> None:
        response = await route.fetch()
        made.update(await response.json())
        await route.fulfill(response=response)

    await page.route("**/api/v1/bookings", keep)
    await page.get_by_test_id("book").click()
    await page.wait_for_url(re.compile(r"/b/[A-Za-z0-9_-]{40,}$"))
    # The confirmation: the booking page of the link, in Arabic, right to left, at 360 px.
    when = page.get_by_test_id("booking-when")
    await expect(when).to_contain_text(BOOKED_AR)
    assert await page.get_attribute("html", "lang") == "ar"
    assert await page.get_attribute("html", "dir") == "rtl"
    await page.screenshot(path=str(SCREENSHOT.with_stem("invite-booked-ar")), full_page=True)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px screen"
    campaign, booking = _booking(base, made["booking"]["id"])
    assert booking["service_id"] == campaign["service_id"]
    assert booking["municipality_code"] == "615"  # the letter's, never asked
    assert booking["language"] == "ar" and booking["channel"] == "video"
    assert booking["status"] == "confirmed"
    assert booking["starts_at"].replace("Z", "+00:00") == _utc(starts_at)
    # The organisation's admin sees real counts, not "<5".
    after = _funnel(base)
    assert after == {**before, "opened": 1, "booked": 1}


def _booking(base: str, booking_id: str) -> tuple[dict[str, object], dict[str, object]]:
    """The campaign "Kutsu" and one booking, as the organisation's admin reads them."""
    with httpx.Client(base_url=base) as api:
        campaign = _admin(api)
        return campaign, api.get(f"/api/v1/bookings/{booking_id}").json()


def _utc(local_iso: str) -> str:
    return datetime.fromisoformat(local_iso).astimezone(UTC).isoformat()
