"""The console's tabs by keyboard alone, where the caller, hours, profile and services tests do
not already go: the tab bar (arrow keys, Home, End, Tab into the panel), the day (another day,
join, mark completed), offers (accept, decline), the outbox (filter, send again) and staff
(deactivate, activate, invite, send an invitation again). After each action the focus stays
in the tab, on the next thing to do, so a keyboard user goes on from where they were rather
than from the top of the page.

A session that has started and a message that failed cannot be made through the API in a test,
so the test moves a booked session to now and marks a message failed in the server's database."""

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import expect

from tests import demo_db
from tests.e2e.conftest import demo_server
from tests.e2e.keys import log_in, tab_to
from tests.e2e.test_booking_page import book_as_client

HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass
class Live:
    base: str
    database: Path

    def sql(self, statement: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute(statement, params).fetchall()

    def staff_id(self, email: str) -> str:
        return self.sql("SELECT id FROM staff WHERE email = ?", email)[0][0]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    path = tmp_path_factory.mktemp("keyboard") / "neuvo.db"
    with demo_server(path) as base:
        yield Live(base, path)


def _book(base: str, language: str, phone: str, municipality: str = "564") -> dict:
    """Book the first free video slot in ``language`` as a client would."""
    return book_as_client(base, language, phone, municipality)["booking"]


def _stored(moment: datetime) -> str:
    """A UTC moment as the SQLite database keeps it."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


async def _focused_testid(page) -> str | None:
    return await page.evaluate("document.activeElement?.dataset?.testid ?? null")


async def _arrow_to_tab(page, tab: str) -> None:
    """From the tab bar, press the right arrow until ``tab`` is the chosen tab."""
    await tab_to(page, page.locator('[role="tab"][aria-selected="true"]'))
    for _ in range(12):
        if await _focused_testid(page) == f"tab-{tab}":
            break
        await page.keyboard.press("ArrowRight")
    await expect(page.get_by_test_id(f"tab-{tab}")).to_have_attribute("aria-selected", "true")
    await expect(page.get_by_test_id(f"panel-{tab}")).to_be_visible()


async def test_the_tab_bar_moves_by_arrows_home_and_end_and_tab_goes_into_the_panel(
    live, browser_context
):
    page = await browser_context.new_page()
    await log_in(page, live.base, "oulu.admin@demo.neuvo.fi")
    tabs = await page.locator('[role="tab"]').evaluate_all("(all) => all.map((t) => t.id)")
    assert len(tabs) >= 5, tabs
    await tab_to(page, page.locator('[role="tab"][aria-selected="true"]'))
    first = await page.evaluate("document.activeElement.id")
    assert first == tabs[0]

    async def chosen(tab_id: str) -> None:
        button = page.locator(f"#{tab_id}")
        await expect(button).to_be_focused()
        await expect(button).to_have_attribute("aria-selected", "true")
        panel = page.locator(f"#{await button.get_attribute('aria-controls')}")
        await expect(panel).to_be_visible()
        await expect(page.locator('[role="tabpanel"]:visible')).to_have_count(1)
        assert page.url.endswith("#" + tab_id.removeprefix("tab-"))

    await page.keyboard.press("ArrowRight")
    await chosen(tabs[1])
    await page.keyboard.press("End")
    await chosen(tabs[-1])
    await page.keyboard.press("ArrowRight")  # past the end: round to the first
    await chosen(tabs[0])
    await page.keyboard.press("ArrowLeft")
    await chosen(tabs[-1])
    await page.keyboard.press("Home")
    await chosen(tabs[0])
    # Only the chosen tab is a Tab stop; the next Tab leaves the bar for its panel.
    await page.keyboard.press("Tab")
    inside = await page.evaluate(
        "!!document.activeElement.closest('[role=tabpanel]') && "
        "!document.activeElement.closest('[role=tablist]')"
    )
    assert inside


async def test_an_advisor_goes_through_the_day_joins_and_marks_completed_by_keyboard(
    live, browser_context
):
    booking = _book(live.base, "fi", "0405550101")
    now = demo_db.now()
    # The session started five minutes ago (but today in Helsinki, the day the tab shows),
    # with the demo's Finnish advisor of Oulu.
    midnight = datetime.combine(now.astimezone(HELSINKI).date(), time(), HELSINKI)
    live.sql(
        "UPDATE bookings SET starts_at = ?, ends_at = ?, advisor_id = ? WHERE id = ?",
        _stored(max(now - timedelta(minutes=5), midnight.astimezone(UTC))),
        _stored(now + timedelta(minutes=40)),
        live.staff_id("oulu.advisor@demo.neuvo.fi"),
        booking["id"].replace("-", ""),
    )
    page = await browser_context.new_page()
    await log_in(page, live.base, "oulu.advisor@demo.neuvo.fi", "/console#sessions")
    await expect(page.get_by_test_id("panel-sessions")).to_be_visible()
    # Finnish, picked with the keyboard: "s" lands on "suomi", the first of the list.
    await tab_to(page, "console-language", back=True)
    await page.keyboard.type("s")
    await expect(page.get_by_test_id("tab-sessions")).to_have_text("Päivä")

    session = page.get_by_test_id(f"session-{booking['id']}")
    await expect(session).to_be_visible()
    await tab_to(page, page.get_by_role("button", name="Seuraava päivä"))
    await page.keyboard.press("Enter")
    await expect(session).to_be_hidden()
    await expect(page.get_by_test_id("table-sessions")).to_contain_text("Ei tapaamisia")
    await tab_to(page, page.get_by_role("button", name="Tänään"), back=True)
    await page.keyboard.press("Space")
    await expect(session).to_contain_text("vahvistettu")

    await tab_to(page, f"join-{booking['id']}")
    async with page.context.expect_page() as opened:
        await page.keyboard.press("Enter")
    room = await opened.value
    assert f"/room/{booking['id']}" in room.url and "#t=" in room.url
    await room.close()
    await page.bring_to_front()

    await tab_to(page, f"mark-completed-{booking['id']}")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_have_text("Merkitty: pidetty.")
    await expect(session).to_contain_text("pidetty")
    # The row has nothing left to press: the focus waits on the tab's panel, not the page's top.
    await expect(page.get_by_test_id("panel-sessions")).to_be_focused()
    assert live.sql("SELECT status FROM bookings WHERE id = ?", booking["id"].replace("-", "")) == [
        ("completed",)
    ]


async def test_an_interpreter_accepts_one_offer_and_declines_another_by_keyboard(
    live, browser_context
):
    first = _book(live.base, "ti", "0405550102", municipality="615")
    second = _book(live.base, "ti", "0405550103", municipality="615")
    assert first["interpreter_missing"] and second["interpreter_missing"]
    page = await browser_context.new_page()
    await log_in(page, live.base, "interpreter.ti@demo.neuvo.fi", "/console#offers")
    panel = page.get_by_test_id("panel-offers")
    await expect(panel.locator('[data-testid^="accept-"]')).to_have_count(2)

    await tab_to(page, panel.locator('[data-testid^="accept-"]').first)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_have_text("The session is yours.")
    # The other offer's Accept takes the focus: it is the next thing to answer.
    await expect(panel.locator('[data-testid^="accept-"]')).to_have_count(1)
    await expect(panel.locator('[data-testid^="accept-"]')).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(panel.locator('[data-testid^="decline-"]')).to_be_focused()
    await page.keyboard.press("Space")
    await expect(page.get_by_test_id("status")).to_have_text("You declined the offer.")
    await expect(panel.locator('[data-testid^="accept-"]')).to_have_count(0)
    await expect(panel).to_be_focused()
    taken = live.sql(
        "SELECT interpreter_id FROM bookings WHERE id IN (?, ?) ORDER BY starts_at",
        first["id"].replace("-", ""),
        second["id"].replace("-", ""),
    )
    assert sorted(taken, key=lambda r: r[0] is None) == [
        (live.staff_id("interpreter.ti@demo.neuvo.fi"),),
        (None,),
    ]


async def test_an_operator_finds_a_failed_message_and_sends_it_again_by_keyboard(
    live, browser_context
):
    booking = _book(live.base, "fi", "0405550104")
    # The operator sees the messages of their own organisation's sessions: this one's must be.
    [(message_id, organisation)] = live.sql(
        "SELECT id, organisation_id FROM messages WHERE booking_id = ? AND kind = 'confirmation' "
        "AND channel = 'sms'",
        booking["id"].replace("-", ""),
    )
    operator = "oulu.operator@demo.neuvo.fi"
    assert live.sql("SELECT organisation_id FROM staff WHERE email = ?", operator) == [
        (organisation,)
    ], "a Finnish session in Oulu is booked with Oulu's own advisor"
    # The outbox tries it (no gateway is configured: "not sent") in the background; mark it
    # failed only once that is done, or the trying would write over the mark.
    for _ in range(100):
        if live.sql("SELECT status FROM messages WHERE id = ?", message_id) == [("not_sent",)]:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the outbox never tried the confirmation")
    live.sql(
        "UPDATE messages SET status = 'failed', last_error = 'gateway answered 503' WHERE id = ?",
        message_id,
    )
    page = await browser_context.new_page()
    await log_in(page, live.base, operator)
    await _arrow_to_tab(page, "messages")
    await page.keyboard.press("Tab")
    await tab_to(page, "message-filter")
    await page.keyboard.press("ArrowDown")  # "all" → "failed"
    await expect(page.get_by_test_id("message-filter")).to_have_value("failed")
    table = page.get_by_test_id("table-messages")
    await expect(table.locator("tbody tr")).to_have_count(1)
    await expect(table).to_contain_text("gateway answered 503")

    await page.keyboard.press("Tab")
    again = table.get_by_role("button", name="Send again")
    await expect(again).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_have_text("The message is queued again.")
    await expect(table).to_contain_text("No messages.")
    await expect(page.get_by_test_id("panel-messages")).to_be_focused()
    [(status,)] = live.sql("SELECT status FROM messages WHERE id = ?", message_id)
    assert status in {"pending", "sending", "not_sent"}


async def test_an_admin_deactivates_and_activates_a_staff_member_by_keyboard(live, browser_context):
    page = await browser_context.new_page()
    await log_in(page, live.base, "oulu.admin@demo.neuvo.fi")
    await _arrow_to_tab(page, "staff")
    member = page.get_by_test_id("staff-row").filter(has_text="oulu.advisor.so@demo.neuvo.fi")
    toggle = member.get_by_test_id("staff-toggle")
    await tab_to(page, toggle)
    await expect(toggle).to_have_text("Deactivate")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("inactive")
    await expect(toggle).to_have_text("Activate")
    await expect(toggle).to_be_focused()  # the same person's button, redrawn, keeps the focus
    await page.keyboard.press("Enter")
    await expect(toggle).to_have_text("Deactivate")
    await expect(toggle).to_be_focused()
    assert live.sql("SELECT active FROM staff WHERE email = 'oulu.advisor.so@demo.neuvo.fi'") == [
        (1,)
    ]


async def test_an_admin_opens_the_setup_forms_and_saves_opening_hours_by_keyboard(
    live, browser_context
):
    """Organisations, services and agreements: Enter on a row's Edit opens its form with the
    focus in it, Escape closes it and gives the focus back to that Edit; the organisation's
    opening hours are changed and saved with Tab, typing and Enter alone."""
    page = await browser_context.new_page()
    await log_in(page, live.base, "oulu.admin@demo.neuvo.fi", "/console#organisations")
    for tab, form in (("services", "service-edit-form"), ("agreements", "agreement-edit-form")):
        await _arrow_to_tab(page, tab)
        edit = page.get_by_test_id(f"panel-{tab}").get_by_test_id(form.removesuffix("-form"))
        await tab_to(page, edit.first)
        await page.keyboard.press("Enter")
        opened = page.get_by_test_id(form)
        await expect(opened).to_be_visible()
        assert await opened.evaluate("(form) => form.contains(document.activeElement)")
        await page.keyboard.press("Escape")
        await expect(opened).to_be_hidden()
        await expect(edit.first).to_be_focused()

    await _arrow_to_tab(page, "organisations")
    edit = page.get_by_test_id("organisation-edit")
    await expect(edit).to_have_count(1)  # an organisation's admin sees their own only
    await tab_to(page, edit)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("organisation-edit-name-fi")).to_be_focused()
    lang = await page.evaluate("document.documentElement.lang")  # the row shows its hours
    await tab_to(page, f"organisation-edit-hours-{lang}")
    await page.keyboard.press("ControlOrMeta+a")
    await page.keyboard.type("Mon–Thu 9–15")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("organisation-edit-form")).to_be_hidden()
    await expect(edit).to_be_focused()
    await expect(page.get_by_test_id("organisation-row")).to_contain_text("Mon–Thu 9–15")


async def test_an_admin_invites_a_person_and_sends_the_invitation_again_by_keyboard(
    live, browser_context
):
    page = await browser_context.new_page()
    await log_in(page, live.base, "oulu.admin@demo.neuvo.fi")
    await _arrow_to_tab(page, "staff")
    await tab_to(page, "staff-invite")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("staff-name")).to_be_focused()
    await page.keyboard.type("Kalle Näppäimistö")
    await page.keyboard.press("Tab")
    await page.keyboard.type("kalle.keys@oulu.example")
    await tab_to(page, "staff-invite-send")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("kalle.keys@oulu.example")
    await expect(page.get_by_test_id("staff-invite")).to_be_focused()  # on to the next one
    row = page.get_by_test_id("staff-row").filter(has_text="kalle.keys@oulu.example")
    resend = row.get_by_test_id("staff-resend")
    await tab_to(page, resend)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("status")).to_contain_text("old link no longer works")
    await expect(resend).to_be_focused()
    kalle = live.staff_id("kalle.keys@oulu.example")
    assert live.sql(
        "SELECT count(*), count(ended_at) FROM password_links WHERE staff_id = ?", kalle
    ) == [(2, 1)]
