"""Issue 26's "done when", in real Chromium at 360 px: a Somali client on an installation that
imported a Somali language pack books by ear. Installation A (a demo server on a SQLite file
of its own) has the Somali booking path recorded and approved through its studio's API, as
test_client_by_ear_recorded does; `neuvo prompts keygen` and `neuvo prompts export --lang so`
(the command line, against A's database) write a signed pack. Installation B, a fresh demo
server on another file with no Somali recording, trusts A's key and runs `neuvo prompts
import` with NEUVO_PACK_IMPORT_APPROVED=true while it serves. A client on B then books hearing
every Somali question from B's /audio/so/ files (the places from the Finnish voice's), the
device's voice never speaking, and B's files are A's byte for byte."""

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.async_api import expect

from speech import library
from tests.e2e import studio
from tests.e2e.sound import booking_page, choose_municipality, recorder, start
from tests.e2e.test_client_by_ear_recorded import ADMIN, HEARD, SCREENS, _booked, _choose, _heard
from tests.test_packs_cli import _neuvo

PHONE = {"width": 360, "height": 740}
LANG = "so"
LICENCE = "CC-BY-4.0"  # the installations' stated licence (NEUVO_RECORDING_LICENCE's default)
# The questions up to the booking page's arrival; checking and cancelling are the recorded test's.
BOOKING = tuple(s for s in SCREENS if s not in ("sure", "cancelled", "cancelled_when"))


def _record(base: str) -> int:
    """A take of every Somali item the studio lists (prompts, clips, the demo's service
    names; a different tone each), sent under the stated licence, as the studio sends it, so
    that a pack may carry it; approved by a second person. Returns how many."""
    voice_email, approver_email, kinds = HEARD[LANG]
    with studio.bearer(base, ADMIN) as admin:
        studio.assign(admin, voice_email, LANG)
    studio.name_reviewer(base, approver_email, LANG)
    with studio.bearer(base, voice_email) as voice, studio.bearer(base, approver_email) as second:
        items = voice.get(f"/api/v1/speech/{LANG}/prompts").json()["items"]
        wanted = [i for i in items if i["kind"] in kinds and _booked(i) and _on_the_path(i)]

        def send(number: int, item: dict) -> None:
            take = voice.post(
                f"/api/v1/speech/{LANG}/{item['kind']}/{item['key']}",
                params={"licence": LICENCE},
                content=studio.tone_bytes(seconds=0.5, hertz=200.0 + 7 * number),
                headers={"Content-Type": "audio/wav"},
            )
            assert take.status_code == 201, (item, take.text)
            decided = second.post(f"/api/v1/speech/recordings/{take.json()['id']}/approve")
            assert decided.status_code == 200, decided.text

        for number, item in enumerate(wanted):  # one at a time: SQLite takes one writer
            send(number, item)
    return len(wanted)


def _on_the_path(item: dict) -> bool:
    """What a client must hear to book (``library.booking_path``): the booking screens'
    prompts, every clip, the names; the rest of the studio's prompts are not recorded here."""
    return item["kind"] != "prompt" or item["key"] in library.BOOKING_PROMPTS


def _manifest(base: str) -> dict:
    answer = httpx.get(f"{base}/audio/{LANG}/manifest.json")
    assert answer.status_code == 200, answer.text
    return answer.json()


def _ok(done) -> str:  # type: ignore[no-untyped-def]
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A's and B's base URLs: A recorded Somali and exported it; B imported A's pack."""
    folder = tmp_path_factory.mktemp("by-ear-pack")
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    a = studio.Server(folder / "a")
    servers = [a]
    try:
        with ThreadPoolExecutor(1) as pool:  # B starts while A records
            starting = pool.submit(studio.Server, folder / "b")
            try:
                recorded = _record(a.base)
            finally:
                servers.append(b := starting.result())
        key = folder / "a-pack-key.pem"
        made = _ok(_neuvo(a.env, "prompts", "keygen", str(key)))
        line = made.strip().splitlines()[-1]  # "<signer> <public key>": the receivers' line
        pack = folder / "so.zip"
        sender = {**a.env, "NEUVO_PACK_SIGNING_KEY_FILE": str(key)}
        exported = _ok(_neuvo(sender, "prompts", "export", "--lang", LANG, str(pack)))
        assert f"{LANG}: {recorded} recordings" in exported, exported

        before = _manifest(b.base)
        assert before["voice"] == "none" and not before["prompts"], before  # nothing Somali yet
        trusted = folder / "b-trusted-keys"
        trusted.write_text(line + "\n")
        receiver = {
            **b.env,
            "NEUVO_PACK_TRUSTED_KEYS_FILE": str(trusted),
            "NEUVO_PACK_IMPORT_APPROVED": "true",
        }
        imported = _ok(_neuvo(receiver, "prompts", "import", str(pack)))
        assert f"{LANG}: {recorded} approved" in imported, imported
        yield a.base, b.base
    finally:
        for server in servers:
            server.stop()


