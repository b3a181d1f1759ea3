"""Day one, from nothing: `neuvo migrate` and `neuvo create-admin` on an empty database (no demo,
nothing through the API or the database after that), then only the console and the client
page, as the people would:

- the platform admin adds an organisation with the phone number clients are given, and invites
  its admin by e-mail (a real SMTP server on loopback carries every e-mail);
- its admin, led by the console's next step, adds a service named in Finnish, Swedish and
  Arabic, an agreement giving it to two municipalities, and invites an advisor who speaks
  Arabic and an interpreter; each sets a password from the invitation e-mail;
- the advisor logs in and sets weekly hours;
- a client on a 360 px phone books that service in Arabic on the client page.

Once with the staff working in Finnish, once in Swedish, for a second organisation."""

import re
import subprocess
from collections.abc import Iterator
from uuid import uuid4

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.demo_db import sqlite_env
from tests.e2e.conftest import BIN, start_server, stop_server
from tests.e2e.keys import choose_language
from tests.e2e.sound import start
from tests.mailbox import Mailbox, link_in, smtp_server

PLATFORM = "verkosto.admin@example.fi"
PLATFORM_PASSWORD = "kolme-kuusta-ja-kaksi-koivua"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Mailbox]]:
    """An empty database brought up by the two commands a newcomer runs, a server on it whose
    e-mail goes to a local SMTP server, and that server's mailbox."""
    env = sqlite_env(tmp_path_factory.mktemp("day-one") / "neuvo.db")
    subprocess.run([str(BIN / "neuvo"), "migrate"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [
            str(BIN / "neuvo"),
            "create-admin",
            "--email", PLATFORM,
            "--name", "Verkoston ylläpitäjä",
            "--organisation", "Pohjois-Pohjanmaan kotoutumisverkosto",
            "--password", PLATFORM_PASSWORD,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert "/console" in made.stdout, made.stdout  # it says where to go
    with smtp_server() as mailbox:
        server, base = start_server(**env, SMTP_HOST="127.0.0.1", SMTP_PORT=str(mailbox.port))
        try:
            yield base, mailbox
        finally:
            stop_server(server)


async def _log_in(page: Page, base: str, email: str, password: str) -> None:
    await page.context.clear_cookies()  # whoever was logged in before is not
    await page.goto(base + "/console")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(password)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("user-name")).not_to_be_empty()


async def _set_password(page: Page, mailbox: Mailbox, email: str, password: str) -> None:
    """The invited person opens the link of her e-mail and sets her password."""
    await page.context.clear_cookies()
    await page.goto(link_in(mailbox.wait_for(email)))
    await page.get_by_test_id("new-password").fill(password)
    await page.get_by_test_id("new-password").press("Tab")
    await page.keyboard.type(password)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("to-console")).to_be_visible()  # saved: on to the console


async def _invite(page: Page, *, name: str, email: str, roles: list[str], lang: str,
                  speaks: str | None = None, organisation: str | None = None) -> None:  # fmt: skip
    await page.get_by_test_id("tab-staff").click()
    await page.get_by_test_id("staff-invite").click()
    form = page.get_by_test_id("staff-invite-form")
    if organisation:
        await form.get_by_test_id("staff-organisation").select_option(label=organisation)
    await form.get_by_test_id("staff-name").fill(name)
    await form.get_by_test_id("staff-email").fill(email)
    for box in await form.get_by_test_id("staff-roles").locator("input").all():
        want = await box.get_attribute("value") in roles
        if await box.is_checked() != want:
            await box.set_checked(want)
    if speaks:
        await form.get_by_test_id("staff-language").first.select_option(speaks)
    await form.get_by_test_id("staff-console-language").select_option(lang)
    await form.get_by_test_id("staff-invite-send").click()
    await expect(page.get_by_test_id("status")).to_contain_text(email)


async def weekday_hours(page: Page) -> None:
    """The logged-in advisor keeps weekly hours: every weekday, 9 to 15 (the Hours tab)."""
    await page.get_by_test_id("tab-hours").click()
    rules = page.get_by_test_id("rule-form")
    for weekday in range(5):
        await rules.get_by_test_id("rule-weekday").select_option(str(weekday))
        await rules.get_by_test_id("rule-starts").fill("09:00")
        await rules.get_by_test_id("rule-ends").fill("15:00")
        await rules.locator('button[type="submit"]').click()
        await expect(page.get_by_test_id("rule-row")).to_have_count(weekday + 1)


@pytest.mark.parametrize(
    ("lang", "organisation", "municipalities"),
    [
        ("fi", "Limingan kunta", ("425", "859")),  # Liminka, Tyrnävä
        ("sv", "Kronoby kommun", ("288", "599")),  # Kronoby, Pedersöre
    ],
)
async def test_a_new_installation_is_set_up_in_the_console_until_a_client_books(
    fresh, browser_context, lang, organisation, municipalities
) -> None:
    base, mailbox = fresh
    tag = uuid4().hex[:6]  # a rerun makes people of its own
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The platform admin adds the organisation, with the number clients are given.
    await _log_in(page, base, PLATFORM, PLATFORM_PASSWORD)
    await choose_language(page, lang)
    await page.get_by_test_id("tab-organisations").click()
    form = page.get_by_test_id("organisation-new-form")
    name = f"{organisation} {tag}"
    await form.get_by_test_id("organisation-new-name").fill(name)
    await form.get_by_test_id(f"organisation-new-name-{lang}").fill(name)
    await form.get_by_test_id("organisation-new-municipality").select_option(municipalities[0])
    await form.get_by_test_id("organisation-new-phone").fill("08 555 0199")
    await form.get_by_test_id("organisation-new-submit").click()
    await expect(page.get_by_test_id("organisation-row").filter(has_text=name)).to_contain_text(
        "08 5550199"  # as it is dialled in Finland
    )
    # ... and hands it to its admin by e-mail.
    admin = f"admin.{tag}@example.fi"
    await _invite(page, name="Anna Admin", email=admin, roles=["admin"], lang=lang,
                  organisation=name)  # fmt: skip
    await _set_password(page, mailbox, admin, f"aamu-{tag}-kahvi-ja-pulla")

    # The organisation's admin follows the next step: a service first.
    await _log_in(page, base, admin, f"aamu-{tag}-kahvi-ja-pulla")
    guide = page.get_by_test_id("next-step")
    await expect(guide).to_have_attribute("data-step", "service")
    await guide.get_by_test_id("next-step-go").click()
    form = page.get_by_test_id("service-form")
    await form.get_by_test_id("service-slug").fill(f"ohjaus-{tag}")
    await form.get_by_test_id("service-name-fi").fill("Ohjaus ja neuvonta")
    await form.get_by_test_id("service-name-sv").fill("Vägledning och rådgivning")
    await form.get_by_test_id("service-language-pick").select_option("ar")
    await form.get_by_test_id("service-add-language").click()
    await form.get_by_test_id("service-name-ar").fill("الإرشاد والمشورة")
    await form.get_by_test_id("service-duration").fill("45")
    await form.get_by_test_id("service-submit").click()
    service = page.get_by_test_id("service-row").filter(has_text=f"ohjaus-{tag}")
    await expect(service.get_by_test_id("service-bookable")).to_be_visible()
    service_id = await service.get_attribute("data-id")
    async with httpx.AsyncClient(base_url=base) as public:  # what the client page is offered
        assert service_id not in {s["id"] for s in (await public.get("/api/v1/services")).json()}

    # An agreement: the service is given to two municipalities, chosen from the list.
    await page.get_by_test_id("tab-services").click()  # the guide looks again
    await expect(guide).to_have_attribute("data-step", "agreement")
    await guide.get_by_test_id("next-step-go").click()
    await expect(page.get_by_test_id("panel-agreements")).not_to_have_attribute("aria-busy", "true")
    await page.get_by_test_id("agreement-municipalities").select_option(list(municipalities))
    await page.get_by_test_id("agreement-submit").click()
    await expect(page.get_by_test_id("agreement-row")).to_have_count(2)
    await page.get_by_test_id("tab-agreements").click()
    await expect(guide).to_have_attribute("data-step", "staff")

    # Staff: an advisor who speaks Arabic, and an interpreter; each sets a password.
    advisor, interpreter = f"neuvoja.{tag}@example.fi", f"tulkki.{tag}@example.fi"
    await _invite(page, name="Noor Neuvoja", email=advisor, roles=["advisor"], lang=lang,
                  speaks="ar")  # fmt: skip
    await _invite(page, name="Tarja Tulkki", email=interpreter, roles=["interpreter"], lang=lang,
                  speaks="ar")  # fmt: skip
    await _set_password(page, mailbox, interpreter, f"tulkin-{tag}-oma-salasana")
    await _set_password(page, mailbox, advisor, f"neuvojan-{tag}-oma-salasana")
    await _log_in(page, base, interpreter, f"tulkin-{tag}-oma-salasana")  # it works

    # The advisor keeps weekly hours: every weekday, 9 to 15, by phone and video.
    await _log_in(page, base, advisor, f"neuvojan-{tag}-oma-salasana")
    await weekday_hours(page)
    assert errors == []

    # A client on her phone books the service in Arabic.
    await page.context.clear_cookies()
    client = await browser_context.new_page()
    await client.set_viewport_size({"width": 360, "height": 740})
    client.on("pageerror", lambda error: errors.append(str(error)))
    await client.goto(base + "/")
    await start(client)
    for _ in range(2):  # once to hear it, once to choose it
        await client.get_by_test_id("language-ar").click()
    # Where she lives first: the places the agreement covers are among the likely ones.
    municipality = client.get_by_test_id(f"municipality-{municipalities[1]}")
    await expect(municipality).to_be_visible()
    for _ in range(2):
        await municipality.click()
    offered = client.locator(f'[data-testid="service"][data-slug="ohjaus-{tag}"]')
    for _ in range(2):
        await offered.click()
    for _ in range(2):
        await client.get_by_test_id("channel-phone").click()
    await client.get_by_test_id("all-times").click()
    slot = client.get_by_test_id("slot").first
    await expect(slot).to_be_visible()
    await slot.click()
    # A number of her own (a number's public bookings are capped, and the other run books too).
    await client.get_by_test_id("contact-phone").fill(f"040 777 {int(tag, 16) % 10_000:04d}")
    await client.locator("#next").click()
    await expect(client.get_by_test_id("screen-confirm")).to_be_visible()
    await client.get_by_test_id("book").click()
    await client.wait_for_url(re.compile(r"/b/[A-Za-z0-9_-]{40,}$"))
    async with httpx.AsyncClient() as api:
        booking = (await api.get(client.url, headers={"Accept": "application/json"})).json()
    assert booking["language"] == "ar" and booking["channel"] == "phone"
    assert booking["municipality_code"] == municipalities[1]
    assert booking["status"] == "confirmed"
    # The page says we will call her, from the organisation's number.
    await expect(client.get_by_test_id("we-call")).to_be_visible()
    assert "5550199" in re.sub(r"\D", "", await client.get_by_test_id("we-call").inner_text())
    assert errors == []
