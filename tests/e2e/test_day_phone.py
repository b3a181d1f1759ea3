"""The phone's day, from nothing: `neuvo migrate` and `neuvo create-admin` on an empty database
(no demo), then only the console, the client page and the e-mails, as the people would:

- the platform admin adds an organisation with its number and invites its admin;
- the admin adds a service (with its Tigrinya name), an agreement, an operator, and sends a
  recording invitation to a Tigrinya-speaking volunteer, who opens it on her phone;
- a Tigrinya client on a 360 px phone taps "call me" on the first screen after the language,
  types her number on the keypad and hears that the request was received;
- the operator finds her on the call-back queue and books for her from it; the request closes.

No voice connection is configured (a fresh install has none): the client page does not offer
a reminder call it could not place."""

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from playwright.async_api import Page, expect

from tests.demo_db import sqlite_env
from tests.e2e.conftest import BIN, start_server, stop_server
from tests.e2e.sound import recorder, start
from tests.e2e.test_day_one import _invite, _log_in, _set_password, weekday_hours
from tests.mailbox import Mailbox, smtp_server, text_of

PLATFORM = "alue.admin@example.fi"
PLATFORM_PASSWORD = "seitseman-saarta-ja-yksi-lautta"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
SHOTS = Path(os.environ.get("NEUVO_SHOTS") or tempfile.gettempdir()) / "neuvo-day-phone"


