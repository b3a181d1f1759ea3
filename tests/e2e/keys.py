"""The console by keyboard, as a person who does not use a mouse: log in by typing, and move
the focus with Tab (or Shift+Tab) until it reaches an element, failing if it never does."""

from playwright.async_api import Locator, Page, expect

from scheduling import demo


async def log_in(page: Page, base: str, email: str, where: str = "/console") -> None:
    """Open the console and log in by typing: the e-mail field has the focus on arrival."""
    await page.goto(base + where)
    await expect(page.get_by_test_id("login-email")).to_be_focused()
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await page.keyboard.type(demo.DEMO_PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("user-name")).not_to_be_empty()
    await drawn(page)


async def drawn(page: Page) -> None:
    """Wait until the console's shown tab has drawn (and put the focus where its work starts)."""
    await expect(page.locator('[role="tabpanel"]:not([hidden]):not([aria-busy])')).to_have_count(1)


async def choose_language(page: Page, code: str) -> None:
    """Pick the console language in the header and wait for the console to draw again in it
    (the choice is saved first; choosing the language already shown draws it again too)."""
    before = await page.locator('[role="tabpanel"]:not([hidden])').element_handle()
    await page.get_by_test_id("console-language").select_option(code)
    await page.wait_for_function("(panel) => !panel.isConnected", arg=before)
    await expect(page.locator("html")).to_have_attribute("lang", code)
    await drawn(page)


async def tab_to(page: Page, target: Locator | str, back: bool = False, most: int = 80) -> None:
    """Press Tab (Shift+Tab when ``back``) until ``target`` has the focus: a locator, or a
    data-testid (any element that carries it, where several do)."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(most):
        if isinstance(target, str):
            here = await page.evaluate(f"document.activeElement?.dataset?.testid === {target!r}")
        else:
            here = await target.evaluate("(node) => node === document.activeElement")
        if here:
            return
        await page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")
