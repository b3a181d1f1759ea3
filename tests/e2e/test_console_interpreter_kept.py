"""Interpreters kept (issue 24): an operator moves a Tigrinya session whose interpreter has
accepted. To a time she is free, she keeps it and her Offers tab shows one row at the new time;
to a time she is busy, the session is offered to another Tigrinya interpreter and the operator
is told so."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests import demo_db
from tests.e2e.keys import choose_language, log_in

HELSINKI = ZoneInfo("Europe/Helsinki")
OPERATOR = "oulu.operator@demo.neuvo.fi"
SENAIT = "interpreter.ti@demo.neuvo.fi"
SECOND = "interpreter.ti2@demo.neuvo.fi"


def _token(api: httpx.Client, email: str, password: str = demo.DEMO_PASSWORD) -> dict:
    answer = api.post("/api/v1/auth/tokens", json={"email": email, "password": password})
    assert answer.is_success, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _slots(api: httpx.Client, headers: dict, senait: dict) -> list[dict]:
    """The Tigrinya video slots the caller screen lists (from today on, as it searches), less
    the times Senait has taken already."""
    service = next(s for s in api.get("/api/v1/services").json() if s["slug"] == "guidance")
    today = demo_db.now().astimezone(HELSINKI).date()
    params = {
        "service_id": service["id"],
        "municipality": "564",
        "language": "ti",
        "channel": "video",
        "from": today.isoformat(),
        "to": (today + timedelta(days=14)).isoformat(),
    }
    found = api.get("/api/v1/slots", params=params, headers=headers)
    assert found.status_code == 200, found.text
    taken = [
        o["starts_at"]
        for o in api.get("/api/v1/offers", headers=senait).json()
        if o["status"] == "accepted"
    ]
    return [s for s in found.json()["slots"] if not any(_same(s["starts_at"], t) for t in taken)]


def _book(api: httpx.Client, headers: dict, phone: str, slot: str) -> dict:
    made = api.post(
        "/api/v1/clients",
        json={"preferred_language": "ti", "phone": phone, "home_municipality_code": "564"},
        headers=headers,
    )
    assert made.is_success, made.text  # 200: the number's client is recorded already
    booked = api.post(
        "/api/v1/bookings", json={"slot": slot, "client_id": made.json()["id"]}, headers=headers
    )
    assert booked.status_code == 201, booked.text
    return booked.json()["booking"]


def _accept(api: httpx.Client, headers: dict, booking_id: str) -> None:
    offers = api.get("/api/v1/offers", headers=headers).json()
    (offer,) = [o for o in offers if o["booking_id"] == booking_id and o["status"] == "open"]
    taken = api.post(f"/api/v1/offers/{offer['id']}/accept", headers=headers)
    assert taken.status_code == 200, taken.text


def _second_interpreter(api: httpx.Client) -> dict:
    """Another Tigrinya interpreter of the agency, added by its admin, with weekday hours."""
    admin = _token(api, "interpreter.ar@demo.neuvo.fi")
    made = api.post(
        "/api/v1/staff",
        json={
            "email": SECOND,
            "display_name": "Hiwet K.",
            "roles": ["interpreter"],
            "languages": [
                {"language": "ti", "level": "native"},
                {"language": "fi", "level": "fluent"},
            ],
            "password": demo.DEMO_PASSWORD,
        },
        headers=admin,
    )
    assert made.status_code == 201, made.text
    person = made.json()
    base = f"/api/v1/staff/{person['id']}"
    profile = api.put(
        f"{base}/interpreter-profile",
        json={
            "kind": "interpreter",
            "languages": [{"language": "ti"}],
            "into_languages": ["fi"],
            "modes": ["phone", "video"],
        },
        headers=admin,
    )
    assert profile.status_code == 200, profile.text
    week = [
        {"weekday": day, "starts": "09:00", "ends": "15:00", "channels": ["video", "phone"]}
        for day in range(5)
    ]
    hours = api.put(f"{base}/availability/rules", json=week, headers=admin)
    assert hours.status_code == 200, hours.text
    return _token(api, SECOND)


async def _move(page, booking_id: str, starts_at: str) -> None:
    """On the caller screen, open the client's coming session and move it to ``starts_at``."""
    coming = page.get_by_test_id(f"coming-{booking_id}")
    await coming.get_by_test_id(f"move-{booking_id}").click()
    target = page.locator(f'[data-testid="slot"][data-starts="{starts_at}"]')
    await expect(target).to_be_visible()
    await target.click()


