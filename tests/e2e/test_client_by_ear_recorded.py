"""Issue 15's "done when", in real Chromium at 360 px: a client books, checks and cancels by
ear alone, every sound played from the server's files. Somali has no espeak-ng voice: the test
uploads (through the studio's API) a take of every prompt, clip and service name and a second
person approves each; Arabic and Finnish are heard from the committed generated files, names
included (the demo's services in both). A place's name is a Finnish word in any sentence:
every page says it from the Finnish voice's files, and the Somali and Arabic studios do not ask
for it. The device is said to have a voice of the language, so any sound missing a file would
be said by it, and caught."""

from collections.abc import Iterator

import httpx
import pytest
from playwright.async_api import expect

from scheduling import demo
from tests.e2e import studio
from tests.e2e.sound import booking_page, recorder, start

PHONE = {"width": 360, "height": 740}
# Layla A., admin of the interpreting organisation, gives its interpreters languages to record.
ADMIN = "interpreter.ar@demo.neuvo.fi"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[studio.Server]:
    running = studio.Server(tmp_path_factory.mktemp("by-ear"))
    try:
        yield running
    finally:
        running.stop()


NAMES = ("service",)
SCREENS = (
    "language_name", "what_help", "how_meet", "video", "where_live", "time_ok", "contact",
    "confirm", "when", "sure", "cancelled", "cancelled_when",
)  # fmt: skip
HEARD = {  # lang: (who records, who approves, what is recorded; the rest is generated)
    "so": ("interpreter.so@demo.neuvo.fi", ADMIN, ("prompt", "clip", *NAMES)),
    # The demo's service names are generated in Arabic; its places are Finnish words.
    "ar": (ADMIN, "peer.ar@demo.neuvo.fi", ()),
    "fi": (ADMIN, "peer.ar@demo.neuvo.fi", ()),
}
PLACES_GENERATED = ("fi", "sv")  # the languages whose voices say the municipalities' names


def _booked(item: dict) -> bool:
    """Of the municipalities only the demo's are recorded (the studio lists those served by
    an agreement, which are the demo's): the booking goes to one of those."""
    return item["kind"] != "municipality" or item["key"] in demo.MUNICIPALITY_CODES


def _record(base: str, lang: str) -> None:
    """A take of every item of ``lang`` the studio lists that has no generated file (a
    different tone for each, 0.5 s), uploaded as the studio uploads it and approved by a
    second person."""
    voice_email, approver_email, kinds = HEARD[lang]
    with studio.bearer(base, ADMIN) as admin:
        studio.assign(admin, voice_email, lang)
    studio.name_reviewer(base, approver_email, lang)  # the platform names who approves for all
    with studio.bearer(base, voice_email) as voice, studio.bearer(base, approver_email) as second:
        items = voice.get(f"/api/v1/speech/{lang}/prompts").json()["items"]
        for number, item in enumerate(i for i in items if i["kind"] in kinds and _booked(i)):
            wav = studio.tone_bytes(seconds=0.5, hertz=200.0 + 7 * number)
            take = voice.post(
                f"/api/v1/speech/{lang}/{item['kind']}/{item['key']}",
                content=wav,
                headers={"Content-Type": "audio/wav"},
            )
            assert take.status_code == 201, (item, take.text)
            decided = second.post(f"/api/v1/speech/recordings/{take.json()['id']}/approve")
            assert decided.status_code == 200, decided.text
        after = voice.get(f"/api/v1/speech/{lang}/prompts").json()["items"]
    heard = {(item["kind"], item["heard"]) for item in after}
    generated = ("prompt", "clip", "service", "municipality")
    # The studio lists the municipalities served (all of them recorded here), not all 308,
    # and their names only in Finnish and Swedish, the languages a place name is said in.
    assert heard == {(kind, "recorded") for kind in kinds} | {
        (kind, "generated")
        for kind in generated
        if kind not in kinds and (kind != "municipality" or lang in PLACES_GENERATED)
    }, heard


async def _choose(page, testid: str) -> None:
    """Tap once to hear, then the tick to choose."""
    await page.locator(f'[data-testid="{testid}"]:visible').first.click()
    await page.locator(f'[data-testid="{testid}-ok"]:visible').first.click()


async def _heard(page, *urls: str) -> None:
    """Wait until ``urls`` have started to play, in this order (others may come between)."""
    await page.wait_for_function(
        """(urls) => { let at = 0;
          for (const p of window.__played) if (at < urls.length && p.endsWith(urls[at])) at++;
          return at === urls.length; }""",
        arg=list(urls),
    )


async def _hears_the_heading(page, base: str, lang: str, prompt: str, starts: str) -> None:
    """Tap the heading's speaker: the server's sequence for the prompt framing the date is
    played, every file of it, in order."""
    async with httpx.AsyncClient() as api:
        said = (
            await api.get(f"{base}/audio/{lang}/say", params={"date": starts, "prompt": prompt})
        ).json()
    assert said["sequence"] and not said["missing"], said
    assert f"/audio/{lang}/p/{prompt}." in said["sequence"][0], said
    before = len(await page.evaluate("window.__played"))
    await page.get_by_test_id(f"speak-{prompt}").click()
    await page.wait_for_function(
        "([n, urls]) => urls.every((u, i) => (window.__played[n + i] || '').endsWith(u))",
        arg=[before, said["sequence"]],
    )


