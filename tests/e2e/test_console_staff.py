"""Staff by e-mail, in a browser against a real server that sends through a real SMTP server:
an admin invites an advisor in the Staff tab; the advisor reads the e-mail, sets a password on
the password page (a leaked one is refused beside the field), logs in and makes their calendar
feed; the link opened again says plainly that it was used; a forgotten password is reset from
the log-in screen's link."""

import re
from collections.abc import Iterator

import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.sound import serious_violations
from tests.mailbox import Mailbox, link_in, smtp_server

ADMIN = "oulu.admin@demo.neuvo.fi"
NEW = "aino.neuvoja@oulu.example"
FIRST = "kanelikorvapuusti-ja-kahvi"
SECOND = "rantakivikkoa-pitkin-kotiin"


@pytest.fixture(scope="module")
def mailed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Mailbox]]:
    """A demo server whose e-mail goes to a local SMTP server, and that server's mailbox."""
    with smtp_server() as mailbox:
        env = demo_database(tmp_path_factory.mktemp("staff") / "neuvo.db")
        env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(mailbox.port))
        server, base = start_server(**env)
        try:
            yield base, mailbox
        finally:
            stop_server(server)


async def _log_in(page, base: str, email: str, password: str) -> None:
    await page.goto(base + "/console")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(password)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("user-name")).not_to_be_empty()


async def _set_password(page, link: str, password: str) -> None:
    """On the password page, by keyboard: the new password, Tab, again, Enter."""
    await page.goto(link)
    await expect(page.get_by_test_id("password-form")).to_be_visible()
    await page.get_by_test_id("new-password").focus()
    await page.keyboard.type(password)
    await page.keyboard.press("Tab")
    await page.keyboard.type(password)
    await page.keyboard.press("Enter")


async def test_an_invited_advisor_sets_a_password_logs_in_and_a_reset_works(
    mailed, browser_context
) -> None:
    base, mailbox = mailed
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await _log_in(page, base, ADMIN, demo.DEMO_PASSWORD)
    await page.get_by_test_id("tab-staff").click()
    await page.get_by_test_id("staff-invite").click()
    form = page.get_by_test_id("staff-invite-form")
    await form.get_by_test_id("staff-name").fill("Aino Neuvoja")
    await form.get_by_test_id("staff-email").fill(NEW)
    await form.get_by_test_id("staff-console-language").select_option("en")
    await form.get_by_test_id("staff-invite-send").click()
    await expect(page.get_by_test_id("status")).to_contain_text(NEW)
    row = page.get_by_test_id("staff-row").filter(has_text=NEW)
    await expect(row.get_by_test_id("staff-status")).to_contain_text("invited")

    mail = mailbox.wait_for(NEW)
    assert mail["Subject"] == "Neuvo: Welcome to Neuvo: set your password"
    link = link_in(mail)
    advisor = await browser_context.new_page()
    advisor.on("pageerror", lambda error: errors.append(str(error)))
    await _set_password(advisor, link, "password123")  # on every attacker's list
    field = advisor.get_by_test_id("new-password")
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(advisor.get_by_test_id("new-password-error")).to_contain_text("leaked")
    await expect(field).to_be_focused()
    assert await serious_violations(advisor) == []  # the form with its error, by axe-core
    await field.fill(FIRST)
    await advisor.get_by_test_id("repeat-password").fill(FIRST)
    await advisor.get_by_test_id("save-password").press("Enter")
    await expect(advisor.get_by_test_id("password-heading")).to_have_text("Your password is saved.")

    await browser_context.clear_cookies()  # the admin's session is this browser's too
    await advisor.get_by_test_id("to-console").click()
    await advisor.get_by_test_id("login-email").fill(NEW)
    await advisor.get_by_test_id("login-password").fill(FIRST)
    await advisor.get_by_test_id("login-submit").click()
    await expect(advisor.get_by_test_id("user-name")).to_have_text("Aino Neuvoja")
    await advisor.get_by_test_id("tab-profile").click()
    await advisor.get_by_test_id("feed-new").click()
    await expect(advisor.get_by_test_id("feed-url")).to_have_value(
        re.compile(r"/calendar/.+\.ics$")
    )
    await expect(advisor.get_by_test_id("profile-form")).to_have_count(0)  # interpreters' part

    again = await browser_context.new_page()
    await again.goto(link)
    await expect(again.get_by_test_id("password-heading")).to_have_text(
        "This link has been used already"
    )
    await expect(again.get_by_test_id("password-state")).to_contain_text("Nothing has changed")
    await expect(again.get_by_test_id("password-form")).to_have_count(0)
    assert await serious_violations(again) == []

    # Forgotten: from the log-in screen's link, by e-mail, a new password.
    await advisor.get_by_test_id("logout").click()
    await advisor.get_by_test_id("forgot-password").click()
    await expect(advisor.get_by_test_id("forgot-form")).to_be_visible()
    await expect(advisor.get_by_test_id("forgot-email")).to_be_focused()
    await advisor.keyboard.type(NEW)
    await advisor.keyboard.press("Enter")
    await expect(advisor.get_by_test_id("forgot-answer")).to_contain_text(NEW)
    reset = link_in(mailbox.wait_for(NEW, count=2))
    assert reset != link
    await _set_password(advisor, reset, SECOND)
    await expect(advisor.get_by_test_id("password-heading")).to_have_text("Your password is saved.")
    await _log_in(advisor, base, NEW, SECOND)
    await expect(advisor.get_by_test_id("user-name")).to_have_text("Aino Neuvoja")
    assert errors == []
