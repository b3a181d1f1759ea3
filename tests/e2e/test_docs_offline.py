"""/docs and /redoc render with every request staying on this machine (no CDN)."""

from urllib.parse import urlsplit

import pytest
from playwright.async_api import expect


@pytest.mark.parametrize(
    ("path", "rendered"), [("/docs", ".swagger-ui .info"), ("/redoc", "redoc-wrap, .redoc-wrap")]
)
async def test_the_api_docs_render_offline(live_server, browser_context, path, rendered):
    page = await browser_context.new_page()
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    await page.goto(live_server + path)
    await expect(page.locator(rendered).first).to_be_visible(timeout=20_000)
    await expect(page.get_by_text("Neuvo").first).to_be_visible()
    await page.wait_for_load_state("networkidle")
    assert set(hosts) - {""} == {urlsplit(live_server).netloc}, hosts  # "": data: addresses