@pytest.mark.parametrize("lang", list(HEARD))
async def test_a_client_books_checks_and_cancels_hearing_only_the_servers_files(
    server, browser_context, lang
):
    _record(server.base, lang)
    phone = f"04012345{list(HEARD).index(lang):02d}"  # a client of their own per language
    async with httpx.AsyncClient() as api:
        manifest = (await api.get(f"{server.base}/audio/{lang}/manifest.json")).json()
    assert manifest["voice"] == ("recorded" if lang == "so" else "generated"), manifest["voice"]
    page = await browser_context.new_page()
    await page.set_viewport_size(PHONE)
    await page.add_init_script(recorder(voices=(lang,)))
    await page.goto(server.base + "/")
    await start(page)
    # The start says the language screen's question in the browser's language (English here);
    # from the first tap on a card on, everything is in the client's.
    await page.wait_for_function(
        "window.__played.some((p) => p.includes('/audio/en/p/choose_language.'))"
    )
    await page.evaluate("window.__played = []")

    await _choose(page, f"language-{lang}")
    await expect(page.get_by_test_id("screen-municipality")).to_be_visible()
    await page.wait_for_function(
        "(u) => window.__played.some((p) => p.endsWith(u))", arg=manifest["prompts"]["where_live"]
    )
    await _choose(page, "municipality-615")
    await expect(page.get_by_test_id("screen-services")).to_be_visible()
    await page.wait_for_function(
        "(u) => window.__played.some((p) => p.endsWith(u))", arg=manifest["prompts"]["what_help"]
    )
    await page.locator('[data-slug="guidance"]').first.click()
    await page.locator('[data-testid="service-ok"]:visible').click()
    await _choose(page, "channel-video")
    proposal = page.get_by_test_id("proposal-slot")
    await expect(proposal).to_be_visible()
    starts = await proposal.get_attribute("data-slot-start")
    async with httpx.AsyncClient() as api:
        when = (await api.get(f"{server.base}/audio/{lang}/say", params={"date": starts})).json()
        digits = (await api.get(f"{server.base}/audio/{lang}/say", params={"digits": phone})).json()
    assert when["sequence"] and digits["sequence"], (when, digits)
    await _heard(page, when["sequence"][-1], manifest["prompts"]["time_ok"])  # "… is it good?"
    await page.get_by_test_id("proposal-yes").click()

    await expect(page.get_by_test_id("keypad")).to_be_visible()
    for digit in phone:
        await page.get_by_test_id(f"key-{digit}").click()
    await page.get_by_test_id("read-back").click()
    await page.wait_for_function(
        "(u) => window.__played.some((p) => p.endsWith(u))", arg=digits["sequence"][-1]
    )
    await page.get_by_test_id("next").click()
    await expect(page.get_by_test_id("screen-confirm")).to_be_visible()
    # The summary read back: the question, service, way, time, and the number's digits.
    await _heard(page, manifest["prompts"]["confirm"], digits["sequence"][-1])
    # The booking page is another document, with a recorder of its own: keep this one's.
    played = await page.evaluate("window.__played")
    spoken = await page.evaluate("window.__spoken")
    await page.get_by_test_id("book").click()
    await booking_page(page)

    # Check: the booking page says when, from the files: the heading's words, then the date;
    # on arrival (sound was allowed in this tab already: no start control), and on its speaker.
    await expect(page.get_by_test_id("booking-when")).to_be_visible()
    async with httpx.AsyncClient() as api:
        arrival = (
            await api.get(
                f"{server.base}/audio/{lang}/say", params={"date": starts, "prompt": "when"}
            )
        ).json()
    await _heard(page, *arrival["sequence"])
    await _hears_the_heading(page, server.base, lang, "when", starts)
    await page.get_by_test_id("cancel").click()
    await page.wait_for_function(
        "(u) => window.__played.some((p) => p.endsWith(u))", arg=manifest["prompts"]["sure"]
    )
    await page.get_by_test_id("cancel-yes").click()
    await expect(page.get_by_test_id("booking-status")).to_have_attribute(
        "data-status", "cancelled"
    )
    await _hears_the_heading(page, server.base, lang, "cancelled_when", starts)

    spoken += await page.evaluate("window.__spoken")
    played += await page.evaluate("window.__played")
    assert spoken == []  # the device's voice never spoke
    # Every screen's question was heard, each choice before it was made, and the names.
    prompts = {url.split("/")[-1].split(".")[0] for url in played if f"/{lang}/p/" in url}
    assert prompts >= set(SCREENS), sorted(set(SCREENS) - prompts)
    assert any(f"/{lang}/s/" in url for url in played)
    assert any("/audio/fi/m/615." in url for url in played), played  # the place, in Finnish
    assert played and all(f"/audio/{lang}/" in url or "/audio/fi/m/" in url for url in played)
    for url in sorted(set(played)):
        assert studio.heard_seconds(server.base, url) > 0.3, url