async def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Mailbox]]:
    env = sqlite_env(tmp_path_factory.mktemp("day-phone") / "neuvo.db")
    subprocess.run([str(BIN / "neuvo"), "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [
            str(BIN / "neuvo"), "create-admin", "--email", PLATFORM, "--name", "Alueen ylläpitäjä",
            "--organisation", "Tornionlaakson verkosto", "--password", PLATFORM_PASSWORD,
        ],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    with smtp_server() as mailbox:
        server, base = start_server(**env, SMTP_HOST="127.0.0.1", SMTP_PORT=str(mailbox.port))
        try:
            yield base, mailbox
        finally:
            stop_server(server)


async def test_the_phone_day_from_a_fresh_install(fresh, browser_context) -> None:
    base, mailbox = fresh
    tag = uuid4().hex[:6]
    page = await browser_context.new_page()
    await page.set_viewport_size(DESK)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    await _log_in(page, base, PLATFORM, PLATFORM_PASSWORD)
    await page.get_by_test_id("tab-organisations").click()
    form = page.get_by_test_id("organisation-new-form")
    name = f"Tornion kaupunki {tag}"
    await form.get_by_test_id("organisation-new-name").fill(name)
    await form.get_by_test_id("organisation-new-name-fi").fill(name)
    await form.get_by_test_id("organisation-new-municipality").select_option("851")  # Tornio
    await form.get_by_test_id("organisation-new-phone").fill("016 555 0123")
    await form.get_by_test_id("organisation-new-submit").click()
    admin = f"admin.{tag}@example.fi"
    await _invite(page, name="Aino Admin", email=admin, roles=["admin"], lang="fi",
                  organisation=name)  # fmt: skip
    await _set_password(page, mailbox, admin, f"aamu-{tag}-kahvi-ja-pulla")

    await _log_in(page, base, admin, f"aamu-{tag}-kahvi-ja-pulla")
    guide = page.get_by_test_id("next-step")
    await guide.get_by_test_id("next-step-go").click()
    form = page.get_by_test_id("service-form")
    await form.get_by_test_id("service-slug").fill(f"ohjaus-{tag}")
    await form.get_by_test_id("service-name-fi").fill("Ohjaus ja neuvonta")
    await form.get_by_test_id("service-language-pick").select_option("ti")
    await form.get_by_test_id("service-add-language").click()
    await form.get_by_test_id("service-name-ti").fill("ምኽሪን መምርሒን")
    await form.get_by_test_id("service-duration").fill("45")
    await form.get_by_test_id("service-submit").click()
    service = page.get_by_test_id("service-row").filter(has_text=f"ohjaus-{tag}")
    await expect(service).to_be_visible()
    await page.get_by_test_id("tab-services").click()
    await expect(guide).to_have_attribute("data-step", "agreement")
    await guide.get_by_test_id("next-step-go").click()
    await expect(page.get_by_test_id("panel-agreements")).not_to_have_attribute("aria-busy", "true")
    await page.get_by_test_id("agreement-municipalities").select_option(["851"])
    await page.get_by_test_id("agreement-submit").click()
    await expect(page.get_by_test_id("agreement-row")).to_have_count(1)

    operator, advisor = f"operaattori.{tag}@example.fi", f"neuvoja.{tag}@example.fi"
    await _invite(page, name="Olli Operaattori", email=operator, roles=["operator"], lang="fi")
    await _invite(page, name="Nea Neuvoja", email=advisor, roles=["advisor"], lang="fi",
                  speaks="ti")  # fmt: skip
    await _set_password(page, mailbox, advisor, f"neuvojan-{tag}-oma-salasana")
    await _set_password(page, mailbox, operator, f"operaattorin-{tag}-salasana")

    # A volunteer is invited to record Tigrinya.
    await _log_in(page, base, admin, f"aamu-{tag}-kahvi-ja-pulla")
    await page.get_by_test_id("tab-recordings").click()
    invitations = page.get_by_test_id("recording-invitations")
    # Tigrinya cannot be booked by ear yet: its row offers to invite someone to record it.
    await page.get_by_test_id("readiness-ti").get_by_test_id("invite-for-ti").click()
    await expect(invitations.get_by_test_id("invite-name")).to_be_focused()
    await expect(invitations.get_by_test_id("invite-lang")).to_have_value("ti")
    await _shot(page, "1-recordings-admin-1280")
    await page.keyboard.type("Saba T.")
    await invitations.get_by_test_id("invite-email").fill(f"saba.{tag}@example.org")
    await invitations.get_by_test_id("invite-send").click()
    await expect(invitations.get_by_test_id("invitation-row")).to_have_count(1)
    volunteer = await browser_context.new_page()
    await volunteer.set_viewport_size(PHONE)
    invited = text_of(mailbox.wait_for(f"saba.{tag}@example.org"))
    await volunteer.goto(re.search(r"https?://\S+/record/[A-Za-z0-9_-]+", invited).group(0))
    await expect(volunteer.get_by_test_id("record-text")).to_be_visible()
    await _shot(volunteer, "2-volunteer-360")

    # The advisor's hours, so that there are times to book.
    await _log_in(page, base, advisor, f"neuvojan-{tag}-oma-salasana")
    await weekday_hours(page)

    # A Tigrinya client asks to be called.
    client = await browser_context.new_page()
    await client.set_viewport_size(PHONE)
    await client.add_init_script(recorder())
    client.on("pageerror", lambda error: errors.append(str(error)))
    await client.goto(base + "/")
    await start(client)
    for _ in range(2):
        await client.get_by_test_id("language-ti").click()
    await _shot(client, "3-client-first-360")
    await client.get_by_test_id("call-me").click()
    number = f"040 555 {int(tag, 16) % 10_000:04d}"
    for digit in re.sub(r"\D", "", number):
        await client.get_by_test_id(f"key-{digit}").click()
    await _shot(client, "4-callme-360")
    await client.get_by_test_id("callme-send").click()
    await expect(client.get_by_test_id("screen-called")).to_be_visible()
    await _shot(client, "5-called-360")
    played = await client.evaluate("window.__played")
    print("PLAYED", played)
    print("SPOKEN", await client.evaluate("window.__spoken"))

    # The operator's queue.
    await _log_in(page, base, operator, f"operaattorin-{tag}-salasana")
    await page.get_by_test_id("tab-callbacks").click()
    card = page.get_by_test_id("callback").first
    await expect(card).to_be_visible()
    await _shot(page, "6-queue-1280")
    await card.get_by_test_id("callback-book").click()
    form = card.get_by_test_id("booking-form")
    await expect(form.get_by_test_id("book-language")).to_have_value("ti")
    await expect(form.get_by_test_id("book-channel")).to_have_value("phone")  # she asked a call
    await form.get_by_test_id("find-slots").click()
    await form.get_by_test_id("slot").first.click()
    await _shot(page, "7-queue-book-1280")
    await form.get_by_test_id("confirm-book").click()
    await expect(form.get_by_test_id("client-link")).to_be_visible()
    await _shot(page, "8-queue-booked-1280")
    assert errors == []
