"""Issue 26, point 3, in real Chromium: an admin sends a recording invitation from the console
(1280 px); the volunteer opens its link on a 360 px phone whose fake microphone says a tone,
and records the last of the booking path's Somali prompts (the rest of the path, 160-odd
takes, is put in the database beforehand as the invitation's approved takes, to keep the test
fast); a reviewer
approves in the console's studio, where each take names the volunteer; the coverage view
then says "a non-reader can book" for Somali, and so does ``neuvo prompts coverage``. An
ended invitation, or one opened for another language, is refused in Somali."""

import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect
from sqlalchemy import select

from access.models import StaffMember
from core import clock, db, tokens
from scheduling import demo
from speech import audio, library
from speech.models import Invitation, Recording, RecordingKind, RecordingStatus
from tests.e2e import studio
from tests.e2e.keys import choose_language

SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-community-shots"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
ADMIN = "interpreter.ar@demo.neuvo.fi"  # Layla A., admin of the interpreting organisation
REVIEWER = "admin@demo.neuvo.fi"  # the platform admin approves what every client hears
IN_THE_BROWSER = ("prompt:confirmed", "prompt:when", "prompt:help_confirm")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[studio.Server]:
    (tmp_path / "server").mkdir()
    running = studio.Server(tmp_path / "server")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def context(tmp_path: Path) -> AsyncIterator[object]:
    """Chromium whose fake microphone says a swelling tone, over and over."""
    async with studio.microphone(tmp_path, hertz=290.0) as made:
        yield made