def _same_files(a: str, b: str, paths: list[str]) -> None:
    for path in paths:
        here, there = httpx.get(b + path), httpx.get(a + path)
        assert here.status_code == there.status_code == 200, path
        assert here.content == there.content, path


async def test_a_somali_client_books_by_ear_from_an_imported_pack(installations, browser_context):
    a, b = installations
    manifest = _manifest(b)
    assert manifest["voice"] == "recorded", manifest["voice"]
    sent = _manifest(a)
    for group in ("prompts", "clips", "services"):  # the same files, by content hash
        assert manifest[group] == sent[group], group
    phone = f"0401{secrets.randbelow(10**6):06d}"

    page = await browser_context.new_page()
    await page.set_viewport_size(PHONE)
    await page.add_init_script(recorder(voices=(LANG,)))  # so a missing file would be spoken
    await page.goto(b + "/")
    await start(page)
    await page.wait_for_function(
        "window.__played.some((p) => p.includes('/audio/en/p/choose_language.'))"
    )
    await page.evaluate("window.__played = []")  # from the first tap on, the client's language

    await _choose(page, f"language-{LANG}")
    await _heard(page, manifest["prompts"]["where_live"])
    await choose_municipality(page, "615")
    await _heard(page, manifest["prompts"]["what_help"])
    await page.locator('[data-slug="guidance"]').first.click()
    await page.locator('[data-testid="service-ok"]:visible').click()
    await _choose(page, "channel-video")
    proposal = page.get_by_test_id("proposal-slot")
    await expect(proposal).to_be_visible()
    starts = await proposal.get_attribute("data-slot-start")
    async with httpx.AsyncClient() as api:
        when = (await api.get(f"{b}/audio/{LANG}/say", params={"date": starts})).json()
        digits = (await api.get(f"{b}/audio/{LANG}/say", params={"digits": phone})).json()
        arrival = (
            await api.get(f"{b}/audio/{LANG}/say", params={"date": starts, "prompt": "when"})
        ).json()
    assert when["sequence"] and digits["sequence"] and arrival["sequence"], (when, digits)
    await _heard(page, when["sequence"][-1], manifest["prompts"]["time_ok"])
    await page.get_by_test_id("proposal-yes").click()

    await expect(page.get_by_test_id("keypad")).to_be_visible()
    for digit in phone:
        await page.get_by_test_id(f"key-{digit}").click()
    await page.get_by_test_id("read-back").click()
    await _heard(page, *digits["sequence"])
    await page.get_by_test_id("next").click()
    await expect(page.get_by_test_id("screen-confirm")).to_be_visible()
    await _heard(page, manifest["prompts"]["confirm"], digits["sequence"][-1])
    played = await page.evaluate("window.__played")
    spoken = await page.evaluate("window.__spoken")
    await page.get_by_test_id("book").click()
    await booking_page(page)
    await expect(page.get_by_test_id("booking-when")).to_be_visible()
    await _heard(page, *arrival["sequence"])  # "when", then the date, on arrival
    spoken += await page.evaluate("window.__spoken")
    played += await page.evaluate("window.__played")

    assert spoken == []  # the device's voice never spoke
    prompts = {url.split("/")[-1].split(".")[0] for url in played if f"/{LANG}/p/" in url}
    assert prompts >= set(BOOKING), sorted(set(BOOKING) - prompts)
    assert any(f"/{LANG}/s/" in url for url in played), played  # the service's name
    assert any("/audio/fi/m/615." in url for url in played), played  # the place, in Finnish
    assert all(f"/audio/{LANG}/" in url or "/audio/fi/m/" in url for url in played), played
    somali = sorted({httpx.URL(url).path for url in played if f"/audio/{LANG}/" in url})
    # Every Somali file heard is one B imported; a few of them fetched from both: the same bytes.
    assert set(somali) <= {
        httpx.URL(url).path
        for group in ("prompts", "clips", "services")
        for url in manifest[group].values()
    }, somali
    heard_service = next(path for path in somali if f"/{LANG}/s/" in path)
    _same_files(
        a,
        b,
        [
            httpx.URL(manifest["prompts"]["where_live"]).path,
            httpx.URL(manifest["prompts"]["confirm"]).path,
            heard_service,
            httpx.URL(digits["sequence"][0]).path,
        ],
    )
