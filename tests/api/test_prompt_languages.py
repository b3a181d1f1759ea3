"""Twenty-two languages have prompt texts; a fresh install (no recording yet) is heard in every
language espeak-ng has a voice for, and the studio marks machine-translated texts."""

import httpx

from core import languages
from speech import generate, library
from tests.api.conftest import World


async def test_a_fresh_install_is_heard_in_at_least_eighteen_languages(
    client: httpx.AsyncClient,
) -> None:
    heard: dict[str, int] = {}
    for code in languages.LANGUAGES:
        answer = await client.get(f"/audio/{code}/manifest.json")
        assert answer.status_code == 200, (code, answer.text)
        body = answer.json()
        if body["prompts"]:
            heard[code] = len(body["prompts"])
            assert body["voice"] == "generated", code
            assert body["clips"], code  # dates and numbers are heard too
    assert len(heard) >= 18, sorted(heard)
    assert set(heard) == set(generate.VOICES)  # Pashto, Somali, Tigrinya, Sorani: recorded
    for code, count in heard.items():
        assert count == len(library.prompt_texts(code)), code  # every prompt, not some


async def test_an_unknown_language_has_no_manifest(client: httpx.AsyncClient) -> None:
    assert (await client.get("/audio/xx/manifest.json")).status_code == 422


async def test_the_studio_marks_machine_translated_prompt_texts(
    client: httpx.AsyncClient, world: World
) -> None:
    page = await client.get("/api/v1/speech/et/prompts", headers=world.admin.headers)
    assert page.status_code == 200, page.text
    assert page.json()["machine_translated"] is True
    assert page.json()["voice"] == "et"
    page = await client.get("/api/v1/speech/ps/prompts", headers=world.admin.headers)
    assert page.json()["machine_translated"] is True and page.json()["voice"] is None
    page = await client.get("/api/v1/speech/fi/prompts", headers=world.admin.headers)
    assert page.json()["machine_translated"] is False
    coverage = (await client.get("/api/v1/speech/coverage", headers=world.admin.headers)).json()
    assert len(coverage["languages"]) == 22
    assert {"et", "fa", "kmr", "zh", "ps", "am"} <= set(coverage["machine_translated"])
    assert not {"fi", "sv", "en"} & set(coverage["machine_translated"])