async def _shot(page, name: str, *, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A screenshot to look at: the whole phone page, or the console's window (its studio
    lists some 250 rows below)."""
    SHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


async def _console(context, base: str, email: str):  # type: ignore[no-untyped-def]
    await context.clear_cookies()
    page = await context.new_page()
    await page.set_viewport_size(DESK)
    await page.goto(base + "/console#recordings")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await choose_language(page, "en")
    await page.get_by_test_id("tab-recordings").click()
    panel = page.get_by_test_id("panel-recordings")
    await expect(panel.get_by_test_id("readiness-so")).to_be_visible()
    return page, panel


async def _the_rest_recorded(base: str, token: str, database_url: str) -> None:
    """Every item of the Somali booking path but the last few, put in the server's database
    as takes of this invitation a reviewer approved: one tone, normalised as every upload is.
    (Through the API each take costs a sandboxed decoder, some 0.3-0.5 s: 160-odd of them would
    take this test past a minute; the API's own tests send takes through the link.)"""
    async with httpx.AsyncClient(timeout=30) as api:
        items = (await api.get(f"{base}/api/v1/recording/{token}")).json()["items"]
    path = [i for i in items if i["booking"] and f"{i['kind']}:{i['key']}" not in IN_THE_BROWSER]
    heard = audio.normalise(studio.tone_bytes(seconds=0.6, hertz=220.0))
    engine = db.create_engine(database_url.replace("sqlite:", "sqlite+aiosqlite:", 1), pool_size=1)
    try:
        async with db.transaction(db.session_factory(engine)) as session:
            invitation = await session.scalar(
                select(Invitation).where(Invitation.token_hash == tokens.hash_token(token))
            )
            reviewer = await session.scalar(
                select(StaffMember.id).where(StaffMember.email == REVIEWER)
            )
            assert invitation is not None and reviewer is not None
            session.add_all(
                Recording(
                    lang="so",
                    kind=RecordingKind(item["kind"]),
                    key=item["key"],
                    text=item["text"],
                    text_hash=library.text_hash(item["text"]),
                    audio=heard.data,
                    audio_hash=library.file_hash(heard.data),
                    seconds=heard.seconds,
                    status=RecordingStatus.APPROVED,
                    invitation_id=invitation.id,
                    decided_by=reviewer,
                    decided_at=clock.now(),
                )
                for item in path
            )
    finally:
        await engine.dispose()


async def test_a_volunteer_records_the_somali_booking_path_and_a_non_reader_can_book(
    server, context
):
    base = server.base
    page, panel = await _console(context, base, ADMIN)
    somali = panel.get_by_test_id("readiness-so")
    await expect(somali).to_have_attribute("data-can-book", "false")
    invitations = panel.get_by_test_id("recording-invitations")
    await invitations.locator("summary").click()
    await invitations.get_by_test_id("invite-name").fill("Amina H.")
    await invitations.get_by_test_id("invite-lang").select_option("so")
    await invitations.get_by_test_id("invite-meaning").select_option("en")
    await invitations.get_by_test_id("invite-email").fill("amina@example.org")
    await invitations.get_by_test_id("invite-phone").fill("040 1234567")
    await invitations.get_by_test_id("invite-send").click()
    link = await invitations.get_by_test_id("invite-link-text").text_content()
    assert link and "/record/" in link
    await expect(invitations.get_by_test_id("invitation-row")).to_have_count(1)
    await invitations.get_by_test_id("invite-link").scroll_into_view_if_needed()
    await _shot(page, "console-invitation-1280", full_page=False)
    await page.close()
    token = link.rsplit("/record/", 1)[1]

    await _the_rest_recorded(base, token, server.env["DATABASE_URL"])

    phone = await context.new_page()
    await phone.set_viewport_size(PHONE)
    await phone.goto(link)
    text = phone.get_by_test_id("record-text")
    counted = phone.get_by_test_id("record-booking")
    await expect(text).to_have_attribute("data-key", IN_THE_BROWSER[0])
    assert await phone.evaluate("document.documentElement.lang") == "so"
    total = int(await counted.get_attribute("data-total") or 0)
    await expect(counted).to_have_attribute("data-sent", str(total - len(IN_THE_BROWSER)))
    await expect(phone.locator(".meaning")).to_contain_text("English")  # its meaning beside
    await _shot(phone, "volunteer-360")
    for number, key in enumerate(IN_THE_BROWSER):
        await expect(text).to_have_attribute("data-key", key)
        button = phone.get_by_test_id("record-button")
        await button.click()
        await expect(button).to_have_attribute("data-state", "recording", timeout=20_000)
        await phone.wait_for_timeout(1500)  # speak (the take's length, no assertion)
        await button.click()
        await expect(button).to_have_attribute("data-state", "recorded", timeout=20_000)
        take = phone.get_by_test_id("record-take")
        await take.evaluate("(a) => a.play()")  # listen back before sending
        await phone.wait_for_function(
            "(a) => a.currentTime > 0.3 || a.ended", arg=await take.element_handle()
        )
        if number == 0:
            await _shot(phone, "volunteer-recorded-360")
        await phone.get_by_test_id("record-send").click()
        await expect(counted).to_have_attribute(
            "data-sent", str(total - len(IN_THE_BROWSER) + number + 1)
        )
    await expect(text).not_to_have_attribute("data-key", IN_THE_BROWSER[-1])  # on beyond the path
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # nothing sideways on a 360 px phone
    await _shot(phone, "volunteer-path-done-360")
    await phone.close()

    page, panel = await _console(context, base, REVIEWER)
    await expect(panel.get_by_test_id("readiness-so")).to_have_attribute("data-can-book", "false")
    await panel.get_by_label("Language").select_option("so")
    await expect(panel.get_by_test_id("speech-studio")).to_have_attribute("data-lang", "so")
    for key in IN_THE_BROWSER:
        row = panel.locator(f'tr[data-key="{key}"]')
        pending = row.locator('li[data-status="pending"]')
        await expect(pending.get_by_test_id("take-invited")).to_contain_text("Amina H.")
        if key == IN_THE_BROWSER[0]:  # hovering scrolls it into view (and waits out a redraw)
            await pending.get_by_role("button", name="Approve").hover()
            await _shot(page, "console-studio-invited-take-1280", full_page=False)
        await pending.get_by_role("button", name="Approve").click()
        await expect(row.locator('li[data-status="approved"]')).to_have_count(1)
        await expect(row).to_have_attribute("data-heard", "recorded")
    await page.reload()
    panel = page.get_by_test_id("panel-recordings")
    somali = panel.get_by_test_id("readiness-so")
    await expect(somali).to_have_attribute("data-can-book", "true")
    await expect(somali.get_by_test_id("can-book")).to_contain_text("a non-reader can book")
    await _shot(page, "console-coverage-1280", full_page=False)
    await page.close()

    printed = _coverage_printed(server.env)
    so_line = next(line for line in printed.splitlines() if "│ so " in line)
    assert so_line.split("│")[2].strip() == "yes", printed  # can book


def _coverage_printed(env: dict[str, str]) -> str:
    """What ``neuvo prompts coverage`` prints for the server's database."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "neuvo"), "prompts", "coverage"],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


async def test_an_ended_invitation_or_another_language_is_refused_in_somali(server, context):
    with studio.bearer(server.base, ADMIN) as admin:
        made = admin.post(
            "/api/v1/speech/invitations",
            json={"lang": "so", "name": "Hodan", "phone": "0401234568"},
        ).json()
        token = made["link"].rsplit("/record/", 1)[1]
        phone = await context.new_page()
        await phone.set_viewport_size(PHONE)
        await phone.goto(f"{server.base}/record/{token}?lang=ti")
        refused = phone.get_by_test_id("record-refused")
        await expect(refused).to_have_attribute("data-reason", "wrong_language")
        await expect(refused.locator("h1")).to_have_text("Casuumaddan waxay u tahay luqad kale.")
        assert admin.post(f"/api/v1/speech/invitations/{made['id']}/end").status_code == 200
    await phone.goto(f"{server.base}/record/{token}")
    await expect(refused).to_have_attribute("data-reason", "expired")
    await expect(refused.locator("h1")).to_contain_text("Casuumaddan waa dhacday")
    assert await phone.evaluate("document.documentElement.lang") == "so"
    await _shot(phone, "volunteer-refused-360")
