"""Weekly hours limited to dates (issue 24): an advisor opens Saturday mornings for one
Saturday only, two weeks ahead, from the week view of that week; the view stays on the chosen
week after the change, the Saturday shows his times there and not the week after, and removing
another window keeps the dates of this one."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import expect

from scheduling import demo
from tests import demo_db

HELSINKI = ZoneInfo("Europe/Helsinki")
ADVISOR = "jakobstad.advisor.ckb@demo.neuvo.fi"


async def _availability(page) -> dict:
    """The advisor's hours, read with the page's own log-in."""
    return await page.evaluate(
        """async () => {
          const me = (await (await fetch("/api/v1/auth/me")).json()).staff;
          return (await fetch(`/api/v1/staff/${me.id}/availability`)).json();
        }"""
    )


async def test_weekly_hours_for_one_saturday_and_the_week_view_stays(live_server, browser_context):
    today = demo_db.now().astimezone(HELSINKI).date()
    monday = today - timedelta(days=today.weekday())
    chosen = monday + timedelta(days=14)
    saturday = chosen + timedelta(days=5)
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(live_server + "/console#hours")
    await page.get_by_test_id("login-email").fill(ADVISOR)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-password").press("Enter")
    await expect(page.get_by_test_id("rule-form")).to_be_visible()
    week = page.get_by_test_id("week")
    await expect(week.locator(f'[data-day="{monday.isoformat()}"]')).to_be_visible()
    for _ in range(2):
        await page.get_by_role("button", name="Next week").click()
    await expect(week.locator(f'[data-day="{chosen.isoformat()}"]')).to_be_visible()
    day = week.locator(f'[data-day="{saturday.isoformat()}"]')
    await expect(day.get_by_test_id("week-slot")).to_have_count(0)

    form = page.get_by_test_id("rule-form")
    await form.get_by_test_id("rule-weekday").select_option("5")
    await form.get_by_test_id("rule-starts").fill("10:00")
    await form.get_by_test_id("rule-ends").fill("12:00")
    await form.get_by_test_id("rule-valid-from").fill(saturday.isoformat())
    await form.get_by_test_id("rule-valid-to").fill(saturday.isoformat())
    await form.get_by_role("button", name="Add hours").click()
    await expect(page.get_by_test_id("status")).to_contain_text("Added.")
    dated = page.get_by_test_id("rule-row").filter(has_text="Saturday")
    await expect(dated).to_have_count(1)
    # One day's validity is written as that day, as the English console writes dates.
    await expect(dated).to_contain_text(f"{saturday:%d/%m/%Y}")
    await expect(dated).not_to_contain_text("–")

    # The view is still on the chosen week, and his Saturday morning is open there.
    await expect(week.locator(f'[data-day="{chosen.isoformat()}"]')).to_be_visible()
    await expect(day.get_by_test_id("week-slot").first).to_be_visible()
    await page.get_by_role("button", name="Next week").click()
    after = week.locator(f'[data-day="{(saturday + timedelta(days=7)).isoformat()}"]')
    await expect(after).to_be_visible()
    await expect(after.get_by_test_id("week-slot")).to_have_count(0)

    # Removing another window rewrites the list: the Saturday keeps its dates.
    before = len((await _availability(page))["rules"])
    await (
        page.get_by_test_id("rule-row")
        .filter(has_text="Monday")
        .first.get_by_test_id("rule-remove")
        .click()
    )
    await expect(page.get_by_test_id("rule-row")).to_have_count(before - 1)
    rules = (await _availability(page))["rules"]
    assert [(r["valid_from"], r["valid_to"]) for r in rules if r["weekday"] == 5] == [
        (saturday.isoformat(), saturday.isoformat())
    ]
    assert errors == []
