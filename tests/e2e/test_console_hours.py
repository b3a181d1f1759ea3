"""My hours on the console: an advisor closes next Tuesday afternoon and the public slot search
(the call the client page makes) no longer offers those times with them; an opening that
overlaps another is refused by the server, said beside the field in Finnish.

Karwan M. is the only advisor in the Jakobstad region who speaks Sorani (ckb): the times the
search marks ``own_language`` for a Sorani client there are his, and only his."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests import demo_db
from tests.e2e.keys import choose_language
from tests.e2e.sound import start

HELSINKI = ZoneInfo("Europe/Helsinki")
ADVISOR = "jakobstad.advisor.ckb@demo.neuvo.fi"
AFTERNOON = (time(12), time(16))
MORNING = (time(9), time(12))


def _next(weekday: int) -> date:
    today = demo_db.now().astimezone(HELSINKI).date()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _guidance(base: str) -> str:
    services = httpx.get(f"{base}/api/v1/services").json()
    return next(s["id"] for s in services if s["slug"] == "vagledning")


def _own_language_times(base: str, day: date, hours: tuple[time, time]) -> list[str]:
    """Starts of the Sorani-speaking times that touch ``hours`` of ``day``, as the client page
    asks for them (no staff log-in: the public search)."""
    params = {
        "service_id": _guidance(base),
        "municipality": "598",
        "language": "ckb",
        "channel": "video",
        "from": day.isoformat(),
        "to": day.isoformat(),
    }
    answer = httpx.get(f"{base}/api/v1/slots", params=params)
    assert answer.status_code == 200, answer.text
    first, last = (datetime.combine(day, at, HELSINKI) for at in hours)
    return [
        slot["starts_at"]
        for slot in answer.json()["slots"]
        if slot["own_language"]
        and datetime.fromisoformat(slot["starts_at"]) < last
        and datetime.fromisoformat(slot["ends_at"]) > first
    ]


async def _client_page_times(context, base: str, day: date, hours: tuple[time, time]) -> list:
    """The same, as the client page lists them: an invitation link for a Sorani client of
    Jakobstad, video, then "all times"; a time with the speech bubble is own-language."""
    page = await context.new_page()
    await page.goto(f"{base}/?lang=ckb&service={_guidance(base)}&municipality=598")
    await start(page)
    await page.get_by_test_id("channel-video").click()  # a tap to hear it, one to choose it
    await page.get_by_test_id("channel-video").click()
    await page.get_by_test_id("all-times").click()
    await expect(page.get_by_test_id("slot").first).to_be_visible()
    first, last = (datetime.combine(day, at, HELSINKI) for at in hours)
    shown = await page.get_by_test_id("slot").evaluate_all(
        "(all) => all.map((b) => [b.dataset.slotStart, b.dataset.ownLanguage])"
    )
    await page.close()
    assert any(datetime.fromisoformat(at).date() == day for at, _ in shown), "day not listed"
    # A slot is 45 minutes: one starting after first-45min still touches the hours.
    return [
        at
        for at, own in shown
        if own == "true" and first - timedelta(minutes=45) < datetime.fromisoformat(at) < last
    ]


async def _log_in(page, base: str) -> None:
    await page.goto(base + "/console#hours")
    await page.get_by_test_id("login-email").fill(ADVISOR)
    await page.get_by_test_id("login-password").fill(demo.DEMO_PASSWORD)
    await page.get_by_test_id("login-password").press("Enter")
    await expect(page.get_by_test_id("panel-hours")).to_be_visible()
    await expect(page.get_by_test_id("override-form")).to_be_visible()


async def test_an_advisor_closes_next_tuesday_afternoon_and_clients_lose_those_times(
    live_server, browser_context
):
    tuesday = _next(1)
    assert _own_language_times(live_server, tuesday, AFTERNOON), "no afternoon to close"
    assert await _client_page_times(browser_context, live_server, tuesday, AFTERNOON)
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await _log_in(page, live_server)
    form = page.get_by_test_id("override-form")
    await form.get_by_test_id("override-day").fill(tuesday.isoformat())
    # A date input takes Tab between its own parts: the next field is reached by its label.
    await expect(form.get_by_test_id("override-kind")).to_have_value("closed")
    await form.get_by_test_id("override-starts").fill("12:00")
    await form.get_by_test_id("override-ends").fill("16:00")
    await form.get_by_test_id("override-ends").press("Enter")
    rows = page.get_by_test_id("override-row")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("12.00")  # written as the console writes times
    await expect(rows.first).to_contain_text("16.00")

    assert _own_language_times(live_server, tuesday, AFTERNOON) == []
    # Only the afternoon: the morning of that Tuesday still has his times.
    assert _own_language_times(live_server, tuesday, MORNING)
    assert await _client_page_times(browser_context, live_server, tuesday, AFTERNOON) == []
    assert await _client_page_times(browser_context, live_server, tuesday, MORNING)
    assert errors == []


async def test_an_overlapping_opening_is_refused_beside_the_field_in_finnish(
    live_server, browser_context
):
    saturday = _next(5)
    page = await browser_context.new_page()
    await _log_in(page, live_server)
    await choose_language(page, "fi")
    await expect(page.get_by_test_id("tab-hours")).to_have_text("Aukioloajat")
    await expect(page.get_by_test_id("override-form")).to_be_visible()
    # Meanwhile (another tab, a colleague): an opening that this page has not seen.
    async with httpx.AsyncClient(base_url=live_server) as api:
        token = (
            await api.post(
                "/api/v1/auth/tokens", json={"email": ADVISOR, "password": demo.DEMO_PASSWORD}
            )
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        me = (await api.get("/api/v1/auth/me", headers=auth)).json()["staff"]
        path = f"/api/v1/staff/{me['id']}/availability"
        opening = {"day": saturday.isoformat(), "closed": False, "starts": "10:00", "ends": "12:00"}
        assert (await api.post(path + "/overrides", json=opening, headers=auth)).status_code == 201
    form = page.get_by_test_id("override-form")
    await form.get_by_test_id("override-day").fill(saturday.isoformat())
    await form.get_by_test_id("override-kind").select_option("open")
    await form.get_by_test_id("override-starts").fill("11:00")
    await form.get_by_test_id("override-ends").fill("13:00")
    await form.get_by_test_id("override-add").press("Enter")
    starts = form.get_by_test_id("override-starts")
    await expect(page.locator("#override-starts-error")).to_have_text(
        "Menee päällekkäin saman päivän toisen lisäajan kanssa."
    )
    await expect(starts).to_have_attribute("aria-invalid", "true")
    async with httpx.AsyncClient(base_url=live_server) as api:
        kept = (await api.get(path, headers=auth)).json()
    assert [(o["starts"][:5], o["ends"][:5]) for o in kept["overrides"] if not o["closed"]] == [
        ("10:00", "12:00")
    ]


def _last_sunday(month: int) -> date:
    """The next last Sunday of ``month`` (the night Finland's clocks change)."""
    today = demo_db.now().astimezone(HELSINKI).date()
    for year in (today.year, today.year + 1):
        last = date(year, month + 1, 1) - timedelta(days=1)
        sunday = last - timedelta(days=(last.weekday() - 6) % 7)
        if sunday > today:
            return sunday
    raise AssertionError("no such Sunday in two years")


async def test_a_time_that_does_not_exist_or_happens_twice_that_night_is_said_in_swedish(
    live_server, browser_context
):
    """One-off openings on the nights the clocks change: 3.30 is not there in March and
    there twice in October; each is refused beside the field, in the console's Swedish."""
    page = await browser_context.new_page()
    await _log_in(page, live_server)
    await choose_language(page, "sv")
    form = page.get_by_test_id("override-form")
    await expect(page.get_by_test_id("dst-rules")).to_contain_text("sommartiden börjar")
    starts = form.get_by_test_id("override-starts")
    for sunday, said in (
        (_last_sunday(3), "Klockslaget finns inte den natten (sommartiden börjar)."),
        (_last_sunday(10), "Klockslaget finns två gånger den natten (sommartiden slutar)."),
    ):
        await form.get_by_test_id("override-day").fill(sunday.isoformat())
        await form.get_by_test_id("override-kind").select_option("open")
        await starts.fill("03:30")
        await form.get_by_test_id("override-ends").fill("05:00")
        await form.get_by_test_id("override-add").press("Enter")
        await expect(page.locator("#override-starts-error")).to_have_text(said)
        await expect(starts).to_have_attribute("aria-invalid", "true")
    # Nothing was kept: the advisor's hours, read with the page's own log-in, have neither day.
    kept = await page.evaluate(
        """async () => {
          const me = (await (await fetch("/api/v1/auth/me")).json()).staff;
          return (await fetch(`/api/v1/staff/${me.id}/availability`)).json();
        }"""
    )
    days = {_last_sunday(3).isoformat(), _last_sunday(10).isoformat()}
    assert "overrides" in kept, kept
    assert not [o for o in kept["overrides"] if o["day"] in days]
