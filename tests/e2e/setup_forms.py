"""The console's setup forms (organisations, services, agreements) opened and refused, for the
Swedish walk and axe-core: ``check(where)`` is called at each state. Nothing is saved: every
refusal is the browser's or the server's before anything is written."""

from collections.abc import Awaitable, Callable

from playwright.async_api import Page, expect

Check = Callable[[str], Awaitable[None]]


async def _tab(page: Page, tab: str) -> None:
    await page.get_by_test_id(f"tab-{tab}").click()
    panel = page.get_by_test_id(f"panel-{tab}")
    await expect(panel).to_be_visible()
    await expect(panel).not_to_have_attribute("aria-busy", "true")
    await page.wait_for_load_state("networkidle")


async def open_setup_forms(page: Page, check: Check, *, platform: bool) -> None:
    """Open each setup form with its errors showing; ``platform``: the account is a platform
    admin (who has the add-organisation form)."""
    await _tab(page, "organisations")
    await page.get_by_test_id("organisation-edit").first.click()
    await expect(page.get_by_test_id("organisation-edit-form")).to_be_visible()
    phone = page.get_by_test_id("organisation-edit-phone")
    await phone.fill("12ab")
    await page.get_by_test_id("organisation-edit-submit").click()
    await expect(phone).to_have_attribute("aria-invalid", "true")
    await check("organisation edit form, phone refused")
    logo = page.get_by_test_id("organisation-logo-file")
    gif = {"name": "logo.gif", "mimeType": "image/gif", "buffer": b"GIF89a\x01\x00\x01\x00"}
    await logo.set_input_files(files=[gif])  # sent at once, refused: nothing is kept
    await expect(logo).to_have_attribute("aria-invalid", "true")
    await check("organisation edit form, logo refused")
    await page.get_by_test_id("organisation-edit-cancel").click()
    if platform:
        await page.get_by_test_id("organisation-new-submit").click()
        await expect(page.get_by_test_id("organisation-new-name")).to_have_attribute(
            "aria-invalid", "true"
        )
        await check("organisation add form, no name")

    await _tab(page, "services")
    await page.get_by_test_id("service-submit").click()
    await expect(page.get_by_test_id("service-slug")).to_have_attribute("aria-invalid", "true")
    await page.get_by_test_id("service-edit").first.click()
    edit = page.get_by_test_id("service-edit-form")
    await expect(edit).to_be_visible()
    await edit.get_by_test_id("service-edit-add-language").click()
    await edit.get_by_test_id("service-edit-reminders").fill("5")
    await edit.get_by_test_id("service-edit-submit").click()
    await expect(edit.get_by_test_id("service-edit-reminders")).to_have_attribute(
        "aria-invalid", "true"
    )
    await check("service add and edit forms, refused")
    await edit.get_by_test_id("service-edit-cancel").click()

    await _tab(page, "agreements")
    await page.get_by_test_id("agreement-to").fill("2000-01-01")
    await page.get_by_test_id("agreement-submit").click()
    await expect(page.get_by_test_id("agreement-to")).to_have_attribute("aria-invalid", "true")
    await page.get_by_test_id("agreement-edit").first.click()
    await expect(page.get_by_test_id("agreement-edit-form")).to_be_visible()
    await check("agreement add and edit forms, refused")
    await page.get_by_test_id("agreement-edit-cancel").click()