async def _find(page, phone: str) -> None:
    await page.get_by_test_id("caller-phone").fill(phone)
    await page.get_by_test_id("caller-phone").press("Enter")
    await expect(page.get_by_test_id("client-card")).to_be_visible()


async def _her_rows(page, base: str, booking_id: str):
    await log_in(page, base, SENAIT, "/console#offers")
    await expect(page.get_by_test_id("panel-offers")).to_be_visible()
    rows = page.locator(f'[data-testid="table-offers"] tr[data-booking="{booking_id}"]')
    await expect(rows.first).to_be_visible()
    return rows


def _same(a: str, b: str) -> bool:
    return datetime.fromisoformat(a) == datetime.fromisoformat(b)


async def test_a_moved_session_keeps_its_interpreter_when_she_is_free(live_server, browser_context):
    with httpx.Client(base_url=live_server) as api:
        operator, senait = _token(api, OPERATOR), _token(api, SENAIT)
        first, later = _slots(api, operator, senait)[:2]
        booking = _book(api, operator, "0405553361", first["slot"])
        _accept(api, senait, booking["id"])

    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, live_server, OPERATOR)
    await choose_language(page, "en")
    await _find(page, "0405553361")
    coming = page.get_by_test_id(f"coming-{booking['id']}")
    await expect(coming).to_contain_text("Senait T. accepted")
    await _move(page, booking["id"], later["starts_at"])
    await expect(page.get_by_test_id("status")).to_contain_text(
        "The interpreter Senait T. keeps the session at the new time"
    )

    with httpx.Client(base_url=live_server) as api:
        now = api.get(f"/api/v1/bookings/{booking['id']}", headers=operator).json()
        assert now["interpreter_name"] == "Senait T." and _same(
            now["starts_at"], later["starts_at"]
        )
        mine = api.get("/api/v1/offers", headers=senait).json()
    assert [(o["booking_id"], o["status"]) for o in mine if o["booking_id"] == booking["id"]] == [
        (booking["id"], "accepted")
    ]

    # Her Offers tab: one row for the session, accepted, with what it is and for whom.
    await page.get_by_test_id("logout").click()
    await expect(page.get_by_test_id("login-email")).to_be_visible()
    rows = await _her_rows(page, live_server, booking["id"])
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("45 min")
    await expect(rows).to_contain_text("accepted")
    await expect(rows).not_to_contain_text("withdrawn")
    assert errors == []


async def test_a_session_moved_to_a_time_she_is_busy_is_offered_again(live_server, browser_context):
    with httpx.Client(base_url=live_server) as api:
        operator = _token(api, OPERATOR)
        senait = _token(api, SENAIT)
        hiwet = _second_interpreter(api)
        first, taken = _slots(api, operator, senait)[:2]
        booking = _book(api, operator, "0405553362", first["slot"])
        _accept(api, senait, booking["id"])
        busy = _book(api, operator, "0405553363", taken["slot"])
        _accept(api, senait, busy["id"])  # Senait is busy at that time now

    page = await browser_context.new_page()
    await log_in(page, live_server, OPERATOR)
    await choose_language(page, "en")
    await _find(page, "0405553362")
    await _move(page, booking["id"], taken["starts_at"])
    await expect(page.get_by_test_id("status")).to_contain_text(
        "The interpreter cannot come at the new time: the session is offered to interpreters again."
    )
    coming = page.get_by_test_id(f"coming-{booking['id']}")
    await expect(coming).to_contain_text("interpreter missing")

    with httpx.Client(base_url=live_server) as api:
        offered = [
            o
            for o in api.get("/api/v1/offers", headers=hiwet).json()
            if o["booking_id"] == booking["id"]
        ]
        lost = [
            o
            for o in api.get("/api/v1/offers", headers=senait).json()
            if o["booking_id"] == booking["id"]
        ]
    assert [o["status"] for o in offered] == ["open"]
    assert _same(offered[0]["starts_at"], taken["starts_at"])
    assert [o["status"] for o in lost] == ["withdrawn"]
