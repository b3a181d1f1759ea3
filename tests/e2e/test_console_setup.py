"""Setting an organisation up from the console, as a person would: the platform admin adds an
organisation with its phone number (a wrong one refused beside the field); its admin is told
the next step, adds a service with names in Finnish, Swedish and Arabic (the Arabic marked as
a machine translation), sees it "not bookable yet: no municipality" while clients are not
offered it, then gives it to two municipalities chosen from the list by keyboard, and clients
are offered it."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import httpx
import pytest
from PIL import Image
from playwright.async_api import expect

from scheduling import demo
from tests.e2e.conftest import demo_server
from tests.e2e.keys import log_in, tab_to
from tests.e2e.sound import serious_violations

PLATFORM = "admin@demo.neuvo.fi"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("setup") / "neuvo.db") as url:
        yield url


@contextmanager
def _api(base: str, email: str = PLATFORM) -> Iterator[httpx.Client]:
    """The API as ``email`` (the platform admin unless told)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        login = {"email": email, "password": demo.DEMO_PASSWORD}
        token = client.post("/api/v1/auth/tokens", json=login).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


async def test_the_platform_admin_adds_an_organisation_with_its_phone_number(base, browser_context):
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, base, PLATFORM, "/console#organisations")
    form = page.get_by_test_id("organisation-new-form")
    await form.get_by_test_id("organisation-new-name").fill("Kempeleen kunta")
    await form.get_by_test_id("organisation-new-name-fi").fill("Kempeleen kunta")
    await form.get_by_test_id("organisation-new-name-sv").fill("Kempele kommun")
    await form.get_by_test_id("organisation-new-municipality").select_option("244")
    await form.get_by_test_id("organisation-new-hours-fi").fill("ma–pe 9–15")
    phone = form.get_by_test_id("organisation-new-phone")
    await phone.fill("12ab")
    await form.get_by_test_id("organisation-new-submit").click()
    await expect(phone).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#organisation-new-phone-error")).to_have_text(
        "This is not a phone number."
    )
    await expect(phone).to_be_focused()
    assert await serious_violations(page) == []
    await phone.fill("040 123 4567")
    await page.keyboard.press("Enter")
    row = page.get_by_test_id("organisation-row").filter(has_text="Kempeleen kunta")
    await expect(row).to_contain_text("040 1234567")  # as it is dialled in Finland
    await expect(row).to_contain_text("ma–pe 9–15")
    await row.get_by_test_id("organisation-edit").click()
    logo = page.get_by_test_id("organisation-logo-file")
    png = {"name": "logo.png", "mimeType": "image/png", "buffer": _png(1200, 400)}
    await logo.set_input_files(files=[png])
    preview = page.get_by_test_id("organisation-logo-preview")
    await expect(preview).to_be_visible()
    assert await preview.evaluate("(img) => img.complete && img.naturalWidth") == 800
    await page.get_by_test_id("organisation-edit-cancel").click()
    with _api(base) as api:
        found = api.get("/api/v1/organisations").json()
    made = next(o for o in found if o["name"] == "Kempeleen kunta")
    assert made["phone"] == "+358401234567"
    assert made["names"] == {"fi": "Kempeleen kunta", "sv": "Kempele kommun"}
    assert made["opening_hours"] == {"fi": "ma–pe 9–15"}
    assert (made["kind"], made["municipality_code"]) == ("municipality", "244")
    assert made["phone_label"] == "040 1234567" and made["logo_updated_at"]
    assert errors == []


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 90, 160)).save(out, format="PNG")
    return out.getvalue()


