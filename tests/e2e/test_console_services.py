"""The services tab, by keyboard alone: an admin adds a service whose slots start every 30
minutes, sees the step in the list, changes it to 15 (a 7 the server refuses is said beside
the field, in Swedish), and the public slot search then starts that service's times on it."""

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests import demo_db
from tests.e2e.keys import log_in, tab_to
from tests.e2e.sound import serious_violations

HELSINKI = ZoneInfo("Europe/Helsinki")
ADMIN = "oulu.admin@demo.neuvo.fi"
OULU = "564"
# 45 minutes and a 15-minute buffer: back to back the slots would start every hour.
DURATION, BUFFER = 45, 15


async def _retype(page, text: str) -> None:
    """Replace what the focused field holds with ``text``."""
    await page.keyboard.press("ControlOrMeta+a")
    await page.keyboard.type(text)


async def _service(base: str, service_id: str) -> dict:
    """The service as the public catalogue gives it."""
    async with httpx.AsyncClient(base_url=base) as api:
        return (await api.get(f"/api/v1/services/{service_id}")).json()


def _next_monday() -> date:
    today = demo_db.now().astimezone(HELSINKI).date()
    return today + timedelta(days=(0 - today.weekday()) % 7 or 7)


def _starts(base: str, service_id: str, day: date) -> list[time]:
    """The local start times the public search (the client page's call) gives on ``day``."""
    params = {
        "service_id": service_id,
        "municipality": OULU,
        "language": "fi",
        "channel": "video",
        "from": day.isoformat(),
        "to": day.isoformat(),
    }
    answer = httpx.get(f"{base}/api/v1/slots", params=params)
    assert answer.status_code == 200, answer.text
    starts = {datetime.fromisoformat(s["starts_at"]) for s in answer.json()["slots"]}
    return sorted(at.astimezone(HELSINKI).time() for at in starts)


def _every(minutes: int) -> list[time]:
    """Starts from 09:00 every ``minutes`` while a slot and its buffer end by 15:00."""
    first, last = datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 15)
    found, at = [], first
    while at + timedelta(minutes=DURATION + BUFFER) <= last:
        found.append(at.time())
        at += timedelta(minutes=minutes)
    return found


def _offer_in_oulu(base: str, service_id: str) -> None:
    """Put the service on Oulu's own agreement for Oulu residents (the demo's advisors work
    weekdays 09–15), so that the public search has times for it."""
    with httpx.Client(base_url=base) as api:
        login = {"email": ADMIN, "password": demo.DEMO_PASSWORD}
        token = api.post("/api/v1/auth/tokens", json=login).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        me = api.get("/api/v1/auth/me", headers=auth).json()["staff"]
        agreement = next(
            a
            for a in api.get("/api/v1/agreements", headers=auth).json()
            if a["organisation_id"] == me["organisation_id"]
            and a["municipality_code"] == OULU
            and a["valid_to"] is None
        )
        ids = [*agreement["service_ids"], service_id]
        changed = api.patch(
            f"/api/v1/agreements/{agreement['id']}", json={"service_ids": ids}, headers=auth
        )
        assert changed.status_code == 200, changed.text


async def test_an_admin_sets_and_changes_a_slot_step_by_keyboard_and_the_search_follows(
    live_server, browser_context
):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, live_server, ADMIN, "/console#services")
    await expect(page.get_by_test_id("panel-services")).to_be_visible()
    language = page.get_by_test_id("console-language")
    await tab_to(page, language)
    await page.keyboard.type("svenska")  # a closed select takes the option typed
    await expect(page.get_by_test_id("tab-services")).to_have_text("Tjänster")
    panel = page.get_by_test_id("panel-services")
    await expect(panel).not_to_have_attribute("aria-busy", "true")

    form = page.get_by_test_id("service-form")
    await tab_to(page, form.get_by_test_id("service-slug"))
    slug = f"kort-vagledning-{secrets.token_hex(3)}"  # a rerun must not meet this try's (409)
    await page.keyboard.type(slug)
    for text in ("Lyhyt ohjaus", "Kort vägledning", "Short guidance", str(DURATION)):
        await page.keyboard.press("Tab")  # the names in fi, sv, en, then the duration
        await page.keyboard.type(text)
    await page.keyboard.press("Tab")
    await _retype(page, str(BUFFER))
    await tab_to(page, form.get_by_test_id("service-step"))
    await page.keyboard.type("30")
    await page.keyboard.press("Enter")
    row = page.get_by_test_id("service-row").filter(has_text=slug)
    await expect(row).to_be_visible()
    await expect(page.get_by_test_id("status")).to_have_text(
        "Tjänsten ”Kort vägledning” har lagts till."
    )
    await expect(row.get_by_test_id("service-step")).to_have_text("30 min")
    service_id = await row.get_attribute("data-id")
    service = await _service(live_server, service_id)
    assert (service["slot_step_minutes"], service["duration_minutes"]) == (30, DURATION)
    # A service left without a step starts back to back: the list says its default.
    guidance = page.get_by_test_id("service-row").filter(has_text="guidance").first
    await expect(guidance.get_by_test_id("service-step")).to_have_text("60 min (standard)")

    monday = _next_monday()
    _offer_in_oulu(live_server, service_id)
    assert _starts(live_server, service_id, monday) == _every(30)

    change = row.get_by_role("button", name="Ändra startintervall: Kort vägledning")
    await tab_to(page, change, back=True)
    await page.keyboard.press("Enter")
    step = page.get_by_test_id("service-step-edit")
    await expect(step).to_be_focused()
    await expect(step).to_have_value("30")
    await expect(page.get_by_test_id("service-step-form")).to_contain_text(
        "Startintervall: Kort vägledning"
    )
    await _retype(page, "7")  # in range for the browser; the server wants fives
    await page.keyboard.press("Enter")
    await expect(page.locator("#service-step-edit-error")).to_have_text(
        "Ange 5–240 minuter i steg om fem minuter eller lämna tomt."
    )
    await expect(step).to_have_attribute("aria-invalid", "true")
    await expect(step).to_be_focused()
    assert await serious_violations(page) == []
    await page.screenshot(path="/tmp/console-services.png", full_page=True)  # noqa: S108
    assert (await _service(live_server, service_id))["slot_step_minutes"] == 30

    await _retype(page, "15")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("service-step-form")).to_be_hidden()
    await expect(row.get_by_test_id("service-step")).to_have_text("15 min")
    await expect(row.get_by_test_id("service-change-step")).to_be_focused()
    await expect(page.get_by_role("status")).to_have_text(
        "Startintervallet för tjänsten ”Kort vägledning” har sparats."
    )
    assert (await _service(live_server, service_id))["slot_step_minutes"] == 15
    assert _starts(live_server, service_id, monday) == _every(15)
    assert await serious_violations(page) == []
    assert errors == []
