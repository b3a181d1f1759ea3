"""What the client pages play, recorded in the browser: every HTMLMediaElement.play() (the
file it plays) and every speechSynthesis.speak (its words and voice). Headless Chromium has
no voices; a test may claim some with ``voices``."""

import json
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"


def recorder(voices: tuple[str, ...] = ()) -> str:
    return f"""
window.__played = [];
window.__spoken = [];
const originalPlay = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {{
  window.__played.push(this.currentSrc || this.src);
  return originalPlay.call(this);
}};
const claimed = {json.dumps(list(voices))}
  .map((lang) => ({{ lang, localService: true, name: lang }}));
if (claimed.length) {{
  // Claimed voices are plain objects, which a real utterance refuses: record a plain one.
  window.speechSynthesis.getVoices = () => claimed;
  window.SpeechSynthesisUtterance = class {{ constructor(text) {{ this.text = text; }} }};
}}
const originalSpeak = window.speechSynthesis.speak.bind(window.speechSynthesis);
window.speechSynthesis.speak = (said) => {{
  const lang = said.lang || (said.voice && said.voice.lang) || "";
  window.__spoken.push({{ text: said.text, lang }});
  if (!claimed.length) originalSpeak(said);
}};
"""


async def start(page, position: dict | None = None) -> None:
    """Tap the start control every client page opens under ("tap to listen": the tap that
    allows sound and plays the page's question), anywhere on it (``position``), and wait until
    it has given the page back."""
    control = page.get_by_test_id("start")
    await control.click(position=position)
    await control.wait_for(state="detached")


async def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    await page.add_script_tag(path=str(AXE))
    found = await page.evaluate("axe.run(document).then((r) => r.violations)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


async def booking_page(page) -> None:
    """After "Book" on the client page: wait for the booking page, or fail with what the
    client page said instead (a taken slot, a failed booking), not only with a timeout."""
    said = page.get_by_test_id("booking-error")
    for _ in range(300):
        if "/b/" in page.url:
            await page.wait_for_url("**/b/**")
            return
        if await said.count() and (await said.inner_text()).strip():
            raise AssertionError(f"the booking failed; the page says: {await said.inner_text()}")
        await page.wait_for_timeout(100)
    raise AssertionError("thirty seconds after Book, neither the booking page nor an error")


async def choose_municipality(page, code: str = "615") -> None:
    """On the client page's first question after the language (where the client lives): tap
    the municipality's card to hear it and again to choose it; one not among the likely places
    is found through "another place" and the search. The services screen follows."""
    await page.get_by_test_id("screen-municipality").wait_for()
    card = page.get_by_test_id(f"municipality-{code}")
    await page.locator("#municipality-list button.pick").first.wait_for()
    if not await card.is_visible():
        await page.get_by_test_id("another-place").click()
        await page.get_by_test_id("another-place").click()
        await page.get_by_test_id("municipality-search").fill(code)
    await card.click()
    await card.click()
    await page.get_by_test_id("screen-services").wait_for()