async def test_an_admin_sets_up_a_service_and_gives_it_to_two_municipalities(base, browser_context):
    suffix = uuid4().hex[:6]  # a run again (a rerun) makes its own
    with _api(base) as api:
        answer = api.post(
            "/api/v1/organisations", json={"name": f"Yhdistys {suffix}", "kind": "ngo"}
        )
        assert answer.status_code == 201, answer.text
        org = answer.json()
        made = api.post(
            "/api/v1/staff",
            json={
                "email": f"admin.{suffix}@example.fi",
                "display_name": "Liisa L.",
                "roles": ["admin"],
                "password": demo.DEMO_PASSWORD,
                "organisation_id": org["id"],
            },
        )
        assert made.status_code == 201, made.text
    page = await browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, base, f"admin.{suffix}@example.fi")
    guide = page.get_by_test_id("next-step")
    await expect(guide).to_have_attribute("data-step", "service")
    await expect(guide).to_contain_text("Next step (1 of 4)")
    await guide.get_by_test_id("next-step-go").click()
    await expect(page.get_by_test_id("panel-services")).to_be_visible()

    form = page.get_by_test_id("service-form")
    await form.get_by_test_id("service-slug").fill(f"ohjaus-{suffix}")
    await form.get_by_test_id("service-name-fi").fill("Ohjaus ja neuvonta")
    await form.get_by_test_id("service-name-sv").fill("Vägledning och rådgivning")
    await form.get_by_test_id("service-duration").fill("45")
    await form.get_by_test_id("service-language-pick").select_option("ar")
    await form.get_by_test_id("service-add-language").click()
    arabic = form.get_by_test_id("service-name-ar")
    await expect(arabic).to_be_focused()
    await page.keyboard.type("الإرشاد والمشورة")
    await expect(form.get_by_test_id("service-machine-ar")).to_be_checked()
    await form.get_by_test_id("service-reminders").fill("1440, 5")  # 5 minutes is too soon
    await form.get_by_test_id("service-submit").click()
    await expect(page.locator("#service-reminders-error")).to_have_text(
        "Give at most three numbers 10–10080, separated by commas."
    )
    await form.get_by_test_id("service-reminders").fill("1440, 120")
    await form.get_by_test_id("service-submit").click()
    row = page.get_by_test_id("service-row").filter(has_text=f"ohjaus-{suffix}")
    await expect(row.get_by_test_id("service-bookable")).to_have_text(
        "not bookable yet: no municipality"
    )
    await expect(row.get_by_test_id("service-machine")).to_contain_text("Arabic")
    service_id = await row.get_attribute("data-id")
    async with httpx.AsyncClient(base_url=base) as public:
        offered = (await public.get("/api/v1/services")).json()
        assert service_id not in {s["id"] for s in offered}
        service = (await public.get(f"/api/v1/services/{service_id}")).json()
    assert service["names"]["ar"] == "الإرشاد والمشورة"
    assert service["machine_translated"] == ["ar"]
    assert service["reminder_minutes"] == [1440, 120]
    await page.get_by_test_id("tab-services").click()  # the guide is asked again
    await expect(guide).to_have_attribute("data-step", "agreement")

    # The agreement, by keyboard: two municipalities picked from the list by region.
    await guide.get_by_test_id("next-step-go").click()
    await expect(page.get_by_test_id("panel-agreements")).not_to_have_attribute("aria-busy", "true")
    await expect(page.get_by_test_id("agreement-services").locator("input").first).to_be_checked()
    places = page.get_by_test_id("agreement-municipalities")
    await tab_to(page, places)
    await page.keyboard.type("Kempele")  # a list box goes to the option typed
    await page.keyboard.press("Shift+ArrowDown")  # and takes the next one too: Kuusamo
    await expect(page.locator("#agreement-municipalities-chosen")).to_have_text(
        "Chosen: Kempele, Kuusamo"
    )
    await tab_to(page, "agreement-to")
    await page.keyboard.type("01012026")  # before it starts (the demo's today, December 2026)
    await page.keyboard.press("Enter")
    await expect(page.locator("#agreement-to-error")).to_have_text(
        "The end date is before the start date."
    )
    await expect(page.get_by_test_id("agreement-to")).to_be_focused()
    assert await serious_violations(page) == []
    await page.get_by_test_id("agreement-to").fill("")  # until further notice
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status")).to_have_text("Agreement added: Kempele, Kuusamo.")
    rows = page.get_by_test_id("agreement-row")
    await expect(rows).to_have_count(2)

    # Again for Kempele: it overlaps, and the refusal is said beside the municipalities.
    await places.select_option("244")
    await page.get_by_test_id("agreement-submit").click()
    await expect(page.locator("#agreement-municipalities-error")).to_have_text(
        "Another agreement already gives this service to Kempele on the same days."
    )
    await expect(rows).to_have_count(2)

    async with httpx.AsyncClient(base_url=base) as public:
        offered = {s["id"]: s for s in (await public.get("/api/v1/services")).json()}
    assert offered[service_id]["bookable"] is True
    await page.get_by_test_id("tab-services").click()
    await expect(guide).to_have_attribute("data-step", "staff")
    await expect(row.get_by_test_id("service-bookable")).to_have_text("yes")  # no reload needed
    assert errors == []
