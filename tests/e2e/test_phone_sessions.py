"""Phone sessions that work, in real Chromium on the demo: an operator books a Tigrinya phone
session with an interpreter, the interpreter accepts; the advisor's day view gives the
client's number as a tel: link and how the interpreter joins, records a call that went
unanswered and then one that reached the client; the client's page says "we will call you"
with the organisation's number, and plays it, with no video button."""

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.demo_slots import free_slots
from tests.e2e.keys import choose_language, log_in
from tests.e2e.sound import choose_municipality, recorder, serious_violations, start

HELSINKI = ZoneInfo("Europe/Helsinki")
CLIENT_PHONE = "+358405553361"
OULU_PHONE = demo.PHONES["oulu"]  # +35885550100, "08 5550100" as dialled


def _token(api: httpx.Client, email: str) -> dict[str, str]:
    answer = api.post("/api/v1/auth/tokens", json={"email": email, "password": demo.DEMO_PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _book_tigrinya_by_phone(base: str) -> dict:
    """What the operator does for a Tigrinya caller: record her, book the first phone slot
    with an interpreter; then Senait T. accepts the offer. Returns the booking, its client
    link and the advisor's e-mail."""
    with httpx.Client(base_url=base) as api:
        operator = _token(api, "oulu.operator@demo.neuvo.fi")
        client = api.post(
            "/api/v1/clients",
            json={
                "preferred_language": "ti",
                "phone": CLIENT_PHONE,
                "home_municipality_code": "564",
            },
            headers=operator,
        ).json()
        slots = free_slots(
            api, language="ti", channel="phone", municipality="564",
            organisation_municipality="564", headers=operator,
        )  # fmt: skip
        slot = next(s for s in slots if s["needs_interpreter"])
        made = api.post(
            "/api/v1/bookings",
            json={"slot": slot["slot"], "client_id": client["id"]},
            headers=operator,
        )
        assert made.status_code == 201, made.text
        booking = made.json()["booking"]
        interpreter = _token(api, "interpreter.ti@demo.neuvo.fi")
        offer = next(
            o
            for o in api.get("/api/v1/offers", headers=interpreter).json()
            if o["booking_id"] == booking["id"]
        )
        accepted = api.post(f"/api/v1/offers/{offer['id']}/accept", headers=interpreter)
        assert accepted.status_code == 200, accepted.text
        me = api.get("/api/v1/auth/me", headers=interpreter).json()["staff"]
        profile = api.get(f"/api/v1/staff/{me['id']}/interpreter-profile", headers=interpreter)
        assert profile.json()["phone"], profile.text  # the demo gives every interpreter one
        staff = api.get("/api/v1/staff", headers=operator).json()
        advisor = next(m for m in staff if m["id"] == booking["advisor_id"])
        return {
            "booking": booking,
            "link": made.json()["client_link"],
            "advisor": advisor["email"],
            "interpreter_phone": profile.json()["phone"],
        }


async def test_a_phone_session_is_called_from_the_day_view_and_the_client_is_told(
    live_server, browser_context
):
    made = _book_tigrinya_by_phone(live_server)
    booking = made["booking"]
    day = datetime.fromisoformat(booking["starts_at"]).astimezone(HELSINKI).date().isoformat()

    # The advisor's day: the client's number to call, and the interpreter to conference in.
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, live_server, made["advisor"])
    await choose_language(page, "en")
    await page.get_by_test_id("tab-sessions").click()
    await page.get_by_test_id("sessions-day").fill(day)
    await page.get_by_test_id("sessions-day").dispatch_event("change")
    row = page.get_by_test_id(f"session-{booking['id']}")
    await expect(row).to_be_visible()
    await expect(row).to_have_attribute("data-channel", "phone")
    tel = row.get_by_test_id(f"client-tel-{booking['id']}")
    await expect(tel).to_have_attribute("href", f"tel:{CLIENT_PHONE}")
    await expect(tel).to_have_text("040 5553361")
    joins = row.get_by_test_id(f"interpreter-joins-{booking['id']}")
    await expect(joins).to_have_attribute("data-joins", "phone")
    await expect(joins).to_contain_text("Senait T.")
    await expect(row.get_by_test_id(f"interpreter-tel-{booking['id']}")).to_have_attribute(
        "href", f"tel:{made['interpreter_phone']}"
    )
    await expect(row).to_contain_text("Guidance")  # the service

    # No answer, then reached: both kept, the unanswered try counted.
    await row.get_by_test_id(f"call-no_answer-{booking['id']}").click()
    await expect(page.get_by_test_id("status")).to_contain_text("Call recorded: No answer")
    row = page.get_by_test_id(f"session-{booking['id']}")
    await expect(row.get_by_test_id(f"unanswered-{booking['id']}")).to_have_attribute(
        "data-count", "1"
    )
    await row.get_by_test_id(f"call-reached-{booking['id']}").click()
    await expect(page.get_by_test_id("status")).to_contain_text("Call recorded: Reached")
    calls = page.get_by_test_id(f"calls-{booking['id']}").locator("li")
    await expect(calls).to_have_count(2)
    assert [await c.get_attribute("data-outcome") for c in await calls.all()] == [
        "no_answer",
        "reached",
    ]
    assert await serious_violations(page) == []
    # In Swedish, the same day in Swedish words.
    await choose_language(page, "sv")
    await page.get_by_test_id("sessions-day").fill(day)
    await page.get_by_test_id("sessions-day").dispatch_event("change")
    row = page.get_by_test_id(f"session-{booking['id']}")
    await expect(row).to_contain_text("Klientens nummer")
    await expect(row).to_contain_text("Svarade inte")
    await expect(row).to_contain_text("Tolken Senait T. deltar per telefon")
    assert errors == []

    # The client's page: "we will call you" from Oulu's number, no video button, and the
    # number read digit by digit (Tigrinya has no files: a device voice of Tigrinya says it).
    client = await browser_context.new_page()
    await client.add_init_script(recorder(voices=("ti-ER",)))
    await client.goto(made["link"])
    await start(client)
    we_call = client.get_by_test_id("we-call")
    await expect(we_call).to_be_visible()
    await expect(we_call).to_contain_text("ክንድውለልኩም ኢና")
    number = we_call.get_by_test_id("call-number")
    await expect(number).to_have_attribute("href", f"tel:{OULU_PHONE}")
    await expect(number).to_have_text("08 5550100")
    await expect(client.get_by_test_id("join-room")).to_be_hidden()
    await expect(client.get_by_test_id("room-opens")).to_be_hidden()
    await we_call.get_by_test_id("speak-call_from").click()
    await client.wait_for_function("window.__spoken.some((s) => s.text === '0 8 5 5 5 0 1 0 0')")
    spoken = await client.evaluate("window.__spoken")
    played = await client.evaluate("window.__played")
    # The words, then the digits (the arrival's "we will call you on …" may come first, when
    # its date arrived from the server after the tap that allowed sound).
    texts = [s["text"] for s in spoken]
    at = texts.index("ካብዚ ቁጽሪ እዚ ክንድውለልኩም ኢና፦")
    assert texts[at + 1] == "0 8 5 5 5 0 1 0 0", spoken
    assert all(s["lang"].startswith("ti") for s in spoken) and played == []


def _book_finnish_by_phone(base: str) -> tuple[str, list[str]]:
    """A Finnish client books a phone session; returns the client link and the files that
    say "we call from this number:" and the organisation's number, digit by digit."""
    with httpx.Client(base_url=base) as api:
        slot = free_slots(api, language="fi", channel="phone")[0]
        made = api.post(
            "/api/v1/bookings",
            json={
                "slot": slot["slot"],
                "client": {"preferred_language": "fi", "phone": "0405553362"},
            },
        )
        assert made.status_code == 201, made.text
        link = made.json()["client_link"]
        view = api.get(link, headers={"Accept": "application/json"}).json()
        files = api.get("/audio/fi/manifest.json").json()
        digits = api.get(
            "/audio/fi/say", params={"digits": view["organisation_phone_label"]}
        ).json()
    return link, [files["prompts"]["call_from"], *digits["sequence"]]


async def test_a_finnish_phone_booking_plays_we_call_and_the_number_from_files(
    live_server, browser_context
):
    """Finnish has generated files: the words and every digit are the server's files."""
    link, wanted = _book_finnish_by_phone(live_server)
    page = await browser_context.new_page()
    await page.add_init_script(recorder())
    await page.goto(link)
    await start(page)
    we_call = page.get_by_test_id("we-call")
    await expect(we_call).to_contain_text("Soitamme sinulle")
    await expect(page.get_by_test_id("join-room")).to_be_hidden()
    await we_call.get_by_test_id("speak-call_from").click()
    # The arrival's "we will call you on …" may play first (its date came after the tap).
    script = """(w) => { const p = window.__played;
      const at = p.findLastIndex((u) => u.endsWith(w[0]));
      return at >= 0 && p.length >= at + w.length; }"""
    await page.wait_for_function(script, arg=wanted, timeout=30_000)
    played = await page.evaluate("window.__played")
    at = max(i for i, url in enumerate(played) if url.endswith(wanted[0]))
    assert [url.split("/audio/", 1)[1] for url in played[at : at + len(wanted)]] == [
        w.split("/audio/", 1)[1] for w in wanted
    ], played
    assert await page.evaluate("window.__spoken") == []


async def test_a_wrong_address_gives_the_number_of_the_organisation_last_chosen(
    live_server, browser_context
):
    """A dead end has a way out: the client chose a guidance service on this device, then
    opens a wrong link; the page gives its organisation's number as a tel: link and plays it
    (Finnish: the words and each digit from the server's files)."""
    async with httpx.AsyncClient(base_url=live_server) as api:
        services = (await api.get("/api/v1/services")).json()
    first = next(s for s in services if s["slug"] == "guidance")  # the first card of its kind
    page = await browser_context.new_page()
    await page.add_init_script(recorder(voices=("fi-FI",)))
    await page.goto(live_server + "/")
    await start(page)
    await page.get_by_test_id("language-fi").click()
    await page.get_by_test_id("language-fi-ok").click()
    await choose_municipality(page, "564")
    await page.locator('[data-slug="guidance"]').first.click()
    await page.locator('[data-testid="service-ok"]:visible').click()
    await expect(page.get_by_test_id("channel-video")).to_be_visible()
    await page.goto(live_server + "/b/not-a-link-at-all")
    number = page.get_by_test_id("call-number")
    await expect(number).to_have_attribute("href", f"tel:{first['organisation_phone']}")
    await expect(number).to_have_text(first["organisation_phone_label"])
    await page.get_by_test_id("speak-our_number").click()
    # "Our phone number:" and then each digit, from files (the page's arrival, "this link is
    # wrong … call us …", may play first or after: it ends with the number too).
    digits = [c for c in first["organisation_phone_label"] if c.isdigit()]
    script = """(n) => { const p = window.__played;
      const at = p.findLastIndex((u) => u.includes("/p/our_number."));
      return at >= 0 && p.length >= at + 1 + n; }"""
    await page.wait_for_function(script, arg=len(digits), timeout=30_000)
    played = await page.evaluate("window.__played")
    at = max(i for i, url in enumerate(played) if "/p/our_number." in url)
    said = [url.split("/c/", 1)[1].split(".")[0] for url in played[at + 1 : at + 1 + len(digits)]]
    assert said == [f"n{d}" for d in digits], played
    assert await page.evaluate("window.__spoken") == []
